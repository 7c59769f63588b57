import { spawnSync } from 'node:child_process';

/** Goertzel power of one frequency over 8 kHz (or `rate`) PCM. */
export function goertzelPower(pcm: Int16Array, freq: number, rate = 8000): number {
  const k = 2 * Math.cos((2 * Math.PI * freq) / rate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < pcm.length; i++) {
    const s0 = (pcm[i] ?? 0) + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - k * s1 * s2;
}

/** The strongest frequency between `from` and `to` Hz, at 1 Hz resolution. */
export function dominantFrequency(pcm: Int16Array, from = 100, to = 3400, rate = 8000): number {
  let best = from;
  let bestPower = -1;
  for (let f = from; f <= to; f++) {
    const p = goertzelPower(pcm, f, rate);
    if (p > bestPower) [best, bestPower] = [f, p];
  }
  return best;
}

export function rmsDbfs(pcm: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += (pcm[i] ?? 0) ** 2;
  return 20 * Math.log10(Math.sqrt(sum / Math.max(1, pcm.length)) / 32768 + 1e-12);
}

export function concatPcm(frames: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

/** A tone WAV (S16LE mono 8 kHz) made with sox, without dither. Fails loudly when sox is missing. */
export function makeToneWav(path: string, freq: number, seconds: number): void {
  const r = spawnSync('sox', ['-D', '-n', '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', path, 'synth', String(seconds), 'sine', String(freq), 'vol', '0.5']);
  if (r.error || r.status !== 0) throw new Error(`sox is required for this test: apt-get install sox libsox-fmt-all (${r.error?.message ?? r.stderr.toString()})`);
}
