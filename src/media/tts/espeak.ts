// espeak-ng: always 22050 Hz; `--stdout` writes a streaming WAV header (sizes 0x7ffff000), which
// the tolerant reader handles. The text goes in on stdin, so nothing in it can be taken for an
// option, and no shell is involved.

import { engineSpec, engineInfo, synthesizeStdout, type EngineSpec } from './engine.ts';
import type { ProcessRunner } from './process.ts';
import { normalizeText, type ResolvedVoice, type SynthesizeOptions, type TtsEngineInfo, type TtsProvider } from './provider.ts';
import { LANGUAGES, chooseVoice, type VoiceChoice } from './voices.ts';

export interface EspeakOptions {
  /** 'espeak-ng' on PATH by default. */
  command?: string;
  runner?: ProcessRunner;
  /** Words per minute (espeak-ng -s); 175 by default, as espeak-ng's own default. */
  rate?: number;
  /** espeak-ng voice variants for male and female voices; m3 and f3 by default. */
  variants?: { male: string; female: string };
  timeoutMs?: number;
  maxOutputBytes?: number;
}

export const ESPEAK_DEFAULT_RATE = 175;

/** The espeak-ng voice (`-v`) for a choice: the language's voice plus a gender variant. */
export function espeakVoiceFor(choice: VoiceChoice, variants = { male: 'm3', female: 'f3' }): string {
  return `${LANGUAGES[choice.language] ?? 'en-us'}+${choice.gender === 'male' ? variants.male : variants.female}`;
}

export class EspeakProvider implements TtsProvider {
  readonly name = 'espeak-ng';
  private readonly spec: EngineSpec;
  private readonly rate: number;
  private readonly variants: { male: string; female: string };

  constructor(options: EspeakOptions = {}) {
    this.rate = options.rate ?? ESPEAK_DEFAULT_RATE;
    if (!Number.isInteger(this.rate) || this.rate < 80 || this.rate > 450) throw new RangeError(`espeak-ng rate must be 80–450 words per minute (got ${this.rate})`);
    this.variants = options.variants ?? { male: 'm3', female: 'f3' };
    this.spec = engineSpec(this.name, 'apt-get install espeak-ng', options);
  }

  resolveVoice(options: SynthesizeOptions = {}): ResolvedVoice {
    const choice = chooseVoice(options.voice, options.language);
    return { ...choice, engineVoice: espeakVoiceFor(choice, this.variants) };
  }

  async synthesize(text: string, options: SynthesizeOptions = {}): Promise<Int16Array> {
    const clean = normalizeText(this.name, text);
    const voice = this.resolveVoice(options).engineVoice;
    return synthesizeStdout(this.spec, ['--stdout', '-b', '1', '-v', voice, '-s', String(this.rate)], clean);
  }

  check(): Promise<TtsEngineInfo> {
    return engineInfo(this.spec, ['--version'], /eSpeak NG text-to-speech: (\S+)/);
  }
}
