// Test-only helpers (not exported from index.ts): the MP3 tones generated under
// test/data/audio/ (see its PROVENANCE.md), an ID3v2 tag to put in front of them, and the
// measurements the MP3 tests make on decoded audio.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dominantFrequency, toneAmplitude } from '../pcm.ts';

export const AUDIO_DATA_DIR = fileURLToPath(new URL('../../../test/data/audio/', import.meta.url));

/** ~1 s of 440 Hz at half full scale. With a Xing/LAME tag (`lameTag`) a gapless decoder returns exactly 1 s. */
export const MP3_TONES = [
  { file: 'tone-440-22050-mono.mp3', rate: 22050, channels: 1, lameTag: true },
  { file: 'tone-440-44100-stereo.mp3', rate: 44100, channels: 2, lameTag: true },
  { file: 'tone-440-44100-stereo-cbr.mp3', rate: 44100, channels: 2, lameTag: false },
] as const;

export function loadMp3(file: string): Uint8Array {
  return new Uint8Array(readFileSync(`${AUDIO_DATA_DIR}${file}`));
}

/** An ID3v2.3 tag holding one TIT2 (title) frame and `padding` zero bytes, ahead of `audio`. */
export function withId3v2(audio: Uint8Array, title = 'Switchboard test tone', padding = 64): Uint8Array {
  const text = new TextEncoder().encode(title);
  const frameSize = 1 + text.length; // encoding byte (0 = ISO-8859-1) + text
  const frame = new Uint8Array(10 + frameSize);
  frame.set([0x54, 0x49, 0x54, 0x32]); // "TIT2"
  new DataView(frame.buffer).setUint32(4, frameSize); // v2.3 frame sizes are plain 32-bit
  frame.set(text, 11);
  const size = frame.length + padding;
  const header = new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f]);
  const out = new Uint8Array(header.length + size + audio.length);
  out.set(header);
  out.set(frame, header.length);
  out.set(audio, header.length + size);
  return out;
}

/** Pseudo-random bytes (no MPEG sync by construction: every 0xff is replaced). */
export function noise(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = (x >>> 16) & 0xff || 1;
    if (out[i] === 0xff) out[i] = 0xfe;
  }
  return out;
}

export interface ToneCheck {
  durationMs: number;
  frequency: number;
  /** Amplitude of the 440 Hz component over the middle of the signal (peak ≈ this). */
  amplitude: number;
}

/**
 * Duration, dominant frequency (100–3400 Hz, 1 Hz steps) and 440 Hz amplitude of 8 kHz PCM,
 * the last two over the middle 40 % (0.4 s of a 1 s tone: a 2.5 Hz main lobe, and a third of
 * the Goertzel work of the whole signal).
 */
export function measureTone(samples: Int16Array): ToneCheck {
  const middle = samples.subarray(Math.floor(samples.length * 0.3), Math.floor(samples.length * 0.7));
  return {
    durationMs: (samples.length / 8000) * 1000,
    frequency: dominantFrequency(middle),
    amplitude: toneAmplitude(middle, 440),
  };
}
