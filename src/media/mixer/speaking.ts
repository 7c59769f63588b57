// Per-participant speaking detection from frame energy, with hysteresis so a word is one event:
// speaking starts after `attackFrames` frames in a row at or above `startDb`, and stops after
// `hangoverFrames` frames in a row below `stopDb`. Levels are RMS in dB relative to a full-scale
// square wave (dBov, RFC 6464's scale): a full-scale sine is −3 dB, speech at a normal level
// −20 to −30 dB, a quiet line's noise −55 dB and below. Silence (no frame) is −Infinity.

export interface SpeakingOptions {
  /** Level at which a frame counts as voice (default −40 dBov). */
  startDb?: number;
  /** Level below which a frame counts as quiet (default −45 dBov; ≤ startDb). */
  stopDb?: number;
  /** Loud frames in a row before speaking starts (default 2, 40 ms). */
  attackFrames?: number;
  /** Quiet frames in a row before speaking stops (default 15, 300 ms). */
  hangoverFrames?: number;
}

const FULL_SCALE_SQUARED = 32768 * 32768;

/** RMS level in dBov of a frame whose squared samples sum to `sumSquares`. */
export function levelDb(sumSquares: number, samples: number): number {
  return sumSquares <= 0 || samples <= 0 ? -Infinity : 10 * Math.log10(sumSquares / samples / FULL_SCALE_SQUARED);
}

export class SpeakingDetector {
  speaking = false;
  /** Level of the last frame, dBov. */
  level = -Infinity;
  private readonly startDb: number;
  private readonly stopDb: number;
  private readonly attack: number;
  private readonly hangover: number;
  private run = 0;

  constructor(o: SpeakingOptions = {}) {
    this.startDb = o.startDb ?? -40;
    this.stopDb = Math.min(o.stopDb ?? -45, this.startDb);
    this.attack = Math.max(1, o.attackFrames ?? 2);
    this.hangover = Math.max(1, o.hangoverFrames ?? 15);
  }

  /** One frame's level; true when `speaking` changed. */
  update(level: number): boolean {
    this.level = level;
    if (!this.speaking) {
      this.run = level >= this.startDb ? this.run + 1 : 0;
      if (this.run < this.attack) return false;
    } else {
      this.run = level < this.stopDb ? this.run + 1 : 0;
      if (this.run < this.hangover) return false;
    }
    this.speaking = !this.speaking;
    this.run = 0;
    return true;
  }

  /** Stops at once (muted, removed); true when it was speaking. */
  reset(): boolean {
    const was = this.speaking;
    this.speaking = false;
    this.level = -Infinity;
    this.run = 0;
    return was;
  }
}
