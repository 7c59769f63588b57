// Signal measurements shared by the player and TTS tests.

/** Root mean square of `samples[from, length - from)`. */
export function rms(samples: Int16Array, from = 0): number {
  const end = samples.length - from;
  if (end <= from) return 0;
  let sum = 0;
  for (let i = from; i < end; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / (end - from));
}

export function db(ratio: number): number {
  return 20 * Math.log10(ratio);
}

/** Amplitude of the `freq` component (Goertzel), scaled so a sine of peak A reads ≈ A. */
export function toneAmplitude(samples: Int16Array, freq: number, rate = 8000): number {
  const w = (2 * Math.PI * freq) / rate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / samples.length;
}
