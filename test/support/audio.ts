import { spawnSync } from 'node:child_process';

export { concatPcm, dominantFrequency, goertzelPower, rmsDbfs } from '../../src/media/pcm.ts';

/** A tone WAV (S16LE mono 8 kHz) made with sox, without dither. Fails loudly when sox is missing. */
export function makeToneWav(path: string, freq: number, seconds: number): void {
  const r = spawnSync('sox', ['-D', '-n', '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', path, 'synth', String(seconds), 'sine', String(freq), 'vol', '0.5']);
  if (r.error || r.status !== 0) throw new Error(`sox is required for this test: apt-get install sox libsox-fmt-all (${r.error?.message ?? r.stderr.toString()})`);
}
