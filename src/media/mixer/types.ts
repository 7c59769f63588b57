// Options, outputs, events and counters of the Mixer (mixer.ts).

import type { InputQueueStats } from './input-queue.ts';
import type { LimiterMode } from './limiter.ts';
import type { SpeakingOptions } from './speaking.ts';

/**
 * Where a participant's mix goes, once per tick: one frame of 8 kHz PCM (everyone else plus the
 * play-to-all channel). The array is the participant's own and is rewritten at the next tick:
 * encode or copy it before returning.
 */
export type MixerSink = (pcm: Int16Array) => void;

export interface MixerOptions {
  /** Samples per tick (default 160: 20 ms at 8 kHz). */
  frameSamples?: number;
  /** Frames each input queue holds (default 3, 60 ms); 1–10. */
  queueFrames?: number;
  /** Give back a frame of latency after this many ticks with a frame to spare (default 50, 1 s); 0 never. */
  drainAfterTicks?: number;
  /** 'hard' saturation (default) or the 'soft' knee; see limiter.ts. */
  limiter?: LimiterMode;
  /** Knee of the soft limiter as a fraction of full scale (default 0.75). */
  limiterKnee?: number;
  speaking?: SpeakingOptions;
  /**
   * Mix only participants the speaking detector hears (default false). Keeps the line noise of a
   * large conference out of the mix, at the cost of the first `attackFrames` of each talk spurt.
   */
  mixSpeakersOnly?: boolean;
}

export interface ParticipantOptions {
  /** Starts muted: heard by nobody, hears everything (default false). */
  muted?: boolean;
}

export interface ParticipantStats extends InputQueueStats {
  readonly muted: boolean;
  readonly speaking: boolean;
  /** Level of the last frame taken, dBov (−Infinity for silence or while muted). */
  readonly levelDb: number;
}

export interface MixerStats {
  ticks: number;
  /** Ticks that mixed the play-to-all channel. */
  playFrames: number;
}

export interface MixerEvents extends Record<string, unknown[]> {
  /** A participant started or stopped speaking (for conference 'speaker' callbacks). */
  speaking: [{ readonly id: string; readonly speaking: boolean; readonly levelDb: number }];
  /** The play-to-all source ran out (or was replaced or stopped). */
  'play-ended': [{ readonly reason: 'finished' | 'stopped' }];
}
