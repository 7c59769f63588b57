// Public surface of the media fetcher: <Play> audio from http(s) URLs, decoded to 8 kHz PCM and
// cached per HTTP caching rules. Uses only fetch; no sip/store/bus.

export { AudioFetchError, isAudioFetchError } from './errors.ts';
export type { AudioFetchErrorCode } from './errors.ts';
export { AudioFetcher, DEFAULT_CACHE_BYTES, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, MP3_CONTENT_TYPES, WAV_CONTENT_TYPES } from './fetcher.ts';
export type { AudioFetcherOptions, FetchedAudio } from './fetcher.ts';
export { cachePolicy, isStorable, mergeNotModified, parseCacheControl } from './cache-policy.ts';
export type { CachePolicy, HeaderSource } from './cache-policy.ts';
export { ByteLru } from './lru.ts';
