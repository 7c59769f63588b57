// From Twilio's <Say voice="…" language="…"> to "a male or female voice in language L", the
// engine-neutral choice each provider then maps to its own voices. docs/tts.md shows the tables.

import { GOOGLE_GENDERS, POLLY_VOICES, type Gender } from './twilio-voices.ts';

export type { Gender } from './twilio-voices.ts';

/** Twilio's default <Say> voice and language. */
export const DEFAULT_VOICE = 'man';
export const DEFAULT_LANGUAGE = 'en-US';

/**
 * Languages a <Say> may ask for, with the espeak-ng voice that speaks each. A language missing
 * here falls back to the first row with the same primary subtag (so `en-JM` → en-US), then to
 * en-US. The first row of each primary subtag is also what a bare code means (`es` → es-ES), as
 * Twilio's man/woman voices use bare codes (`en`, `en-gb`, `es`, `fr`, `de`).
 */
export const LANGUAGES: Readonly<Record<string, string>> = {
  'en-US': 'en-us', 'en-GB': 'en-gb', 'en-AU': 'en-gb', 'en-CA': 'en-us', 'en-IN': 'en-gb', 'en-IE': 'en-gb',
  'en-NZ': 'en-gb', 'en-ZA': 'en-gb', 'en-GB-WLS': 'en-gb', 'cy-GB': 'cy',
  'es-ES': 'es', 'es-MX': 'es-419', 'es-US': 'es-419', 'ca-ES': 'ca', 'eu-ES': 'eu',
  'fr-FR': 'fr-fr', 'fr-CA': 'fr-fr', 'fr-BE': 'fr-be', 'fr-CH': 'fr-ch',
  'de-DE': 'de', 'de-AT': 'de', 'de-CH': 'de',
  'it-IT': 'it', 'pt-BR': 'pt-br', 'pt-PT': 'pt', 'nl-NL': 'nl', 'nl-BE': 'nl',
  'da-DK': 'da', 'sv-SE': 'sv', 'nb-NO': 'nb', 'fi-FI': 'fi', 'is-IS': 'is',
  'pl-PL': 'pl', 'cs-CZ': 'cs', 'sk-SK': 'sk', 'hu-HU': 'hu', 'ro-RO': 'ro', 'bg-BG': 'bg', 'hr-HR': 'hr',
  'sr-RS': 'sr', 'sl-SI': 'sl', 'el-GR': 'el', 'ru-RU': 'ru', 'uk-UA': 'uk', 'lv-LV': 'lv', 'lt-LT': 'lt', 'et-EE': 'et',
  'tr-TR': 'tr', 'ar-AE': 'ar', 'arb': 'ar', 'he-IL': 'he', 'af-ZA': 'af', 'sw-KE': 'sw',
  'hi-IN': 'hi', 'bn-IN': 'bn', 'gu-IN': 'gu', 'kn-IN': 'kn', 'ml-IN': 'ml', 'mr-IN': 'mr', 'pa-IN': 'pa', 'ta-IN': 'ta', 'te-IN': 'te',
  'id-ID': 'id', 'ms-MY': 'ms', 'vi-VN': 'vi', 'th-TH': 'th',
  'ja-JP': 'ja', 'ko-KR': 'ko', 'zh-CN': 'cmn', 'cmn-CN': 'cmn', 'zh-TW': 'cmn', 'zh-HK': 'yue', 'yue-CN': 'yue', 'yue-HK': 'yue',
};

export interface VoiceChoice {
  /** A key of LANGUAGES. */
  readonly language: string;
  readonly gender: Gender;
  /** True when the voice or language asked for was not known and a default was used. */
  readonly fallback: boolean;
  /** Why a fallback happened, for a warning in the call log. */
  readonly reason?: string;
}

