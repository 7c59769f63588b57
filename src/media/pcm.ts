// Small PCM utilities shared by the media engines, their tests and the end-to-end tests.

/** The arrays one after another in a new array. */
export function concatPcm(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Goertzel power of one frequency. */
export function goertzelPower(samples: Int16Array, freq: number, rate = 8000): number {
  const coeff = 2 * Math.cos((2 * Math.PI * freq) / rate);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return Math.max(0, s1 * s1 + s2 * s2 - coeff * s1 * s2);
}

/** Amplitude of the `freq` component, scaled so a sine of peak A reads ≈ A. */
export function toneAmplitude(samples: Int16Array, freq: number, rate = 8000): number {
  return samples.length === 0 ? 0 : (2 * Math.sqrt(goertzelPower(samples, freq, rate))) / samples.length;
}

/** The strongest frequency between `from` and `to` Hz at 1 Hz resolution. */
export function dominantFrequency(samples: Int16Array, from = 100, to = 3400, rate = 8000): number {
  let best = from;
  let bestPower = -1;
  for (let f = from; f <= to; f++) {
    const p = goertzelPower(samples, f, rate);
    if (p > bestPower) [best, bestPower] = [f, p];
  }
  return best;
}

/** RMS level in dBFS (full scale 32768). */
export function rmsDbfs(samples: Int16Array): number {
  let sum = 0;
  for (const x of samples) sum += x * x;
  return 20 * Math.log10(Math.sqrt(sum / Math.max(1, samples.length)) / 32768 + 1e-12);
}
