// In-band DTMF detection (ITU-T Q.23/Q.24 tones) on linear 16-bit PCM, for calls without
// telephone-event. Goertzel filters at the 8 DTMF frequencies over non-overlapping blocks
// (102 samples = 12.75 ms at 8 kHz: neighbouring DTMF frequencies fall near the filter's nulls).
// A block is a "hit" for a key when both tones are loud enough, carry most of the block's energy,
// stand out from the other tones of their group and are within the twist limits. A key starts after
// hits for minOnMs and ends after misses for minGapMs, so every press is reported once.
// Time is the sample count: atMs is ms since the first sample pushed.

import { DTMF_KEYS, type DtmfEnd, type DtmfKey, type DtmfStart } from './types.ts';

export const DTMF_ROW_HZ = [697, 770, 852, 941] as const;
export const DTMF_COL_HZ = [1209, 1336, 1477, 1633] as const;

export interface GoertzelOptions {
  /** Sample rate in Hz (default 8000). */
  sampleRate?: number;
  /** Samples per analysis block (default 102 at 8 kHz, scaled with the rate). */
  blockSize?: number;
  /** Each tone at least this loud, in dB below a full-scale sine (default -40). */
  minLevelDbfs?: number;
  /** Largest normal twist: high (column) tone weaker than low (row) tone, in dB (default 8). */
  maxNormalTwistDb?: number;
  /** Largest reverse twist: row tone weaker than column tone, in dB (default 4). */
  maxReverseTwistDb?: number;
  /** Each tone above every other tone of its group by this many dB (default 8). */
  minPeakRatioDb?: number;
  /** Share of the block's energy in the two tones, 0–1 (default 0.7; ±1.5% off-frequency keys give ≥ 0.78). */
  minToneShare?: number;
  /**
   * Largest energy difference between the two halves of a block, in dB (default 1.8; a steady key
   * shows ≤ 1.45 from the beat of its tones). Rejects blocks a tone only partly fills, so short
   * bursts (≤ 20 ms) do not count as two hits.
   */
  maxHalfBlockDb?: number;
  /** Shortest tone always detected (default 40 ms; from about 21 ms on, some alignments are). */
  minOnMs?: number;
  /** Shortest pause always seen between two presses (default 40 ms). */
  minGapMs?: number;
}

type ResolvedOptions = { [K in keyof GoertzelOptions]-?: NonNullable<GoertzelOptions[K]> };

const FULL_SCALE_SINE_POWER = (32767 * 32767) / 2;

const dbRatio = (db: number) => 10 ** (db / 10);

export class GoertzelDtmfDetector {
  private readonly o: ResolvedOptions;
  private readonly coeffs: Float64Array;
  private readonly s1 = new Float64Array(8);
  private readonly s2 = new Float64Array(8);
  private energy = 0;
  private firstHalfEnergy = 0;
  private filled = 0;
  private block = 0;
  private readonly blockMs: number;
  private readonly half: number;
  private readonly onBlocks: number;
  private readonly offBlocks: number;
  /** The key being pressed, its first hit block, and its last hit block. */
  private on: { key: DtmfKey; first: number; last: number } | undefined;
  /** A key hit in consecutive blocks but not yet reported. */
  private candidate: { key: DtmfKey; first: number; count: number } | undefined;

  constructor(options: GoertzelOptions = {}) {
    const sampleRate = options.sampleRate ?? 8000;
    this.o = {
      sampleRate,
      blockSize: options.blockSize ?? Math.round((102 * sampleRate) / 8000),
      minLevelDbfs: -40,
      maxNormalTwistDb: 8,
      maxReverseTwistDb: 4,
      minPeakRatioDb: 8,
      minToneShare: 0.7,
      maxHalfBlockDb: 1.8,
      minOnMs: 40,
      minGapMs: 40,
      ...stripUndefined(options),
    };
    this.coeffs = Float64Array.from([...DTMF_ROW_HZ, ...DTMF_COL_HZ], (f) => 2 * Math.cos((2 * Math.PI * f) / sampleRate));
    this.blockMs = (this.o.blockSize * 1000) / sampleRate;
    this.half = Math.floor(this.o.blockSize / 2);
    // A tone of minOnMs always covers floor(minOnMs / blockMs) - 1 whole blocks, whatever its alignment.
    this.onBlocks = Math.max(1, Math.floor(this.o.minOnMs / this.blockMs) - 1);
    // A gap of minGapMs always makes floor(minGapMs / blockMs) misses in a row: the whole blocks it
    // covers, plus a partly silent one when it covers one whole block fewer.
    this.offBlocks = Math.max(1, Math.floor(this.o.minGapMs / this.blockMs));
  }

