// AudioFetcher: gets <Play> audio from an http(s) URL as 8 kHz mono PCM, with an in-memory,
// size-bounded LRU cache that honours HTTP caching (see cache-policy.ts for the exact rules)
// and one shared request per URL while a fetch is in flight.
//
// Formats: WAV, and MP3 through a WASM mpg123 (mp3-decoder.ts). Which one is decided by the
// body's first bytes when they are conclusive (RIFF/WAVE; ID3v2 or MPEG frame sync), else by the
// Content-Type. A generic Content-Type (application/octet-stream, none) is accepted only when the
// body sniffs as one of the two; any other non-audio type is refused before the body is read.
// Decoding happens once per transferred body; the cache holds the decoded 8 kHz samples.
//
// Returned sample arrays are shared with the cache and with concurrent callers: treat them as
// read-only.

import type { Clock, Scheduler } from '../../core/index.ts';
import { realScheduler, systemClock } from '../../core/index.ts';
import { TELEPHONY_RATE, isWavError, wavToPcm8k } from '../player/index.ts';
import { cachePolicy, isStorable, mergeNotModified } from './cache-policy.ts';
import type { CachePolicy } from './cache-policy.ts';
import { AudioFetchError } from './errors.ts';
import { ByteLru } from './lru.ts';
import { Mp3Decoder, isMp3DecodeError } from './mp3-decoder.ts';
import { Mp3TooLongError, mp3ToPcm8k } from './mp3-to-pcm.ts';
import { sniffAudio } from './sniff.ts';
import type { AudioFormat } from './sniff.ts';

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_DURATION_MS = 60 * 60 * 1000;

export const WAV_CONTENT_TYPES: ReadonlySet<string> = new Set(['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave']);
export const MP3_CONTENT_TYPES: ReadonlySet<string> = new Set(['audio/mpeg', 'audio/mp3', 'audio/mpeg3', 'audio/x-mpeg', 'audio/x-mpeg-3']);
/** Types that say nothing about the content: the body is sniffed (no Content-Type at all is '') */
export const GENERIC_CONTENT_TYPES: ReadonlySet<string> = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/binary']);

const ACCEPT = 'audio/wav, audio/x-wav, audio/wave;q=0.9, audio/mpeg;q=0.9, */*;q=0.1';

export interface AudioFetcherOptions {
  /** HTTP client; Node's global fetch by default. */
  fetch?: typeof fetch;
  /** Clock for cache freshness; the system clock by default. */
  clock?: Clock;
  /** Timers for the request timeout; real timers by default. */
  timers?: Scheduler;
  /** Largest body accepted, in bytes; 20 MiB by default. */
  maxBytes?: number;
  /** Whole-request budget (headers and body), in ms; 15 s by default. */
  timeoutMs?: number;
  /** Cache budget in bytes of decoded samples; 64 MiB by default. 0 disables caching. */
  cacheBytes?: number;
  /**
   * Longest MP3 accepted, in ms of decoded audio; 60 min by default (ERR_AUDIO_TOO_LARGE past
   * it). MP3 compresses ~10:1, so `maxBytes` alone does not bound its decoded size.
   */
  maxDurationMs?: number;
  /** MP3 decoder to share between fetchers (the caller closes it); by default each fetcher has its own. */
  mp3Decoder?: Mp3Decoder;
}

export interface FetchedAudio {
  /** 8 kHz mono signed 16-bit PCM. Read-only: shared with the cache. */
  samples: Int16Array;
  /** True when no body was transferred (fresh hit, or a 304 after revalidation). */
  fromCache: boolean;
  /** The media type the audio was served with, lower-cased, without parameters. */
  contentType: string;
}

interface Entry {
  readonly samples: Int16Array;
  readonly contentType: string;
  readonly policy: CachePolicy;
  /** Clock time at which the response (or the last 304) arrived. */
  readonly storedAt: number;
}

export class AudioFetcher {
  private readonly fetchFn: typeof fetch;
  private readonly clock: Clock;
  private readonly timers: Scheduler;
  private readonly maxBytes: number;
  private readonly timeoutMs: number;
  private readonly cache: ByteLru<Entry>;
  private readonly inflight = new Map<string, Promise<FetchedAudio>>();
  private readonly maxDurationMs: number;
  private readonly mp3: Mp3Decoder;
  private readonly ownsMp3: boolean;

  constructor(options: AudioFetcherOptions = {}) {
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? realScheduler();
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.cache = new ByteLru<Entry>(options.cacheBytes ?? DEFAULT_CACHE_BYTES, (e) => e.samples.byteLength);
    this.maxDurationMs = options.maxDurationMs ?? DEFAULT_MAX_DURATION_MS;
    this.mp3 = options.mp3Decoder ?? new Mp3Decoder();
    this.ownsMp3 = options.mp3Decoder === undefined;
  }

  /** Frees the MP3 decoder's WASM memory if this fetcher created it. The cache stays usable. */
  async close(): Promise<void> {
    if (this.ownsMp3) await this.mp3.close();
  }

  /** Bytes of decoded audio currently cached. */
  get cachedBytes(): number {
    return this.cache.bytes;
  }

  /** Whether a URL currently has a cache entry (fresh or not). */
  isCached(url: string): boolean {
    return this.cache.has(url) || (URL.canParse(url) && this.cache.has(new URL(url).href));
  }

  clearCache(): void {
    this.cache.clear();
  }

