// Turns the plain-data PlayItems of the control protocol into PCM the Player plays: speech from
// the TTS provider, audio fetched over HTTP, tones and silence. Failures become registry codes
// the call layer records as Notifications (13520 bad text, 11200 fetch, 13420 unplayable audio).

import type { AudioFetcher } from '../fetch/index.ts';
import { isAudioFetchError } from '../fetch/index.ts';
import { beep, ringback, silence, type PlaySource } from '../player/index.ts';
import { isTtsError, type TtsProvider } from '../tts/index.ts';
import type { PlayItem } from './protocol.ts';

export interface SourceDeps {
  tts: TtsProvider;
  fetcher: AudioFetcher;
}

export class SourceError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

const MAX_SILENCE_MS = 600_000;

/** Resolves one item; throws SourceError. */
export async function resolveSource(item: PlayItem, deps: SourceDeps): Promise<PlaySource> {
  switch (item.kind) {
    case 'say':
      try {
        const samples = await deps.tts.synthesize(item.text, { ...(item.voice ? { voice: item.voice } : {}), ...(item.language ? { language: item.language } : {}) });
        return { samples, loop: item.loop ?? 1, label: 'say' };
      } catch (e) {
        if (isTtsError(e)) throw new SourceError(e.code === 'ERR_TTS_EMPTY_TEXT' || e.code === 'ERR_TTS_TEXT_TOO_LONG' ? 13520 : 12400, e.message);
        throw e;
      }
    case 'url':
      try {
        const audio = await deps.fetcher.fetchAudio(item.url);
        return { samples: audio.samples, loop: item.loop ?? 1, label: item.url };
      } catch (e) {
        if (!isAudioFetchError(e)) throw e;
        const unplayable = e.code === 'ERR_AUDIO_CONTENT_TYPE' || e.code === 'ERR_AUDIO_UNSUPPORTED' || e.code === 'ERR_AUDIO_DECODE';
        throw new SourceError(unplayable ? 13420 : 11200, e.message);
      }
    case 'tone':
      return item.tone === 'beep'
        ? { samples: beep(), label: 'beep' }
        : { samples: ringback('us'), loop: item.ms ? Math.max(1, Math.ceil(item.ms / 6000)) : 0, label: 'ringback' };
    case 'silence':
      return { samples: silence(Math.max(0, Math.min(item.ms, MAX_SILENCE_MS))), label: 'silence' };
  }
}

/** Resolves all items at once (speech and fetches in parallel), in order. */
export function resolveSources(items: readonly PlayItem[], deps: SourceDeps): Promise<PlaySource[]> {
  return Promise.all(items.map((item) => resolveSource(item, deps)));
}
