// The one TTS interface (ARCHITECTURE habit 3): espeak-ng, flite and the cache implement it, and
// tts.contract.ts holds the tests every implementation passes.

import { TtsError } from './errors.ts';
import type { Gender } from './voices.ts';

export interface SynthesizeOptions {
  /** Twilio's voice attribute: man, woman, alice, Polly.Joanna, Google.en-US-Standard-C … */
  voice?: string;
  /** Twilio's language attribute: en-US, en-GB, es-ES, fr-FR, de-DE … */
  language?: string;
}

export interface ResolvedVoice {
  /** The engine's voice name (`en-us+f3` for espeak-ng, `slt` for flite). */
  readonly engineVoice: string;
  readonly language: string;
  readonly gender: Gender;
  /** The voice or language asked for could not be honoured; a default was used. */
  readonly fallback: boolean;
  readonly reason?: string;
}

export interface TtsEngineInfo {
  readonly provider: string;
  readonly command: string;
  /** The engine's own version line. */
  readonly version: string;
}

export interface TtsProvider {
  /** 'espeak-ng', 'flite' …; part of the cache key. */
  readonly name: string;
  /**
   * Speech as mono 16-bit PCM at 8 kHz. The array may be shared with a cache: treat it as
   * read-only. Throws TtsError.
   */
  synthesize(text: string, options?: SynthesizeOptions): Promise<Int16Array>;
  /** What synthesize() would use for these options (no I/O). */
  resolveVoice(options?: SynthesizeOptions): ResolvedVoice;
  /** Runs the engine's version command; throws TtsError ERR_TTS_ENGINE_NOT_FOUND when it is missing. */
  check(): Promise<TtsEngineInfo>;
}

/** Twilio's <Say> takes at most 4,096 characters. */
export const MAX_TTS_TEXT = 4096;

/** Control characters (other than tab and newline) become spaces; throws on empty or too long text. */
export function normalizeText(provider: string, text: string): string {
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim();
  if (clean === '') throw new TtsError('ERR_TTS_EMPTY_TEXT', provider, 'nothing to say: the text is empty');
  if ([...clean].length > MAX_TTS_TEXT) throw new TtsError('ERR_TTS_TEXT_TOO_LONG', provider, `the text is longer than ${MAX_TTS_TEXT} characters`);
  return clean;
}
