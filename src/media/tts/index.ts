// Public surface of text-to-speech: one TtsProvider interface (espeak-ng, flite), a cache around
// any provider, Twilio voice/language mapping (docs/tts.md) and the start-up check.

export { TtsError, isTtsError } from './errors.ts';
export type { TtsErrorCode } from './errors.ts';
export { MAX_TTS_TEXT, normalizeText } from './provider.ts';
export type { ResolvedVoice, SynthesizeOptions, TtsEngineInfo, TtsProvider } from './provider.ts';
export { spawnRunner } from './process.ts';
export type { ProcessRunner, RunOptions, RunResult } from './process.ts';
export { DEFAULT_LANGUAGE, DEFAULT_VOICE, LANGUAGES, chooseVoice, resolveLanguage } from './voices.ts';
export type { Gender, VoiceChoice } from './voices.ts';
export { GOOGLE_GENDERS, POLLY_VOICES } from './twilio-voices.ts';
export { DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TIMEOUT_MS } from './engine.ts';
export { ESPEAK_DEFAULT_RATE, EspeakProvider, espeakVoiceFor } from './espeak.ts';
export type { EspeakOptions } from './espeak.ts';
export { FliteProvider } from './flite.ts';
export type { FliteOptions } from './flite.ts';
export { CachedTtsProvider, DEFAULT_TTS_CACHE_BYTES, ttsCacheKey, withTtsCache } from './cache.ts';
export type { TtsCacheOptions, TtsCacheStats } from './cache.ts';
export { TTS_PROBE_TEXT, checkTtsAvailable } from './check.ts';
export type { TtsCheckResult } from './check.ts';
export { TTS_PROVIDERS, createTtsProvider } from './factory.ts';
export type { TtsProviderName, TtsProviderOptions } from './factory.ts';