  /** Feeds PCM samples (any frame size); returns the starts and ends they completed. */
  push(samples: ArrayLike<number>): Array<DtmfStart | DtmfEnd> {
    const out: Array<DtmfStart | DtmfEnd> = [];
    const { s1, s2, coeffs } = this;
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i] ?? 0;
      this.energy += x * x;
      if (this.filled === this.half) this.firstHalfEnergy = this.energy - x * x;
      for (let k = 0; k < 8; k++) {
        const s = x + (coeffs[k] ?? 0) * (s1[k] ?? 0) - (s2[k] ?? 0);
        s2[k] = s1[k] ?? 0;
        s1[k] = s;
      }
      if (++this.filled === this.o.blockSize) this.endBlock(out);
    }
    return out;
  }

  /** Ends a key still pressed when the stream stops. */
  flush(): DtmfEnd[] {
    const on = this.on;
    if (!on) return [];
    this.on = undefined;
    this.candidate = undefined;
    return [this.endOf(on, 'flush')];
  }

  private endBlock(out: Array<DtmfStart | DtmfEnd>): void {
    const hit = this.classify();
    this.s1.fill(0);
    this.s2.fill(0);
    this.energy = 0;
    this.firstHalfEnergy = 0;
    this.filled = 0;
    const b = this.block++;
    if (hit === undefined) this.candidate = undefined;
    else if (this.candidate?.key === hit) this.candidate.count++;
    else this.candidate = { key: hit, first: b, count: 1 };
    const on = this.on;
    if (on && hit === on.key) {
      on.last = b;
      this.candidate = undefined;
      return;
    }
    if (on && b - on.last >= this.offBlocks) {
      this.on = undefined;
      out.push(this.endOf(on, 'end'));
    }
    const c = this.candidate;
    if (!this.on && c && c.count >= this.onBlocks) {
      this.on = { key: c.key, first: c.first, last: b };
      this.candidate = undefined;
      out.push({ type: 'start', signal: c.key, atMs: c.first * this.blockMs });
    }
  }

  private endOf(on: { key: DtmfKey; first: number; last: number }, reason: 'end' | 'flush'): DtmfEnd {
    const endMs = (on.last + 1) * this.blockMs;
    return { type: 'end', signal: on.key, atMs: endMs, durationMs: endMs - on.first * this.blockMs, reason };
  }

  /** The key this block holds, if any. */
  private classify(): DtmfKey | undefined {
    const n = this.o.blockSize;
    const power = Array.from({ length: 8 }, (_, k) => {
      const a = this.s1[k] ?? 0;
      const b = this.s2[k] ?? 0;
      // |X(f)|² from the Goertzel state, scaled so a sine of amplitude A gives A²/2.
      return (2 * (a * a + b * b - (this.coeffs[k] ?? 0) * a * b)) / (n * n);
    });
    const row = strongest(power, 0);
    const col = strongest(power, 4);
    const rowP = power[row] ?? 0;
    const colP = power[col] ?? 0;
    const minP = FULL_SCALE_SINE_POWER * dbRatio(this.o.minLevelDbfs);
    if (rowP < minP || colP < minP) return undefined;
    if (colP < rowP / dbRatio(this.o.maxNormalTwistDb) || rowP < colP / dbRatio(this.o.maxReverseTwistDb)) return undefined;
    const peak = dbRatio(this.o.minPeakRatioDb);
    for (let k = 0; k < 8; k++) {
      if (k !== row && k !== col && (power[k] ?? 0) * peak > (k < 4 ? rowP : colP)) return undefined;
    }
    if (rowP + colP < this.o.minToneShare * (this.energy / n)) return undefined;
    const first = this.firstHalfEnergy / this.half;
    const second = (this.energy - this.firstHalfEnergy) / (n - this.half);
    if (Math.min(first, second) < Math.max(first, second) / dbRatio(this.o.maxHalfBlockDb)) return undefined;
    return DTMF_KEYS[KEYPAD[row * 4 + (col - 4)] ?? 0];
  }
}

/** Row-major keypad: rows 697…941 Hz, columns 1209…1633 Hz, as event codes. */
const KEYPAD = [1, 2, 3, 12, 4, 5, 6, 13, 7, 8, 9, 14, 10, 0, 11, 15];

function strongest(power: number[], from: number): number {
  let best = from;
  for (let k = from + 1; k < from + 4; k++) if ((power[k] ?? 0) > (power[best] ?? 0)) best = k;
  return best;
}

function stripUndefined(o: GoertzelOptions): GoertzelOptions {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as GoertzelOptions;
}
