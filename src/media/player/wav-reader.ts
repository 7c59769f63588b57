// A tolerant RIFF/WAVE reader: PCM (8/16/24/32-bit), IEEE float, G.711 µ-law and A-law, plain or
// WAVE_FORMAT_EXTENSIBLE; unknown chunks are skipped. A data chunk that claims more bytes than the
// file holds (espeak-ng's streaming header says 0x7ffff000) is read up to the end of the file.
// Output is mono Int16 PCM (channels are averaged); `wavToPcm8k` also resamples to 8 kHz.

import { alawToPcm, ulawToPcm } from '../codecs/index.ts';
import { WavError } from './errors.ts';
import { resample } from './resample.ts';

export type WavEncoding = 'pcm' | 'float' | 'mulaw' | 'alaw';

export const WAVE_FORMAT_PCM = 0x0001;
export const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
export const WAVE_FORMAT_ALAW = 0x0006;
export const WAVE_FORMAT_MULAW = 0x0007;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Sample rates outside this range are refused as malformed. */
export const MIN_WAV_RATE = 1000;
export const MAX_WAV_RATE = 384_000;
export const MAX_WAV_CHANNELS = 8;

export interface WavInfo {
  readonly encoding: WavEncoding;
  /** The format tag that decided the encoding (the SubFormat's for WAVE_FORMAT_EXTENSIBLE). */
  readonly formatTag: number;
  readonly extensible: boolean;
  readonly sampleRate: number;
  readonly channels: number;
  /** Container bits per sample (8, 16, 24, 32 or 64). */
  readonly bitsPerSample: number;
  readonly blockAlign: number;
  /** Offset of the first sample byte in the file. */
  readonly dataOffset: number;
  /** Sample bytes actually read (whole frames only). */
  readonly dataBytes: number;
  /** What the data chunk header claimed. */
  readonly declaredDataBytes: number;
  /** True when the header claimed more data than the file holds (streaming header or a cut file). */
  readonly truncated: boolean;
  /** Frames (samples per channel) read. */
  readonly frames: number;
}

export interface WavAudio {
  readonly info: WavInfo;
  /** Mono samples at `info.sampleRate`. */
  readonly samples: Int16Array;
}

const EXTENSIBLE_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

function fourcc(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
}

interface Fmt {
  encoding: WavEncoding;
  formatTag: number;
  extensible: boolean;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  blockAlign: number;
}

function encodingOf(tag: number): WavEncoding | undefined {
  switch (tag) {
    case WAVE_FORMAT_PCM:
      return 'pcm';
    case WAVE_FORMAT_IEEE_FLOAT:
      return 'float';
    case WAVE_FORMAT_MULAW:
      return 'mulaw';
    case WAVE_FORMAT_ALAW:
      return 'alaw';
    default:
      return undefined;
  }
}

function parseFmt(view: DataView, at: number, size: number): Fmt {
  if (size < 16) throw new WavError('ERR_WAV_MALFORMED', `fmt chunk is ${size} bytes, needs 16`);
  let formatTag = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bitsPerSample = view.getUint16(at + 14, true);
  let extensible = false;
  if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40 || view.getUint16(at + 16, true) < 22) throw new WavError('ERR_WAV_MALFORMED', 'WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes');
    for (let i = 0; i < EXTENSIBLE_GUID_TAIL.length; i++) {
      if (view.getUint8(at + 26 + i) !== EXTENSIBLE_GUID_TAIL[i]) throw new WavError('ERR_WAV_UNSUPPORTED', 'WAVE_FORMAT_EXTENSIBLE with a non-standard SubFormat GUID');
    }
    formatTag = view.getUint16(at + 24, true);
    extensible = true;
  }
  const encoding = encodingOf(formatTag);
  if (!encoding) throw new WavError('ERR_WAV_UNSUPPORTED', `format tag 0x${formatTag.toString(16).padStart(4, '0')} (only PCM, IEEE float, µ-law and A-law are read)`);
  if (channels < 1 || channels > MAX_WAV_CHANNELS) throw new WavError('ERR_WAV_MALFORMED', `${channels} channels (1 to ${MAX_WAV_CHANNELS} are read)`);
  if (sampleRate < MIN_WAV_RATE || sampleRate > MAX_WAV_RATE) throw new WavError('ERR_WAV_MALFORMED', `sample rate ${sampleRate} Hz is out of range`);
  if (blockAlign === 0 || blockAlign % channels !== 0) throw new WavError('ERR_WAV_MALFORMED', `block align ${blockAlign} does not fit ${channels} channel(s)`);
  const container = (blockAlign / channels) * 8;
  const allowed: Record<WavEncoding, readonly number[]> = { pcm: [8, 16, 24, 32], float: [32, 64], mulaw: [8], alaw: [8] };
  if (!allowed[encoding].includes(container)) throw new WavError('ERR_WAV_UNSUPPORTED', `${encoding} with ${container}-bit samples`);
  if (bitsPerSample === 0 || bitsPerSample > container) throw new WavError('ERR_WAV_MALFORMED', `bits per sample ${bitsPerSample} does not fit block align ${blockAlign}`);
  return { encoding, formatTag, extensible, sampleRate, channels, bitsPerSample: container, blockAlign };
}

