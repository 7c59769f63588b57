// The WAV layout recordings use: canonical 44-byte header, 16-bit little-endian PCM, 1 or 2
// channels, interleaved. Kept inside this folder (the player has its own reader/writer) so the
// recorder depends on nothing under construction. The header is written first with the sizes known
// so far and rewritten in place as data is appended, which is what keeps a half-written file valid.

import { endianness } from 'node:os';
import { RecorderError } from './errors.ts';

export const WAV_HEADER_BYTES = 44;
/** Largest data chunk a RIFF size field can describe (RIFF size = 36 + data, 32 bits). */
export const WAV_MAX_DATA_BYTES = 0xffffffff - 36;

export interface WavFormat {
  sampleRate: number;
  channels: 1 | 2;
}

export interface WavInfo extends WavFormat {
  bitsPerSample: number;
  /** The RIFF chunk size field as stored. */
  riffSize: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** The data chunk size field as stored (what a player will play). */
  dataBytes: number;
  /** Whole frames the data chunk describes. */
  frames: number;
  durationSec: number;
}

/** The 44-byte header for `dataBytes` of 16-bit PCM. */
export function wavHeader(format: WavFormat, dataBytes: number): Buffer {
  const h = Buffer.alloc(WAV_HEADER_BYTES);
  const blockAlign = format.channels * 2;
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // WAVE_FORMAT_PCM
  h.writeUInt16LE(format.channels, 22);
  h.writeUInt32LE(format.sampleRate, 24);
  h.writeUInt32LE(format.sampleRate * blockAlign, 28);
  h.writeUInt16LE(blockAlign, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** Samples as little-endian bytes (a copy, so the caller may reuse its array). */
export function pcmBytes(samples: Int16Array): Buffer {
  const b = Buffer.from(samples.buffer.slice(samples.byteOffset, samples.byteOffset + samples.byteLength));
  return endianness() === 'BE' ? b.swap16() : b;
}

const malformed = (why: string) => new RecorderError('ERR_RECORDING_WAV', `not a readable recording: ${why}`);

/**
 * Reads the header of a 16-bit PCM WAV (chunks in any order, unknown chunks skipped). The data
 * chunk's size is reported as stored, even when more or fewer bytes follow it.
 */
export function parseWavHeader(bytes: Uint8Array): WavInfo {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 12 || b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') throw malformed('no RIFF/WAVE magic');
  let fmt: { channels: number; sampleRate: number; bits: number; tag: number } | undefined;
  for (let at = 12; at + 8 <= b.length; ) {
    const id = b.toString('ascii', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      if (size < 16 || at + 24 > b.length) throw malformed(`fmt chunk is ${size} bytes`);
      fmt = { tag: b.readUInt16LE(at + 8), channels: b.readUInt16LE(at + 10), sampleRate: b.readUInt32LE(at + 12), bits: b.readUInt16LE(at + 22) };
    } else if (id === 'data') {
      if (!fmt) throw malformed('data chunk before fmt chunk');
      if (fmt.tag !== 1 || fmt.bits !== 16) throw malformed(`format ${fmt.tag}/${fmt.bits} bits is not 16-bit PCM`);
      if (fmt.channels !== 1 && fmt.channels !== 2) throw malformed(`${fmt.channels} channels`);
      if (fmt.sampleRate < 1) throw malformed('sample rate 0');
      const frames = Math.floor(size / (fmt.channels * 2));
      return {
        sampleRate: fmt.sampleRate, channels: fmt.channels === 1 ? 1 : 2, bitsPerSample: 16, riffSize: b.readUInt32LE(4),
        dataOffset: at + 8, dataBytes: size, frames, durationSec: frames / fmt.sampleRate,
      };
    }
    at += 8 + size + (size & 1);
  }
  throw malformed('no data chunk');
}

/** Header plus the samples the data chunk describes (interleaved); bytes missing at the end read as absent. */
export function parseWav(bytes: Uint8Array): { info: WavInfo; samples: Int16Array } {
  const info = parseWavHeader(bytes);
  const end = Math.min(bytes.byteLength, info.dataOffset + info.dataBytes);
  const count = Math.floor((end - info.dataOffset) / 2);
  const samples = new Int16Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) samples[i] = view.getInt16(info.dataOffset + 2 * i, true);
  return { info, samples };
}

/** A whole WAV file in memory. */
export function encodeWav(format: WavFormat, samples: Int16Array): Buffer {
  return Buffer.concat([wavHeader(format, samples.byteLength), pcmBytes(samples)]);
}
