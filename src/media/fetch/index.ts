// Public surface of the media fetcher: <Play> audio (WAV, MP3) from http(s) URLs, decoded to
// 8 kHz PCM and cached per HTTP caching rules. Uses only fetch and mpg123-decoder (WASM); no
// sip/store/bus.

export { AudioFetchError, isAudioFetchError } from './errors.ts';
export type { AudioFetchErrorCode } from './errors.ts';
export {
  AudioFetcher,
  DEFAULT_CACHE_BYTES,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DURATION_MS,
  DEFAULT_TIMEOUT_MS,
  GENERIC_CONTENT_TYPES,
  MP3_CONTENT_TYPES,
  WAV_CONTENT_TYPES,
} from './fetcher.ts';
export type { AudioFetcherOptions, FetchedAudio } from './fetcher.ts';
export { cachePolicy, isStorable, mergeNotModified, parseCacheControl } from './cache-policy.ts';
export type { CachePolicy, HeaderSource } from './cache-policy.ts';
export { ByteLru } from './lru.ts';
export { DEFAULT_MP3_SLICE_BYTES, Mp3DecodeError, Mp3Decoder, isMp3DecodeError, mixDownToInt16, nextTurn } from './mp3-decoder.ts';
export type { MpegDecoderLike, Mp3DecodeErrorCode, Mp3DecoderOptions, PcmSink } from './mp3-decoder.ts';
export { Mp3TooLongError, mp3ToPcm8k } from './mp3-to-pcm.ts';
export type { Mp3ToPcmOptions } from './mp3-to-pcm.ts';
export { StreamResampler } from './resample-stream.ts';
export { id3v2Length, looksLikeMp3, looksLikeWav, parseMpegFrameHeader, sniffAudio } from './sniff.ts';
export type { AudioFormat, MpegFrameHeader } from './sniff.ts';
