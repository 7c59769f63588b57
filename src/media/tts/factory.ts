// Providers by name, for the composition root (config says `tts.provider: espeak-ng | flite`).

import { EspeakProvider, type EspeakOptions } from './espeak.ts';
import { FliteProvider, type FliteOptions } from './flite.ts';
import type { TtsProvider } from './provider.ts';

export const TTS_PROVIDERS = ['espeak-ng', 'flite'] as const;
export type TtsProviderName = (typeof TTS_PROVIDERS)[number];

export type TtsProviderOptions = { 'espeak-ng': EspeakOptions; flite: FliteOptions };

export function createTtsProvider<N extends TtsProviderName>(name: N, options: TtsProviderOptions[N] = {}): TtsProvider {
  switch (name) {
    case 'espeak-ng':
      return new EspeakProvider(options as EspeakOptions);
    case 'flite':
      return new FliteProvider(options as FliteOptions);
    default:
      throw new RangeError(`unknown TTS provider "${String(name)}" (known: ${TTS_PROVIDERS.join(', ')})`);
  }
}