/** Reads the header and locates the samples; throws WavError. */
export function parseWavHeader(bytes: Uint8Array): WavInfo {
  if (bytes.length < 12) throw new WavError('ERR_WAV_MALFORMED', `${bytes.length} bytes is too short for a RIFF header`);
  const magic = fourcc(bytes, 0);
  if (magic === 'RF64' || magic === 'RIFX') throw new WavError('ERR_WAV_UNSUPPORTED', `${magic} container`);
  if (magic !== 'RIFF' || fourcc(bytes, 8) !== 'WAVE') throw new WavError('ERR_WAV_MALFORMED', 'not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: Fmt | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = fourcc(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    const available = bytes.length - body;
    if (id === 'fmt ') {
      if (size > available) throw new WavError('ERR_WAV_MALFORMED', 'fmt chunk runs past the end of the file');
      fmt = parseFmt(view, body, size);
    } else if (id === 'data') {
      if (!fmt) throw new WavError('ERR_WAV_MALFORMED', 'data chunk before the fmt chunk');
      const truncated = size > available;
      const usable = Math.min(size, available);
      const frames = Math.floor(usable / fmt.blockAlign);
      const { formatTag, encoding, extensible, sampleRate, channels, bitsPerSample, blockAlign } = fmt;
      return { encoding, formatTag, extensible, sampleRate, channels, bitsPerSample, blockAlign, dataOffset: body, dataBytes: frames * blockAlign, declaredDataBytes: size, truncated, frames };
    }
    at = body + size + (size & 1);
  }
  throw new WavError('ERR_WAV_MALFORMED', fmt ? 'no data chunk' : 'no fmt chunk');
}

function readSample(view: DataView, at: number, info: WavInfo): number {
  switch (info.encoding) {
    case 'pcm':
      switch (info.bitsPerSample) {
        case 8:
          return (view.getUint8(at) - 128) << 8;
        case 16:
          return view.getInt16(at, true);
        case 24:
          return view.getInt16(at + 1, true);
        default:
          return view.getInt16(at + 2, true);
      }
    case 'float': {
      const f = info.bitsPerSample === 32 ? view.getFloat32(at, true) : view.getFloat64(at, true);
      const s = Math.round(f * 32768);
      return Number.isNaN(s) ? 0 : s > 32767 ? 32767 : s < -32768 ? -32768 : s;
    }
    default:
      throw new Error('unreachable: G.711 is decoded by table');
  }
}

function g711(bytes: Uint8Array, info: WavInfo): Int16Array {
  const raw = bytes.subarray(info.dataOffset, info.dataOffset + info.dataBytes);
  return info.encoding === 'mulaw' ? ulawToPcm(raw) : alawToPcm(raw);
}

/** Decodes to mono Int16 PCM at the file's own rate; throws WavError. */
export function decodeWav(bytes: Uint8Array): WavAudio {
  const info = parseWavHeader(bytes);
  const { channels, frames } = info;
  if (info.encoding === 'mulaw' || info.encoding === 'alaw') {
    const all = g711(bytes, info);
    return { info, samples: channels === 1 ? all : downmix(all, channels, frames) };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int16Array(frames);
  const width = info.blockAlign / channels;
  if (info.encoding === 'pcm' && info.bitsPerSample === 16 && channels === 1) {
    for (let i = 0, at = info.dataOffset; i < frames; i++, at += 2) out[i] = view.getInt16(at, true);
    return { info, samples: out };
  }
  for (let i = 0, at = info.dataOffset; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++, at += width) sum += readSample(view, at, info);
    out[i] = Math.round(sum / channels);
  }
  return { info, samples: out };
}

function downmix(interleaved: Int16Array, channels: number, frames: number): Int16Array {
  const out = new Int16Array(frames);
  for (let i = 0, j = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += interleaved[j++]!;
    out[i] = Math.round(sum / channels);
  }
  return out;
}

/** Decodes any supported WAV to mono 16-bit PCM at 8 kHz (band-limited resampling); throws WavError. */
export function wavToPcm8k(bytes: Uint8Array): Int16Array {
  const { info, samples } = decodeWav(bytes);
  return resample(samples, info.sampleRate, 8000);
}
