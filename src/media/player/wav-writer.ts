// WAV writer for recordings, the TTS disk cache and tests: mono 16-bit PCM, µ-law or A-law.
// PCM gets the canonical 44-byte header; G.711 gets an 18-byte fmt chunk (cbSize 0) and the fact
// chunk the WAVE spec asks of non-PCM formats.

import { pcmToAlaw, pcmToUlaw } from '../codecs/index.ts';
import { WAVE_FORMAT_ALAW, WAVE_FORMAT_MULAW, WAVE_FORMAT_PCM } from './wav-reader.ts';

export type WavWriteEncoding = 'pcm16' | 'mulaw' | 'alaw';

export interface WavWriteOptions {
  /** 'pcm16' by default. */
  encoding?: WavWriteEncoding;
  /** 8000 by default. */
  sampleRate?: number;
}

/** Encodes mono samples as a complete WAV file. */
export function encodeWav(samples: Int16Array, options: WavWriteOptions = {}): Uint8Array {
  const encoding = options.encoding ?? 'pcm16';
  const rate = options.sampleRate ?? 8000;
  if (!Number.isInteger(rate) || rate < 1 || rate > 0xffffffff) throw new RangeError(`sample rate ${rate} is not a positive integer`);
  const pcm = encoding === 'pcm16';
  const bytesPerSample = pcm ? 2 : 1;
  const dataBytes = samples.length * bytesPerSample;
  const fmtBytes = pcm ? 16 : 18;
  const factBytes = pcm ? 0 : 12;
  const header = 12 + 8 + fmtBytes + factBytes + 8;
  const pad = dataBytes & 1;
  const out = new Uint8Array(header + dataBytes + pad);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, fmtBytes, true);
  view.setUint16(20, pcm ? WAVE_FORMAT_PCM : encoding === 'mulaw' ? WAVE_FORMAT_MULAW : WAVE_FORMAT_ALAW, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * bytesPerSample, true);
  view.setUint16(32, bytesPerSample, true);
  view.setUint16(34, bytesPerSample * 8, true);
  let at = 36;
  if (!pcm) {
    view.setUint16(at, 0, true); // cbSize
    ascii(at + 2, 'fact');
    view.setUint32(at + 6, 4, true);
    view.setUint32(at + 10, samples.length, true);
    at += 14;
  }
  ascii(at, 'data');
  view.setUint32(at + 4, dataBytes, true);
  at += 8;
  if (pcm) {
    for (let i = 0; i < samples.length; i++, at += 2) view.setInt16(at, samples[i]!, true);
  } else {
    out.set(encoding === 'mulaw' ? pcmToUlaw(samples) : pcmToAlaw(samples), at);
  }
  return out;
}
