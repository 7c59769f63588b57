// RecordingStorage in memory: for engine tests and embedded runs that hand recordings on at once.
// Same contract as the local one (storage.contract.ts); open() of an unfinalized recording gives
// the WAV of what was written so far.

import { Readable } from 'node:stream';
import { RecorderError } from './errors.ts';
import {
  checkRecordingFormat, checkRecordingId,
  type FinalizeAllEntry, type FinalizeOptions, type RecordingFile, type RecordingFormat, type RecordingStorage, type RecordingWriter,
} from './storage.ts';
import { WAV_HEADER_BYTES, WAV_MAX_DATA_BYTES, pcmBytes, wavHeader } from './wav.ts';

interface Entry {
  format: RecordingFormat;
  chunks: Buffer[];
  bytes: number;
  file?: Buffer;
  writer?: MemoryWriter;
}

class MemoryWriter implements RecordingWriter {
  private closed = false;
  private finalized: Promise<RecordingFile> | undefined;
  frames = 0;

  constructor(
    readonly id: string,
    readonly format: Readonly<RecordingFormat>,
    private readonly entry: Entry,
    private readonly onClose: (aborted: boolean) => void,
  ) {}

  write(samples: Int16Array): void {
    if (this.closed) throw new RecorderError('ERR_RECORDING_CLOSED', `recording ${this.id} is closed`);
    if (samples.length % this.format.channels !== 0) {
      throw new RecorderError('ERR_RECORDING_FRAMES', `${samples.length} samples is not a whole number of ${this.format.channels}-channel frames`);
    }
    if (this.entry.bytes + samples.byteLength > WAV_MAX_DATA_BYTES) throw new RecorderError('ERR_RECORDING_FRAMES', `recording ${this.id} would pass the WAV size limit`);
    this.entry.chunks.push(pcmBytes(samples));
    this.entry.bytes += samples.byteLength;
    this.frames += samples.length / this.format.channels;
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  finalize(options: FinalizeOptions = {}): Promise<RecordingFile> {
    if (this.finalized) return this.finalized;
    if (this.closed) return Promise.reject(new RecorderError('ERR_RECORDING_CLOSED', `recording ${this.id} was aborted`));
    this.closed = true;
    const blockAlign = this.format.channels * 2;
    const frames = Math.max(0, Math.min(this.frames, Math.floor(options.keepFrames ?? this.frames)));
    const data = Buffer.concat(this.entry.chunks).subarray(0, frames * blockAlign);
    this.entry.file = Buffer.concat([wavHeader(this.format, data.length), data]);
    this.entry.chunks = [];
    this.onClose(false);
    this.finalized = Promise.resolve({ id: this.id, bytes: this.entry.file.length, frames, durationSec: frames / this.format.sampleRate });
    return this.finalized;
  }

  async abort(): Promise<void> {
    if (this.finalized || this.closed) return;
    this.closed = true;
    this.onClose(true);
  }
}

export class InMemoryRecordingStorage implements RecordingStorage {
  private readonly entries = new Map<string, Entry>();

  async create(id: string, format: RecordingFormat): Promise<RecordingWriter> {
    checkRecordingId(id);
    checkRecordingFormat(format);
    if (this.entries.has(id)) throw new RecorderError('ERR_RECORDING_EXISTS', `recording ${id} exists`);
    const entry: Entry = { format: { ...format }, chunks: [], bytes: 0 };
    this.entries.set(id, entry);
    const writer = new MemoryWriter(id, entry.format, entry, (aborted) => {
      entry.writer = undefined;
      if (aborted && this.entries.get(id) === entry) this.entries.delete(id);
    });
    entry.writer = writer;
    return writer;
  }

  async open(id: string): Promise<Readable> {
    const entry = this.entries.get(id);
    if (!entry) throw new RecorderError('ERR_RECORDING_NOT_FOUND', `no recording ${id}`);
    const file = entry.file ?? Buffer.concat([wavHeader(entry.format, entry.bytes), ...entry.chunks]);
    return Readable.from([file]);
  }

  async delete(id: string): Promise<boolean> {
    const entry = this.entries.get(id);
    if (!entry) return false;
    if (entry.writer) await entry.writer.abort();
    this.entries.delete(id);
    return true;
  }

  async exists(id: string): Promise<boolean> {
    return this.entries.has(id);
  }

  async finalizeAll(): Promise<FinalizeAllEntry[]> {
    const writers = [...this.entries.values()].flatMap((e) => (e.writer ? [e.writer] : []));
    return Promise.all(writers.map(async (w): Promise<FinalizeAllEntry> => ({ id: w.id, ok: true, file: await w.finalize() })));
  }

  /** Stored size in bytes of a finalized recording (header included), for tests and metrics. */
  sizeOf(id: string): number | undefined {
    const e = this.entries.get(id);
    return e ? (e.file?.length ?? WAV_HEADER_BYTES + e.bytes) : undefined;
  }
}