  fetchAudio(url: string): Promise<FetchedAudio> {
    let href: string;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`scheme ${parsed.protocol} is not http(s)`);
      href = parsed.href;
    } catch (err) {
      const why = err instanceof Error && err.message.startsWith('scheme') ? err.message : 'not a valid URL';
      return Promise.reject(new AudioFetchError('ERR_AUDIO_FETCH', url, `cannot fetch audio: ${why}`, { cause: err }));
    }
    const pending = this.inflight.get(href);
    if (pending) return pending;
    const entry = this.cache.get(href);
    if (entry && !entry.policy.noCache && this.clock.now() < entry.storedAt + entry.policy.freshForMs) {
      return Promise.resolve({ samples: entry.samples, fromCache: true, contentType: entry.contentType });
    }
    const p = this.load(href, entry).finally(() => this.inflight.delete(href));
    this.inflight.set(href, p);
    return p;
  }

  private async load(href: string, entry: Entry | undefined): Promise<FetchedAudio> {
    const headers: Record<string, string> = { accept: ACCEPT };
    if (entry?.policy.etag !== undefined) headers['if-none-match'] = entry.policy.etag;
    if (entry?.policy.lastModified !== undefined) headers['if-modified-since'] = entry.policy.lastModified;
    const controller = new AbortController();
    let timedOut = false;
    const timer = this.timers.setTimer(this.timeoutMs, () => {
      timedOut = true;
      controller.abort();
    });
    const networkError = (err: unknown): AudioFetchError =>
      err instanceof AudioFetchError
        ? err
        : new AudioFetchError('ERR_AUDIO_FETCH', href, timedOut ? `audio fetch timed out after ${this.timeoutMs} ms` : `audio fetch failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    try {
      let res: Response;
      try {
        res = await this.fetchFn(href, { headers, signal: controller.signal, redirect: 'follow' });
      } catch (err) {
        throw networkError(err);
      }
      if (res.status === 304 && entry) {
        discard(res);
        const policy = mergeNotModified(entry.policy, res.headers);
        if (isStorable(policy)) this.cache.set(href, { ...entry, policy, storedAt: this.clock.now() });
        else this.cache.delete(href);
        return { samples: entry.samples, fromCache: true, contentType: entry.contentType };
      }
      if (!res.ok || res.status === 304) {
        discard(res);
        throw new AudioFetchError('ERR_AUDIO_HTTP', href, `audio URL answered HTTP ${res.status}`, { status: res.status });
      }
      const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const declared = declaredFormat(contentType);
      if (declared === undefined) {
        discard(res);
        throw new AudioFetchError('ERR_AUDIO_CONTENT_TYPE', href, `unsupported audio Content-Type "${contentType || '(none)'}"; expected audio/wav or audio/mpeg`);
      }
      const length = Number(res.headers.get('content-length') ?? NaN);
      if (length > this.maxBytes) {
        discard(res);
        throw this.tooLarge(href, `declares ${length} bytes`);
      }
      let body: Uint8Array;
      try {
        body = await this.readBody(href, res);
      } catch (err) {
        throw networkError(err);
      }
      const format = sniffAudio(body) ?? (declared === 'sniff' ? undefined : declared);
      if (format === undefined) {
        throw new AudioFetchError('ERR_AUDIO_CONTENT_TYPE', href, `the body (served as "${contentType || '(no Content-Type)'}") is neither WAV nor MP3`);
      }
      const samples = await this.decode(href, format, body);
      const policy = cachePolicy(res.headers);
      if (isStorable(policy)) this.cache.set(href, { samples, contentType, policy, storedAt: this.clock.now() });
      else this.cache.delete(href);
      return { samples, fromCache: false, contentType };
    } finally {
      this.timers.clearTimer(timer);
    }
  }

  private async decode(href: string, format: AudioFormat, body: Uint8Array): Promise<Int16Array> {
    if (format === 'wav') {
      try {
        return wavToPcm8k(body);
      } catch (err) {
        if (!isWavError(err)) throw err;
        throw new AudioFetchError('ERR_AUDIO_DECODE', href, `audio is not playable WAV: ${err.message}`, { cause: err });
      }
    }
    try {
      return await mp3ToPcm8k(this.mp3, body, { maxSamples: Math.floor((this.maxDurationMs * TELEPHONY_RATE) / 1000) });
    } catch (err) {
      if (err instanceof Mp3TooLongError) throw new AudioFetchError('ERR_AUDIO_TOO_LARGE', href, `audio is too long: ${err.message}, the limit is ${this.maxDurationMs} ms`);
      if (!isMp3DecodeError(err)) throw err;
      const code = err.code === 'ERR_MP3_UNAVAILABLE' ? 'ERR_AUDIO_UNSUPPORTED' : 'ERR_AUDIO_DECODE';
      throw new AudioFetchError(code, href, `audio is not playable MP3: ${err.message}`, { cause: err });
    }
  }

  private async readBody(href: string, res: Response): Promise<Uint8Array> {
    if (!res.body) return new Uint8Array(0);
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > this.maxBytes) {
        reader.cancel().catch(() => undefined);
        throw this.tooLarge(href, `sent more than ${this.maxBytes} bytes`);
      }
      chunks.push(value);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }

  private tooLarge(href: string, detail: string): AudioFetchError {
    return new AudioFetchError('ERR_AUDIO_TOO_LARGE', href, `audio is too large: the server ${detail}, the limit is ${this.maxBytes}`);
  }
}

/** The format a Content-Type names, 'sniff' when it names none, undefined when it is not audio we play. */
function declaredFormat(contentType: string): AudioFormat | 'sniff' | undefined {
  if (WAV_CONTENT_TYPES.has(contentType)) return 'wav';
  if (MP3_CONTENT_TYPES.has(contentType)) return 'mp3';
  if (GENERIC_CONTENT_TYPES.has(contentType)) return 'sniff';
  return undefined;
}

/** Releases a response body we will not read, so the connection is freed. */
function discard(res: Response): void {
  res.body?.cancel().catch(() => undefined);
}
