// What MediaPool.start takes, what it reports about its workers, and its events.

import { join } from 'node:path';
import type { MediaEvent, MediaLoad } from '../host/index.ts';
import type { TtsProviderName } from '../tts/index.ts';
import type { PortSlice } from './slices.ts';

/** The log calls the pool makes; pino's Logger fits (the composition root passes it). */
export interface PoolLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface MediaPoolOptions {
  /** Workers started now. */
  workers: number;
  /**
   * Slots the port range is split into (default `workers`): the most workers that can run at once.
   * `add()` needs a free slot, so set this above `workers` to leave room to grow.
   */
  maxWorkers?: number;
  /** The RTP port range all workers share, each its own slice. */
  portMin: number;
  portMax: number;
  /** Address the RTP sockets bind to and the SDP announces. */
  host: string;
  /** Recordings go to `<dataDir>/recordings` … */
  dataDir?: string;
  /** … or here. One of the two is required. */
  recordingsDir?: string;
  tts: TtsProviderName;
  /** How often each worker reports its load (default 5000 ms). */
  loadIntervalMs?: number;
  /** Seconds without RTP before 'rtp-inactive' (the host's default 30). */
  inactivitySec?: number;
  logger?: PoolLogger;
  /** How long a worker may take to start (default 30 s). */
  startTimeoutMs?: number;
  /** How long a stopping worker may take to destroy its endpoints before it is terminated (default 10 s). */
  stopGraceMs?: number;
}

export type WorkerStatus = 'starting' | 'ready' | 'draining' | 'stopping';

export interface WorkerInfo {
  id: number;
  slice: PortSlice;
  status: WorkerStatus;
  /** Endpoints on it (created and not destroyed). */
  endpoints: number;
  draining: boolean;
  /** The last load it reported, if any yet. */
  load: MediaLoad | undefined;
  /** The crashed worker whose slice it took over. */
  replaces?: number;
  /** OS thread id (Linux). */
  tid?: number;
}

export interface WorkerExit {
  workerId: number;
  code: number;
  /** Endpoints it still held: each was reported as 'endpoint-lost'. */
  endpointsLost: number;
  /** A replacement is being started on the same slice (a crash, not a drain or close). */
  replaced: boolean;
  /** What the thread threw, for a crash by uncaught error. */
  error?: string;
}

export type MediaPoolEvents = {
  load: [{ workerId: number; load: MediaLoad }];
  'worker-start': [WorkerInfo];
  'worker-exit': [WorkerExit];
  /** Every MediaEvent of every worker, and the pool's own 'endpoint-lost'. */
  event: [MediaEvent];
};

export interface ResolvedPoolOptions {
  workers: number;
  maxWorkers: number;
  portMin: number;
  portMax: number;
  host: string;
  recordingsDir: string;
  tts: TtsProviderName;
  loadIntervalMs: number;
  inactivitySec: number | undefined;
  logger: PoolLogger;
  startTimeoutMs: number;
  stopGraceMs: number;
}

const silent: PoolLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Defaults applied, every problem reported at once (RangeError). */
export function resolvePoolOptions(o: MediaPoolOptions): ResolvedPoolOptions {
  const problems: string[] = [];
  const maxWorkers = o.maxWorkers ?? o.workers;
  if (!Number.isInteger(o.workers) || o.workers < 1) problems.push(`workers must be a whole number ≥ 1 (got ${o.workers})`);
  if (!Number.isInteger(maxWorkers) || maxWorkers < o.workers) problems.push(`maxWorkers (${maxWorkers}) must be a whole number ≥ workers (${o.workers})`);
  const recordingsDir = o.recordingsDir ?? (o.dataDir !== undefined ? join(o.dataDir, 'recordings') : undefined);
  if (recordingsDir === undefined) problems.push('recordingsDir or dataDir is required');
  const loadIntervalMs = o.loadIntervalMs ?? 5000;
  if (!(loadIntervalMs > 0)) problems.push(`loadIntervalMs must be > 0 (got ${loadIntervalMs})`);
  if (problems.length || recordingsDir === undefined) throw new RangeError(`MediaPool: ${problems.join('; ')}`);
  return {
    workers: o.workers, maxWorkers, portMin: o.portMin, portMax: o.portMax, host: o.host, recordingsDir, tts: o.tts, loadIntervalMs,
    inactivitySec: o.inactivitySec, logger: o.logger ?? silent, startTimeoutMs: o.startTimeoutMs ?? 30_000, stopGraceMs: o.stopGraceMs ?? 10_000,
  };
}
