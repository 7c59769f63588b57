// What the process-based providers share: run the program through the injected runner, turn every
// way it can fail into a TtsError, read the WAV it wrote with the tolerant reader, and bring it to
// 8 kHz.

import { WavError, wavToPcm8k } from '../player/index.ts';
import { TtsError } from './errors.ts';
import { spawnRunner, type ProcessRunner, type RunResult } from './process.ts';
import type { TtsEngineInfo } from './provider.ts';

export interface EngineSpec {
  /** Provider name, e.g. 'espeak-ng'. */
  readonly provider: string;
  /** The program to run (a name on PATH or a path). */
  readonly command: string;
  /** How to install it, for the not-found message: 'apt-get install espeak-ng'. */
  readonly install: string;
  readonly runner: ProcessRunner;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
}

/** Defaults: 20 s to synthesize (a 4096-character text takes espeak-ng about 1 s), 64 MiB of WAV. */
export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Options every process-based provider takes (the program, a test runner, limits). */
export interface EngineOptions {
  command?: string;
  runner?: ProcessRunner;
  timeoutMs?: number;
  maxOutputBytes?: number;
}

/** The spec of a provider's program, with the defaults filled in. */
export function engineSpec(provider: string, install: string, options: EngineOptions): EngineSpec {
  return {
    provider,
    command: options.command ?? provider,
    install,
    runner: options.runner ?? spawnRunner,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
  };
}

function notFound(spec: EngineSpec, err: NodeJS.ErrnoException): TtsError {
  const where = spec.command === spec.provider ? '' : ` (command "${spec.command}")`;
  const what = err.code === 'EACCES' ? 'is not executable' : 'not found';
  return new TtsError('ERR_TTS_ENGINE_NOT_FOUND', spec.provider, `${spec.provider}${where} ${what}: ${spec.install}`, { cause: err });
}

/** Runs the engine; every failure to start becomes a TtsError. */
export async function runEngine(spec: EngineSpec, args: readonly string[], stdin?: string): Promise<RunResult> {
  try {
    return await spec.runner(spec.command, args, { stdin, timeoutMs: spec.timeoutMs, maxOutputBytes: spec.maxOutputBytes });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'ENOTDIR') throw notFound(spec, e);
    throw new TtsError('ERR_TTS_ENGINE_FAILED', spec.provider, `${spec.provider} could not be started: ${e.message}`, { cause: err });
  }
}

export function firstLine(s: string): string {
  return s.trim().split('\n')[0]?.slice(0, 200) ?? '';
}

/** Throws the TtsError for a run that timed out, overflowed or exited unsuccessfully. */
export function assertRanWell(spec: EngineSpec, r: RunResult): void {
  if (r.timedOut) throw new TtsError('ERR_TTS_TIMEOUT', spec.provider, `${spec.provider} did not finish within ${spec.timeoutMs} ms`);
  if (r.overflow) throw new TtsError('ERR_TTS_BAD_OUTPUT', spec.provider, `${spec.provider} wrote more than ${spec.maxOutputBytes} bytes`);
  if (r.exitCode !== 0) {
    const how = r.signal ? `was killed by ${r.signal}` : `exited with ${r.exitCode}`;
    const detail = firstLine(r.stderr);
    throw new TtsError('ERR_TTS_ENGINE_FAILED', spec.provider, `${spec.provider} ${how}${detail ? `: ${detail}` : ''}`);
  }
}

/** WAV bytes from the engine → 8 kHz mono PCM; unreadable audio is ERR_TTS_BAD_OUTPUT. */
export function decodeOutput(spec: EngineSpec, wav: Uint8Array): Int16Array {
  try {
    return wavToPcm8k(wav);
  } catch (err) {
    if (err instanceof WavError) throw new TtsError('ERR_TTS_BAD_OUTPUT', spec.provider, `${spec.provider} output is not usable audio: ${err.reason}`, { cause: err });
    throw err;
  }
}

/** Runs an engine that writes WAV to stdout and returns it as 8 kHz mono PCM. */
export async function synthesizeStdout(spec: EngineSpec, args: readonly string[], stdin?: string): Promise<Int16Array> {
  const r = await runEngine(spec, args, stdin);
  assertRanWell(spec, r);
  return decodeOutput(spec, r.stdout);
}

/** Runs the version command and picks the version line out of stdout/stderr with `pattern`. */
export async function engineInfo(spec: EngineSpec, args: readonly string[], pattern: RegExp): Promise<TtsEngineInfo> {
  const r = await runEngine(spec, args);
  const text = `${new TextDecoder().decode(r.stdout)}\n${r.stderr}`;
  const m = pattern.exec(text);
  if (!m || r.timedOut) throw new TtsError('ERR_TTS_ENGINE_FAILED', spec.provider, `"${spec.command} ${args.join(' ')}" did not print a ${spec.provider} version: ${firstLine(text) || '(no output)'}`);
  return { provider: spec.provider, command: spec.command, version: (m[1] ?? m[0]).trim() };
}
