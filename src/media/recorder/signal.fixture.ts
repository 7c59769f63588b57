// Test-only synthetic audio (not exported from index.ts): silence, tones, noise at a set level,
// speech-like bursts, packetising, and Goertzel/peak-frequency analysis of the result.

import { seededRandom } from '../../core/index.ts';
import { concatPcm } from '../pcm.ts';

export const concat = (...parts: Int16Array[]): Int16Array => concatPcm(parts);

export const RATE = 8000;

export const ms = (n: number): number => Math.round((n * RATE) / 1000);

export function silence(durMs: number): Int16Array {
  return new Int16Array(ms(durMs));
}

/** A sine at `dbfs` RMS (full scale 32768; a sine's peak is RMS·√2). */
export function tone(hz: number, durMs: number, dbfs = -12, phase0 = 0): Int16Array {
  const amp = 32768 * 10 ** (dbfs / 20) * Math.SQRT2;
  const out = new Int16Array(ms(durMs));
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amp * Math.sin(phase0 + (2 * Math.PI * hz * i) / RATE));
  return out;
}

/** White noise at about `dbfs` RMS (line noise when low). */
export function noise(durMs: number, dbfs: number, seed = 1): Int16Array {
  const rnd = seededRandom(seed);
  const amp = 32768 * 10 ** (dbfs / 20) * Math.sqrt(3);
  const out = new Int16Array(ms(durMs));
  for (let i = 0; i < out.length; i++) out[i] = Math.round((rnd() * 2 - 1) * amp);
  return out;
}

/**
 * Speech-like audio: syllables of 120–300 ms (a 140–220 Hz fundamental with two harmonics, a
 * raised-cosine envelope) separated by 40–120 ms quiet gaps, for `durMs` in total.
 */
export function speechLike(durMs: number, seed = 7, dbfs = -18): Int16Array {
  const rnd = seededRandom(seed);
  const out = new Int16Array(ms(durMs));
  const amp = 32768 * 10 ** (dbfs / 20) * 1.6;
  for (let at = 0; at < out.length; ) {
    const len = Math.min(ms(120 + rnd() * 180), out.length - at);
    const f0 = 140 + rnd() * 80;
    for (let i = 0; i < len; i++) {
      const env = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / len);
      const t = i / RATE;
      const v = Math.sin(2 * Math.PI * f0 * t) + 0.5 * Math.sin(4 * Math.PI * f0 * t) + 0.3 * Math.sin(6 * Math.PI * f0 * t);
      out[at + i] = Math.round(amp * env * v * 0.55);
    }
    at += len + ms(40 + rnd() * 80);
  }
  return out;
}


/** Splits into packets of `size` samples (20 ms by default), the last one possibly shorter. */
export function packets(samples: Int16Array, size = 160): Int16Array[] {
  const out: Int16Array[] = [];
  for (let i = 0; i < samples.length; i += size) out.push(samples.subarray(i, i + size));
  return out;
}

/** Channel `c` (0-based) of interleaved samples. */
export function channel(samples: Int16Array, channels: number, c: number): Int16Array {
  const out = new Int16Array(Math.floor(samples.length / channels));
  for (let i = 0; i < out.length; i++) out[i] = samples[i * channels + c]!;
  return out;
}

/** Goertzel power at `hz`, normalised by the sample count. */
export function goertzel(samples: Int16Array, hz: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / RATE);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / samples.length;
}

/** The strongest frequency from 50 Hz to 3950 Hz in `stepHz` steps. */
export function dominantHz(samples: Int16Array, stepHz = 5): number {
  let best = 0;
  let bestPower = -1;
  for (let hz = 50; hz < 3950; hz += stepHz) {
    const p = goertzel(samples, hz);
    if (p > bestPower) [best, bestPower] = [hz, p];
  }
  return best;
}

/** Index of the first sample whose magnitude reaches `level`, or -1. */
export function firstLoud(samples: Int16Array, level = 300): number {
  return samples.findIndex((s) => Math.abs(s) >= level);
}

/** Index just past the last sample whose magnitude reaches `level`, or 0. */
export function endOfLoud(samples: Int16Array, level = 300): number {
  for (let i = samples.length - 1; i >= 0; i--) if (Math.abs(samples[i]!) >= level) return i + 1;
  return 0;
}

/** A deterministic test signal by sample index (a 440 Hz sine with a slow ramp), for crash tests. */
export function sampleAt(i: number): number {
  return Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / RATE) + ((i % 4000) - 2000));
}
