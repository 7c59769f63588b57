// Silence detection by frame energy. A block is "loud" when its RMS level reaches the threshold;
// a run of loud blocks counts as speech once it lasts `minSpeechMs` (a click or a pop does not).
// Levels are dBFS of the RMS against full scale 32768: a full-scale square wave is 0 dBFS, a
// full-scale sine -3.01 dBFS, digital silence -Infinity.

import { RecorderError } from './errors.ts';

export interface SilenceOptions {
  /** A block at or above this RMS level is loud (default -45 dBFS; G.711 line noise sits near -60). */
  thresholdDbfs?: number;
  /** Loud blocks count as speech once the run lasts this long (default 30 ms). */
  minSpeechMs?: number;
  /**
   * Speech is taken to continue this long after its last loud block (default 200 ms): the tail of
   * the last word, which trailing-silence trim keeps.
   */
  hangoverMs?: number;
  /** Audio kept before the start of speech when leading silence is trimmed (default 200 ms). */
  preRollMs?: number;
}

export type ResolvedSilenceOptions = Required<SilenceOptions>;

export function resolveSilenceOptions(o: SilenceOptions = {}): ResolvedSilenceOptions {
  const r: ResolvedSilenceOptions = {
    thresholdDbfs: o.thresholdDbfs ?? -45,
    minSpeechMs: o.minSpeechMs ?? 30,
    hangoverMs: o.hangoverMs ?? 200,
    preRollMs: o.preRollMs ?? 200,
  };
  if (!(r.thresholdDbfs <= 0)) throw new RecorderError('ERR_RECORDER_OPTIONS', `thresholdDbfs ${r.thresholdDbfs} must be ≤ 0`);
  for (const k of ['minSpeechMs', 'hangoverMs', 'preRollMs'] as const) {
    if (!(r[k] >= 0) || !Number.isFinite(r[k])) throw new RecorderError('ERR_RECORDER_OPTIONS', `${k} ${r[k]} must be a finite number ≥ 0`);
  }
  return r;
}

/** RMS level of `samples` in dBFS (full scale 32768); -Infinity for all zeros or no samples. */
export function rmsDbfs(samples: Int16Array): number {
  if (samples.length === 0) return -Infinity;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] ?? 0;
    sum += s * s;
  }
  const rms = Math.sqrt(sum / samples.length);
  return rms === 0 ? -Infinity : 20 * Math.log10(rms / 32768);
}

/** Classifies consecutive blocks; counts in frames so any block size works. */
export class SpeechDetector {
  private run = 0;
  private readonly minFrames: number;

  constructor(private readonly thresholdDbfs: number, minSpeechMs: number, sampleRate: number) {
    this.minFrames = Math.max(1, Math.round((minSpeechMs * sampleRate) / 1000));
  }

  /** Loud frames in the current run (0 after a quiet block). */
  get runFrames(): number {
    return this.run;
  }

  /** True when `block` belongs to a run of loud blocks long enough to be speech. */
  push(block: Int16Array): boolean {
    if (rmsDbfs(block) >= this.thresholdDbfs) this.run += block.length;
    else this.run = 0;
    return this.run >= this.minFrames;
  }
}
