// Resamples a long signal in slices with the player's windowed-sinc `resample`, so a caller can
// yield to the event loop between slices and need not hold the whole input at its source rate.
//
// Slices are cut where input and output instants coincide: with L = from / gcd and
// M = to / gcd, input sample k·L falls exactly on output sample k·M. Each slice carries P input
// samples of context on both sides (P a multiple of L and at least `resampleReach`), so every
// output sample sees the same input as in one whole-signal `resample` call. The only difference
// is floating-point rounding of the output instant, which can move a sample by ±1 LSB.

import { resample, resampleReach } from '../player/index.ts';

/** Output samples per slice, roughly (0.25 s at 8 kHz: ~2.5 ms of work from 44.1 kHz). */
const TARGET_SLICE_OUTPUT = 2000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export class StreamResampler {
  readonly fromRate: number;
  readonly toRate: number;
  /** Input samples per slice (a multiple of L). */
  private readonly block: number;
  /** Context input samples on each side of a slice (a multiple of L). */
  private readonly pad: number;
  private readonly inPerOut: { l: number; m: number };
  private buf = new Int16Array(0);
  /** Absolute input index of buf[0]. */
  private bufStart = 0;
  private bufLen = 0;
  /** Absolute input index up to which output has been produced (a multiple of L). */
  private done = 0;
  private ended = false;

  constructor(fromRate: number, toRate: number) {
    if (!Number.isInteger(fromRate) || !Number.isInteger(toRate) || fromRate <= 0 || toRate <= 0) {
      throw new RangeError(`StreamResampler: rates must be positive integers (${fromRate} → ${toRate})`);
    }
    this.fromRate = fromRate;
    this.toRate = toRate;
    const g = gcd(fromRate, toRate);
    const l = fromRate / g;
    const m = toRate / g;
    this.inPerOut = { l, m };
    this.block = l * Math.max(1, Math.round(TARGET_SLICE_OUTPUT / m));
    this.pad = l * Math.ceil((Math.ceil(resampleReach(fromRate, toRate)) + 1) / l);
  }

  /** Appends input. The array is copied; the caller may reuse it. */
  push(samples: Int16Array): void {
    if (this.ended) throw new Error('StreamResampler: push after end');
    this.compact();
    if (this.bufLen + samples.length > this.buf.length) {
      const grown = new Int16Array(Math.max(this.bufLen + samples.length, this.buf.length * 2, 4096));
      grown.set(this.buf.subarray(0, this.bufLen));
      this.buf = grown;
    }
    this.buf.set(samples, this.bufLen);
    this.bufLen += samples.length;
  }

  /** The next slice of output when enough input has arrived, else undefined. */
  next(): Int16Array | undefined {
    if (this.fromRate === this.toRate) return this.passThrough();
    if (this.bufStart + this.bufLen < this.done + this.block + this.pad) return undefined;
    const out = this.slice(this.done + this.block + this.pad).subarray(0, this.outputs(this.block));
    this.done += this.block;
    return out.slice();
  }

  /** The rest of the output, once all input has been pushed. Total output matches `resample`. */
  end(): Int16Array {
    this.ended = true;
    if (this.fromRate === this.toRate) return this.passThrough() ?? new Int16Array(0);
    const out = this.slice(this.bufStart + this.bufLen).slice();
    this.done = this.bufStart + this.bufLen;
    return out;
  }

  private passThrough(): Int16Array | undefined {
    if (this.bufLen === 0) return undefined;
    const out = this.buf.slice(0, this.bufLen);
    this.bufStart += this.bufLen;
    this.bufLen = 0;
    return out;
  }

  /** Resamples input [done - pad, until) and returns the output from `done` on. */
  private slice(until: number): Int16Array {
    const from = Math.max(0, this.done - this.pad);
    const input = this.buf.subarray(from - this.bufStart, until - this.bufStart);
    return resample(input, this.fromRate, this.toRate).subarray(this.outputs(this.done - from));
  }

  /** Output samples for `inputs` input samples, when `inputs` is a multiple of L. */
  private outputs(inputs: number): number {
    return (inputs / this.inPerOut.l) * this.inPerOut.m;
  }

  /** Drops input no future slice needs. */
  private compact(): void {
    const keepFrom = Math.max(0, this.done - this.pad);
    const drop = keepFrom - this.bufStart;
    if (drop <= 0) return;
    this.buf.copyWithin(0, drop, this.bufLen);
    this.bufLen -= drop;
    this.bufStart = keepFrom;
  }
}
