// Where recordings go: one interface, a local-disk and an in-memory implementation, one contract
// suite (storage.contract.ts). A writer takes interleaved 16-bit frames as they are recorded and
// is finalized once, optionally cut to the frames worth keeping (trailing-silence trim).

import type { Readable } from 'node:stream';
import { RecorderError } from './errors.ts';

export type RecordingEncoding = 'pcm16';

export interface RecordingFormat {
  sampleRate: number;
  channels: 1 | 2;
  encoding: RecordingEncoding;
}

export interface FinalizeOptions {
  /** Keep only the first this-many frames (trailing-silence trim); default all written. */
  keepFrames?: number;
}

/** What a finalized recording is. */
export interface RecordingFile {
  id: string;
  /** Size of the stored file (header included). */
  bytes: number;
  frames: number;
  durationSec: number;
  /** Where it lies, for storages that have paths. */
  path?: string;
}

export interface RecordingWriter {
  readonly id: string;
  readonly format: Readonly<RecordingFormat>;
  /** Frames accepted so far (a frame is one sample per channel). */
  readonly frames: number;
  /**
   * Appends interleaved samples (channel 1 first); length must be a multiple of the channel count.
   * Never blocks: storage errors surface at flush() or finalize(). Throws ERR_RECORDING_CLOSED after
   * finalize()/abort().
   */
  write(samples: Int16Array): void;
  /** Resolves when everything written so far is in the stored file and its header describes it. */
  flush(): Promise<void>;
  /** Ends the recording; later calls return the same promise. */
  finalize(options?: FinalizeOptions): Promise<RecordingFile>;
  /** Drops the recording (nothing stays stored). A no-op once finalized. */
  abort(): Promise<void>;
}

export type FinalizeAllEntry = { id: string; ok: true; file: RecordingFile } | { id: string; ok: false; error: Error };

export interface RecordingStorage {
  create(id: string, format: RecordingFormat): Promise<RecordingWriter>;
  /** The stored WAV as a stream; ERR_RECORDING_NOT_FOUND when absent. */
  open(id: string): Promise<Readable>;
  /** True when something was deleted. */
  delete(id: string): Promise<boolean>;
  /** True from create() until delete() or abort(). */
  exists(id: string): Promise<boolean>;
  /** Finalizes every writer still open (untrimmed), for shutdown. */
  finalizeAll(): Promise<FinalizeAllEntry[]>;
}

const ID_RE = /^[A-Za-z0-9_-]{1,128}$/;

/** Ids become file names, so they are restricted to [A-Za-z0-9_-]{1,128} (a Twilio RE… SID fits). */
export function checkRecordingId(id: string): void {
  if (!ID_RE.test(id)) throw new RecorderError('ERR_RECORDING_ID', `recording id ${JSON.stringify(id).slice(0, 60)} is not 1-128 of [A-Za-z0-9_-]`);
}

export function checkRecordingFormat(format: RecordingFormat): void {
  if (format.encoding !== 'pcm16') throw new RecorderError('ERR_RECORDER_OPTIONS', `encoding ${String(format.encoding)} is not supported (pcm16)`);
  if (format.channels !== 1 && format.channels !== 2) throw new RecorderError('ERR_RECORDER_OPTIONS', `channels ${String(format.channels)} is not 1 or 2`);
  if (!Number.isInteger(format.sampleRate) || format.sampleRate < 1 || format.sampleRate > 192000) {
    throw new RecorderError('ERR_RECORDER_OPTIONS', `sample rate ${format.sampleRate} is out of range`);
  }
}

/** Reads a whole stored recording into memory. */
export async function readRecording(storage: RecordingStorage, id: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.open(id)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export interface FinalizeAllReport {
  finalized: RecordingFile[];
  failed: Array<{ id: string; error: Error }>;
  /** True when `timeoutMs` passed first; writers still finishing keep the data of their last flush. */
  timedOut: boolean;
}

/**
 * For the platform's shutdown path (SIGTERM handler, `serve` teardown): finalizes every open writer
 * of the given storages, so headers and sizes are final and the data is fsynced. Installs no
 * signal handlers itself; the composition root decides when the process is going down.
 */
export async function finalizeAllOnExit(storages: Iterable<RecordingStorage>, options: { timeoutMs?: number } = {}): Promise<FinalizeAllReport> {
  const report: FinalizeAllReport = { finalized: [], failed: [], timedOut: false };
  const all = Promise.all(
    [...storages].map(async (s) => {
      try {
        for (const e of await s.finalizeAll()) {
          if (e.ok) report.finalized.push(e.file);
          else report.failed.push({ id: e.id, error: e.error });
        }
      } catch (e) {
        report.failed.push({ id: '*', error: e instanceof Error ? e : new Error(String(e)) });
      }
    }),
  );
  const timeoutMs = options.timeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    report.timedOut = (await Promise.race([all, timeout])) === 'timeout';
  } finally {
    clearTimeout(timer);
  }
  return report;
}