const BY_LOWER = new Map(Object.keys(LANGUAGES).map((k) => [k.toLowerCase(), k]));
const FIRST_BY_PRIMARY = new Map<string, string>();
for (const k of Object.keys(LANGUAGES)) {
  const primary = k.split('-')[0]!.toLowerCase();
  if (!FIRST_BY_PRIMARY.has(primary)) FIRST_BY_PRIMARY.set(primary, k);
}
FIRST_BY_PRIMARY.set('zh', 'zh-CN');
FIRST_BY_PRIMARY.set('cmn', 'zh-CN');

const POLLY_BY_KEY = new Map(Object.entries(POLLY_VOICES).map(([name, v]) => [fold(name), v]));

/** Lower case without diacritics: Polly.Léa and Polly.Lea are one voice. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Maps a language attribute to a LANGUAGES key; `fallback` when it had to guess. */
export function resolveLanguage(language: string | undefined): { language: string; fallback: boolean; reason?: string } {
  const asked = (language ?? '').trim().replace(/_/g, '-');
  if (asked === '') return { language: DEFAULT_LANGUAGE, fallback: false };
  const exact = BY_LOWER.get(asked.toLowerCase());
  if (exact) return { language: exact, fallback: false };
  const parts = asked.toLowerCase().split('-');
  const byPrimary = FIRST_BY_PRIMARY.get(parts[0]!);
  if (byPrimary) return parts.length === 1 ? { language: byPrimary, fallback: false } : { language: byPrimary, fallback: true, reason: `language "${asked}" is not supported; using ${byPrimary}` };
  return { language: DEFAULT_LANGUAGE, fallback: true, reason: `language "${asked}" is not supported; using ${DEFAULT_LANGUAGE}` };
}

function fromLanguage(language: string | undefined, gender: Gender, voiceFallback?: string): VoiceChoice {
  const lang = resolveLanguage(language);
  const reasons = [voiceFallback, lang.reason].filter((r): r is string => r !== undefined);
  const fallback = voiceFallback !== undefined || lang.fallback;
  return { language: lang.language, gender, fallback, ...(reasons.length ? { reason: reasons.join('; ') } : {}) };
}

/**
 * Twilio's voice and language attributes → a language and gender. man/woman/alice speak the
 * language attribute; Polly.* and Google.* voices speak their own language (the attribute is
 * ignored, as on Twilio). An unknown voice gets the language's default voice (male), flagged.
 */
export function chooseVoice(voice: string | undefined, language: string | undefined): VoiceChoice {
  const v = (voice ?? '').trim();
  const lower = v.toLowerCase();
  if (v === '' || lower === 'man') return fromLanguage(language, 'male');
  if (lower === 'woman' || lower === 'alice') return fromLanguage(language, 'female');
  if (lower.startsWith('polly.')) {
    const name = fold(v.slice(6).replace(/-(neural|generative|longform|standard)$/i, ''));
    const polly = POLLY_BY_KEY.get(name);
    if (polly) return fromLanguage(polly.language, polly.gender);
    return fromLanguage(language, 'male', `voice "${v}" is not known; using the language's default voice`);
  }
  if (lower.startsWith('google.')) {
    const m = /^google\.([a-z]{2,3}-[a-z]{2})-(.+)-([a-z0-9]+)$/i.exec(v);
    if (m) {
      const lang = resolveLanguage(m[1]);
      const key = `${lang.language}-${m[3]!.toUpperCase()}`;
      const name = m[3]!.charAt(0).toUpperCase() + m[3]!.slice(1).toLowerCase();
      const gender = GOOGLE_GENDERS[key] ?? GOOGLE_GENDERS[name];
      if (gender) return fromLanguage(m[1], gender);
      return fromLanguage(m[1], 'male', `the gender of voice "${v}" is not known; using the language's default voice`);
    }
    return fromLanguage(language, 'male', `voice "${v}" is not a Google voice id; using the language's default voice`);
  }
  return fromLanguage(language, 'male', `voice "${v}" is not known; using the language's default voice`);
}
