// RecordingStorage on local disk: one `<id>.wav` per recording (16-bit PCM, 1 or 2 channels),
// written incrementally so the file is a valid WAV at every moment:
//   create   → the 44-byte header with sizes 0
//   write    → samples gather in memory; every `flushEveryMs` of audio (default 1 s) they are
//              appended and the header is rewritten in place with the new RIFF/data sizes
//   finalize → last append, truncate to `keepFrames` (trailing-silence trim), header, fsync, close
// A process killed mid-way leaves a file whose header describes every sample up to its last flush
// (at most `flushEveryMs` of audio is lost; samples appended after it sit beyond the data chunk
// until recover() adopts them). Flush cadence is counted in audio, not wall time: no timers.

import { channel } from 'node:diagnostics_channel';
import { mkdir, open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { RecorderError } from './errors.ts';
import {
  checkRecordingFormat, checkRecordingId,
  type FinalizeAllEntry, type FinalizeOptions, type RecordingFile, type RecordingFormat, type RecordingStorage, type RecordingWriter,
} from './storage.ts';
import { WAV_HEADER_BYTES, WAV_MAX_DATA_BYTES, parseWavHeader, pcmBytes, wavHeader } from './wav.ts';

/** diagnostics_channel on which each completed flush is published as {@link RecordingFlushMessage}. */
export const RECORDING_FLUSH_CHANNEL = 'switchboard:media:recording:flush';

export interface RecordingFlushMessage {
  id: string;
  /** Frames the header now describes. */
  frames: number;
  dataBytes: number;
}

const flushChannel = channel(RECORDING_FLUSH_CHANNEL);

export interface LocalRecordingStorageOptions {
  /** Append and rewrite the header every this many ms of audio (default 1000). */
  flushEveryMs?: number;
  /** fsync at finalize and recover (default true). */
  fsync?: boolean;
}

function code(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

const ioError = (what: string, cause: unknown) => new RecorderError('ERR_RECORDING_IO', `${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });

async function writeAt(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  for (let done = 0; done < buf.length; ) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
    done += bytesWritten;
  }
}

class LocalWriter implements RecordingWriter {
  frames = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of samples appended to the file so far (the header says this after each flush). */
  private dataBytes = 0;
  private chain: Promise<void> = Promise.resolve();
  private error: Error | undefined;
  private closed = false;
  private finalized: Promise<RecordingFile> | undefined;
  private readonly blockAlign: number;

  constructor(
    readonly id: string,
    readonly format: Readonly<RecordingFormat>,
    readonly path: string,
    private readonly fh: FileHandle,
    private readonly flushBytes: number,
    private readonly fsync: boolean,
    private readonly onClose: () => void,
  ) {
    this.blockAlign = format.channels * 2;
  }

  write(samples: Int16Array): void {
    if (this.closed) throw new RecorderError('ERR_RECORDING_CLOSED', `recording ${this.id} is closed`);
    if (samples.length % this.format.channels !== 0) {
      throw new RecorderError('ERR_RECORDING_FRAMES', `${samples.length} samples is not a whole number of ${this.format.channels}-channel frames`);
    }
    if (this.frames * this.blockAlign + samples.byteLength > WAV_MAX_DATA_BYTES) {
      throw new RecorderError('ERR_RECORDING_FRAMES', `recording ${this.id} would pass the WAV size limit`);
    }
    if (samples.length === 0) return;
    this.pending.push(pcmBytes(samples));
    this.pendingBytes += samples.byteLength;
    this.frames += samples.length / this.format.channels;
    if (this.pendingBytes >= this.flushBytes) void this.enqueueFlush();
  }

  async flush(): Promise<void> {
    await this.enqueueFlush();
    if (this.error) throw this.error;
  }

  /** Queues an append of everything pending plus a header rewrite; the chain never rejects. */
  private enqueueFlush(): Promise<void> {
    const buf = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.chain = this.chain.then(() => this.append(buf));
    return this.chain;
  }

  private async append(buf: Buffer): Promise<void> {
    if (this.error) return;
    try {
      if (buf.length > 0) await writeAt(this.fh, buf, WAV_HEADER_BYTES + this.dataBytes);
      this.dataBytes += buf.length;
      await writeAt(this.fh, wavHeader(this.format, this.dataBytes), 0);
      if (flushChannel.hasSubscribers) {
        flushChannel.publish({ id: this.id, frames: this.dataBytes / this.blockAlign, dataBytes: this.dataBytes } satisfies RecordingFlushMessage);
      }
    } catch (e) {
      this.error = ioError(`writing recording ${this.id}`, e);
    }
  }

  finalize(options: FinalizeOptions = {}): Promise<RecordingFile> {
    if (this.finalized) return this.finalized;
    if (this.closed) return Promise.reject(new RecorderError('ERR_RECORDING_CLOSED', `recording ${this.id} was aborted`));
    this.closed = true;
    this.finalized = this.finish(options.keepFrames);
    return this.finalized;
  }

  private async finish(keepFrames: number | undefined): Promise<RecordingFile> {
    try {
      await this.enqueueFlush();
      if (this.error) throw this.error;
      const frames = Math.max(0, Math.min(this.frames, Math.floor(keepFrames ?? this.frames)));
      try {
        if (frames * this.blockAlign < this.dataBytes) {
          this.dataBytes = frames * this.blockAlign;
          await this.fh.truncate(WAV_HEADER_BYTES + this.dataBytes);
          await writeAt(this.fh, wavHeader(this.format, this.dataBytes), 0);
        }
        if (this.fsync) await this.fh.sync();
      } catch (e) {
        throw ioError(`finalizing recording ${this.id}`, e);
      }
      this.frames = frames;
      return { id: this.id, bytes: WAV_HEADER_BYTES + this.dataBytes, frames, durationSec: frames / this.format.sampleRate, path: this.path };
    } finally {
      await this.fh.close().catch(() => undefined);
      this.onClose();
    }
  }

  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    await this.chain;
    await this.fh.close().catch(() => undefined);
    await unlink(this.path).catch(() => undefined);
    this.onClose();
  }
}

export class LocalRecordingStorage implements RecordingStorage {
  private readonly writers = new Map<string, LocalWriter>();
  private readonly flushEveryMs: number;
  private readonly fsync: boolean;

  constructor(readonly dir: string, options: LocalRecordingStorageOptions = {}) {
    this.flushEveryMs = options.flushEveryMs ?? 1000;
    this.fsync = options.fsync ?? true;
    if (!(this.flushEveryMs > 0)) throw new RecorderError('ERR_RECORDER_OPTIONS', `flushEveryMs ${this.flushEveryMs} must be > 0`);
  }

  /** The file a recording lives in. */
  pathOf(id: string): string {
    checkRecordingId(id);
    return join(this.dir, `${id}.wav`);
  }

  async create(id: string, format: RecordingFormat): Promise<RecordingWriter> {
    const path = this.pathOf(id);
    checkRecordingFormat(format);
    let fh: FileHandle;
    try {
      await mkdir(this.dir, { recursive: true });
      fh = await open(path, 'wx');
    } catch (e) {
      if (code(e) === 'EEXIST') throw new RecorderError('ERR_RECORDING_EXISTS', `recording ${id} exists`);
      throw ioError(`creating recording ${id}`, e);
    }
    const fmt: RecordingFormat = { ...format };
    try {
      await writeAt(fh, wavHeader(fmt, 0), 0);
    } catch (e) {
      await fh.close().catch(() => undefined);
      await unlink(path).catch(() => undefined);
      throw ioError(`creating recording ${id}`, e);
    }
    const flushFrames = Math.max(1, Math.round((this.flushEveryMs * fmt.sampleRate) / 1000));
    const writer = new LocalWriter(id, fmt, path, fh, flushFrames * fmt.channels * 2, this.fsync, () => {
      if (this.writers.get(id) === writer) this.writers.delete(id);
    });
    this.writers.set(id, writer);
    return writer;
  }

  async open(id: string): Promise<Readable> {
    const path = this.pathOf(id);
    try {
      const fh = await open(path, 'r');
      return fh.createReadStream();
    } catch (e) {
      if (code(e) === 'ENOENT') throw new RecorderError('ERR_RECORDING_NOT_FOUND', `no recording ${id}`);
      throw ioError(`opening recording ${id}`, e);
    }
  }

  async delete(id: string): Promise<boolean> {
    const path = this.pathOf(id);
    const writer = this.writers.get(id);
    if (writer) {
      await writer.abort();
      return true;
    }
    try {
      await unlink(path);
      return true;
    } catch (e) {
      if (code(e) === 'ENOENT') return false;
      throw ioError(`deleting recording ${id}`, e);
    }
  }

  async exists(id: string): Promise<boolean> {
    try {
      await stat(this.pathOf(id));
      return true;
    } catch (e) {
      if (code(e) === 'ENOENT') return false;
      throw ioError(`checking recording ${id}`, e);
    }
  }

  async finalizeAll(): Promise<FinalizeAllEntry[]> {
    return Promise.all(
      [...this.writers.values()].map(async (w): Promise<FinalizeAllEntry> => {
        try {
          return { id: w.id, ok: true, file: await w.finalize() };
        } catch (e) {
          return { id: w.id, ok: false, error: e instanceof Error ? e : new Error(String(e)) };
        }
      }),
    );
  }

  /**
   * Adopts a file a killed process left behind: every whole frame on disk (including those appended
   * after the last header rewrite) becomes part of the data chunk, a trailing partial frame is cut,
   * the header is rewritten and synced. Rejects with ERR_RECORDING_EXISTS while this storage is
   * still writing the recording.
   */
  async recover(id: string): Promise<RecordingFile> {
    const path = this.pathOf(id);
    if (this.writers.has(id)) throw new RecorderError('ERR_RECORDING_EXISTS', `recording ${id} is still being written`);
    let fh: FileHandle;
    try {
      fh = await open(path, 'r+');
    } catch (e) {
      if (code(e) === 'ENOENT') throw new RecorderError('ERR_RECORDING_NOT_FOUND', `no recording ${id}`);
      throw ioError(`recovering recording ${id}`, e);
    }
    try {
      const head = Buffer.alloc(4096);
      const { bytesRead } = await fh.read(head, 0, head.length, 0);
      const info = parseWavHeader(head.subarray(0, bytesRead));
      const size = (await fh.stat()).size;
      const blockAlign = info.channels * 2;
      const frames = Math.floor(Math.min(size - info.dataOffset, WAV_MAX_DATA_BYTES) / blockAlign);
      const dataBytes = frames * blockAlign;
      await fh.truncate(info.dataOffset + dataBytes);
      const sizes = Buffer.alloc(8);
      sizes.writeUInt32LE(info.dataOffset - 8 + dataBytes, 0);
      sizes.writeUInt32LE(dataBytes, 4);
      await writeAt(fh, sizes.subarray(0, 4), 4);
      await writeAt(fh, sizes.subarray(4, 8), info.dataOffset - 4);
      if (this.fsync) await fh.sync();
      return { id, bytes: info.dataOffset + dataBytes, frames, durationSec: frames / info.sampleRate, path };
    } finally {
      await fh.close();
    }
  }
}
