// The messages between the pool (main thread) and a worker thread. Requests carry a MediaControl
// command as `{ id, method, args }`; the worker answers each with `{ id, ok, value }` or
// `{ id, ok: false, error }`, and posts `{ event }`, `{ load }` and, once, `{ ready }` on its own.
// Errors cross as plain data and are revived on this side: a MediaCommandError keeps its class
// and code. Everything here survives structured cloning.

import { MediaCommandError, type MediaCommand, type MediaControl, type MediaEvent, type MediaLoad } from '../host/index.ts';
import type { TtsProviderName } from '../tts/index.ts';
import type { PortSlice } from './slices.ts';

export type CommandArgs<M extends MediaCommand> = Parameters<MediaControl[M]>;
export type CommandValue<M extends MediaCommand> = Awaited<ReturnType<MediaControl[M]>>;

/** One MediaControl command, typed per method. */
export type CommandRequest = { [M in MediaCommand]: { id: number; method: M; args: CommandArgs<M> } }[MediaCommand];

/**
 * Hidden commands. `__shutdown`: destroy every endpoint (finalizing recordings), then answer; the
 * pool then ends the thread. `__crash`: `process.exit(1)` inside the thread; `__throw`: an uncaught
 * exception in the thread. Neither answers: tests and operators use them through
 * `MediaPool.kill(id, 'exit' | 'throw')` to exercise the crash path.
 */
export type ControlRequest =
  | { id: number; method: '__shutdown'; args: [] }
  | { id: number; method: '__crash'; args: [] }
  | { id: number; method: '__throw'; args: [] };

export type WorkerRequest = CommandRequest | ControlRequest;

export interface SerializedError {
  name: string;
  code: string;
  message: string;
  stack?: string;
}

export type WorkerReply =
  | { id: number; ok: true; value: CommandValue<MediaCommand> }
  | { id: number; ok: false; error: SerializedError };

export type WorkerMessage =
  | WorkerReply
  | { event: MediaEvent }
  | { load: MediaLoad }
  /** Posted once the worker's MediaHost is built; `threadId` is the worker's, `tid` its OS thread id (Linux). */
  | { ready: { threadId: number; tid: number | undefined } };

/** What a worker is started with (its `workerData`). */
export interface WorkerConfig {
  workerId: number;
  host: string;
  slice: PortSlice;
  recordingsDir: string;
  tts: TtsProviderName;
  loadIntervalMs: number;
  inactivitySec?: number;
}

const COMMANDS: ReadonlySet<string> = new Set<MediaCommand | ControlRequest['method']>([
  'createEndpoint', 'answer', 'offer', 'accept', 'play', 'stopPlay', 'record', 'stopRecord', 'sendDigits', 'listen', 'stopListen',
  'bridge', 'unbridge', 'joinMix', 'leaveMix', 'destroy', '__shutdown', '__crash', '__throw',
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A request from the pool (the worker's inbound check). */
export function isWorkerRequest(v: unknown): v is WorkerRequest {
  return isObject(v) && typeof v['id'] === 'number' && typeof v['method'] === 'string' && COMMANDS.has(v['method']) && Array.isArray(v['args']);
}

/** A message from a worker (the pool's inbound check). */
export function isWorkerMessage(v: unknown): v is WorkerMessage {
  if (!isObject(v)) return false;
  if (typeof v['id'] === 'number') return v['ok'] === true || (v['ok'] === false && isObject(v['error']));
  return isObject(v['event']) || isObject(v['load']) || isObject(v['ready']);
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { name: e.name, code: typeof code === 'string' ? code : 'internal', message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  }
  return { name: 'Error', code: 'internal', message: String(e) };
}

/** Revives an error from a worker: a MediaCommandError as one (same code); anything else as an Error with name and code. */
export function reviveError(s: SerializedError): Error {
  if (s.name === 'MediaCommandError') return new MediaCommandError(s.code, s.message);
  const e = new Error(s.message) as Error & { code: string };
  e.name = s.name;
  e.code = s.code;
  if (s.stack) e.stack = `${s.stack}\n    at (media worker thread)`;
  return e;
}
