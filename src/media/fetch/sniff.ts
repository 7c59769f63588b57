// Recognises WAV and MP3 by their first bytes, for bodies served with a generic Content-Type
// (application/octet-stream) or with the wrong one.
//
// MP3: an ID3v2 tag (ID3v2.4 §3.1) followed by an MPEG audio frame, or a frame at byte 0. A frame
// header is 4 bytes: 11 sync bits, version, layer, bitrate, sample rate (ISO 11172-3 §2.4.2.3,
// ISO 13818-3 for MPEG-2 and the unofficial MPEG-2.5). Two sync bits are easy to hit by chance,
// so when the body holds the next frame's header as well, it must agree with the first.

export type AudioFormat = 'wav' | 'mp3';

/** kb/s by [version is MPEG-1 ? 0 : 1][layer 1..3 → 0..2][bitrate index]. */
const BITRATES: readonly (readonly (readonly number[])[])[] = [
  [
    [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  ],
  [
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  ],
];

/** Hz by version bits (0 = MPEG-2.5, 2 = MPEG-2, 3 = MPEG-1) and sample-rate index. */
const SAMPLE_RATES: Readonly<Record<number, readonly number[]>> = {
  0: [11025, 12000, 8000],
  2: [22050, 24000, 16000],
  3: [44100, 48000, 32000],
};

export interface MpegFrameHeader {
  /** Version bits: 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5. */
  readonly version: number;
  /** 1, 2 or 3. */
  readonly layer: number;
  readonly sampleRate: number;
  /** Bytes up to the next frame; 0 for free-format streams (unknown). */
  readonly frameLength: number;
}

/** The MPEG audio frame header at `at`, or undefined if those bytes are not one. */
export function parseMpegFrameHeader(bytes: Uint8Array, at = 0): MpegFrameHeader | undefined {
  if (at + 4 > bytes.length) return undefined;
  const b1 = bytes[at + 1]!;
  const b2 = bytes[at + 2]!;
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 3;
  const layer = 4 - ((b1 >> 1) & 3);
  const bitrateIndex = b2 >> 4;
  const rates = SAMPLE_RATES[version];
  const sampleRate = rates?.[(b2 >> 2) & 3];
  if (layer === 4 || bitrateIndex === 15 || sampleRate === undefined) return undefined;
  const kbps = BITRATES[version === 3 ? 0 : 1]![layer - 1]![bitrateIndex]!;
  const padding = (b2 >> 1) & 1;
  let frameLength = 0;
  if (kbps > 0) {
    const bps = kbps * 1000;
    if (layer === 1) frameLength = (Math.floor((12 * bps) / sampleRate) + padding) * 4;
    else if (layer === 3 && version !== 3) frameLength = Math.floor((72 * bps) / sampleRate) + padding;
    else frameLength = Math.floor((144 * bps) / sampleRate) + padding;
  }
  return { version, layer, sampleRate, frameLength };
}

/** Bytes taken by an ID3v2 tag at the start of `bytes` (header, footer included), or 0. */
export function id3v2Length(bytes: Uint8Array): number {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0; // "ID3"
  if (bytes[3] === 0xff || bytes[4] === 0xff) return 0;
  let size = 0;
  for (let i = 6; i < 10; i++) {
    const b = bytes[i]!;
    if (b & 0x80) return 0; // sizes are syncsafe: 7 bits a byte
    size = (size << 7) | b;
  }
  const footer = bytes[5]! & 0x10 ? 10 : 0;
  return 10 + size + footer;
}

/** Whether the body looks like an MPEG audio stream (optionally behind an ID3v2 tag). */
export function looksLikeMp3(bytes: Uint8Array): boolean {
  let at = id3v2Length(bytes);
  if (at > 0) while (at < bytes.length && bytes[at] === 0) at++; // padding after the tag
  const first = parseMpegFrameHeader(bytes, at);
  if (!first) return false;
  const nextAt = at + first.frameLength;
  if (first.frameLength === 0 || nextAt + 4 > bytes.length) return true; // nothing more to check
  const next = parseMpegFrameHeader(bytes, nextAt);
  return next !== undefined && next.version === first.version && next.layer === first.layer && next.sampleRate === first.sampleRate;
}

/** Whether the body starts as a RIFF/WAVE (or RF64) file. */
export function looksLikeWav(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const tag = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  const form = String.fromCharCode(bytes[8]!, bytes[9]!, bytes[10]!, bytes[11]!);
  return (tag === 'RIFF' || tag === 'RIFX' || tag === 'RF64') && form === 'WAVE';
}

/** The format the first bytes show, or undefined when they show neither. */
export function sniffAudio(bytes: Uint8Array): AudioFormat | undefined {
  if (looksLikeWav(bytes)) return 'wav';
  if (looksLikeMp3(bytes)) return 'mp3';
  return undefined;
}
