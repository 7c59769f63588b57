// A caching TtsProvider around another one. Keyed by (provider, voice, language, text); an LRU in
// memory bounded by bytes, and optionally a directory of 8 kHz WAV files that survives restarts
// and is shared by the workers of a node. Concurrent requests for the same key share one
// synthesis. The disk is best effort: a failure to read or write it is counted, never thrown.

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeWav, encodeWav } from '../player/index.ts';
import type { ResolvedVoice, SynthesizeOptions, TtsEngineInfo, TtsProvider } from './provider.ts';

export interface TtsCacheOptions {
  /** Bytes of PCM kept in memory; 32 MiB (about 35 minutes of 8 kHz speech) by default. 0 disables. */
  maxBytes?: number;
  /** A directory for WAV files; none by default. Created when missing. */
  directory?: string;
}

export interface TtsCacheStats {
  hits: number;
  diskHits: number;
  misses: number;
  evictions: number;
  diskErrors: number;
  /** Entries and bytes in memory now. */
  entries: number;
  bytes: number;
}

export const DEFAULT_TTS_CACHE_BYTES = 32 * 1024 * 1024;

/** The cache key: provider, voice, language and text, as given. */
export function ttsCacheKey(provider: string, text: string, options: SynthesizeOptions = {}): string {
  return JSON.stringify([provider, options.voice ?? '', options.language ?? '', text]);
}

export class CachedTtsProvider implements TtsProvider {
  readonly name: string;
  private readonly inner: TtsProvider;
  private readonly maxBytes: number;
  private readonly directory: string | undefined;
  private readonly memory = new Map<string, Int16Array>();
  private readonly inflight = new Map<string, Promise<Int16Array>>();
  private bytes = 0;
  private dirReady: Promise<void> | undefined;
  private readonly counters = { hits: 0, diskHits: 0, misses: 0, evictions: 0, diskErrors: 0 };

  constructor(inner: TtsProvider, options: TtsCacheOptions = {}) {
    this.inner = inner;
    this.name = inner.name;
    this.maxBytes = options.maxBytes ?? DEFAULT_TTS_CACHE_BYTES;
    this.directory = options.directory;
    if (!(this.maxBytes >= 0)) throw new RangeError(`maxBytes must be ≥ 0 (got ${this.maxBytes})`);
  }

  get stats(): TtsCacheStats {
    return { ...this.counters, entries: this.memory.size, bytes: this.bytes };
  }

  resolveVoice(options?: SynthesizeOptions): ResolvedVoice {
    return this.inner.resolveVoice(options);
  }

  check(): Promise<TtsEngineInfo> {
    return this.inner.check();
  }

  /** Empties the memory cache (the directory is left alone). */
  clear(): void {
    this.memory.clear();
    this.bytes = 0;
  }

  synthesize(text: string, options: SynthesizeOptions = {}): Promise<Int16Array> {
    const key = ttsCacheKey(this.inner.name, text, options);
    const cached = this.memory.get(key);
    if (cached) {
      this.counters.hits++;
      this.memory.delete(key); // move to the young end
      this.memory.set(key, cached);
      return Promise.resolve(cached);
    }
    const pending = this.inflight.get(key);
    if (pending) {
      this.counters.hits++;
      return pending;
    }
    const work = this.load(key, text, options).finally(() => this.inflight.delete(key));
    this.inflight.set(key, work);
    return work;
  }

  private async load(key: string, text: string, options: SynthesizeOptions): Promise<Int16Array> {
    const file = this.fileFor(key);
    if (file) {
      const fromDisk = await this.readDisk(file);
      if (fromDisk) {
        this.counters.diskHits++;
        this.remember(key, fromDisk);
        return fromDisk;
      }
    }
    this.counters.misses++;
    const pcm = await this.inner.synthesize(text, options);
    this.remember(key, pcm);
    if (file) await this.writeDisk(file, pcm);
    return pcm;
  }

  private remember(key: string, pcm: Int16Array): void {
    if (pcm.byteLength > this.maxBytes) return;
    this.memory.set(key, pcm);
    this.bytes += pcm.byteLength;
    for (const [k, v] of this.memory) {
      if (this.bytes <= this.maxBytes) break;
      this.memory.delete(k);
      this.bytes -= v.byteLength;
      this.counters.evictions++;
    }
  }

  private fileFor(key: string): string | undefined {
    if (!this.directory) return undefined;
    return join(this.directory, `${createHash('sha256').update(key).digest('hex')}.wav`);
  }

  private async readDisk(file: string): Promise<Int16Array | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.counters.diskErrors++;
      return undefined;
    }
    try {
      const { info, samples } = decodeWav(bytes);
      if (info.sampleRate === 8000 && info.encoding === 'pcm' && !info.truncated) return samples;
    } catch {
      // a damaged entry: synthesize again and overwrite it
    }
    this.counters.diskErrors++;
    return undefined;
  }

  /** Write to a temporary name, then rename: readers never see half a file. */
  private async writeDisk(file: string, pcm: Int16Array): Promise<void> {
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      this.dirReady ??= mkdir(this.directory!, { recursive: true }).then(() => undefined);
      await this.dirReady;
      await writeFile(tmp, encodeWav(pcm));
      await rename(tmp, file);
    } catch {
      this.dirReady = undefined;
      this.counters.diskErrors++;
      await unlink(tmp).catch(() => {});
    }
  }
}

/** Wraps `provider` in a CachedTtsProvider. */
export function withTtsCache(provider: TtsProvider, options: TtsCacheOptions = {}): CachedTtsProvider {
  return new CachedTtsProvider(provider, options);
}
