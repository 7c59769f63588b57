// Signal measurements shared by the player and TTS tests.
export { toneAmplitude } from '../pcm.ts';

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

