// Micro-benchmark (not a test): `npx tsx src/media/codecs/g711.bench.ts`.
// Whole-buffer G.711 over 20 ms frames (160 samples) and over 1 s buffers (8000 samples).
import { alawToPcm, alawToUlaw, pcmToAlaw, pcmToUlaw, ulawToAlaw, ulawToPcm } from './g711.ts';

function rate(label: string, frames: number, frameSamples: number, fn: () => void): void {
  for (let i = 0; i < Math.min(frames, 20_000); i++) fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < frames; i++) fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const sps = (frames * frameSamples) / s;
  process.stdout.write(`${label.padEnd(34)} ${(sps / 1e6).toFixed(1).padStart(7)} M samples/s  (${(sps / 8000).toFixed(0)}× real time)\n`);
}

for (const size of [160, 8000]) {
  const pcm = Int16Array.from({ length: size }, (_, i) => Math.round(12_000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
  const ulaw = pcmToUlaw(pcm);
  const alaw = pcmToAlaw(pcm);
  const pcmOut = new Int16Array(size);
  const byteOut = Buffer.alloc(size);
  const frames = Math.round(400_000_000 / size / 4);
  process.stdout.write(`-- ${size}-sample buffers\n`);
  rate('pcmToUlaw (new Buffer)', frames, size, () => pcmToUlaw(pcm));
  rate('pcmToUlaw (caller buffer)', frames, size, () => pcmToUlaw(pcm, byteOut));
  rate('ulawToPcm (new Int16Array)', frames, size, () => ulawToPcm(ulaw));
  rate('ulawToPcm (caller array)', frames, size, () => ulawToPcm(ulaw, pcmOut));
  rate('pcmToAlaw (caller buffer)', frames, size, () => pcmToAlaw(pcm, byteOut));
  rate('alawToPcm (caller array)', frames, size, () => alawToPcm(alaw, pcmOut));
  rate('ulawToAlaw (caller buffer)', frames, size, () => ulawToAlaw(ulaw, byteOut));
  rate('alawToUlaw (caller buffer)', frames, size, () => alawToUlaw(alaw, byteOut));
}
