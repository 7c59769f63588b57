// G.711 (ITU-T, 11/88) µ-law and A-law <-> 16-bit linear PCM, and µ-law <-> A-law.
//
// The scalar functions are the reference: the segment (chord) arithmetic of the Sun
// Microsystems g711.c that most stacks share. µ-law works on a 14-bit magnitude (the 16-bit
// sample >> 2), A-law on a 13-bit one (>> 3), so encoding is one lookup in a 16K (µ-law) or
// 8K (A-law) table indexed by the shifted sample, and decoding one lookup in a 256-entry table.
// All tables are built at load from the reference functions.
//
// Decoder outputs (G.711 Tables 1 and 2, scaled to 16 bits):
//   µ-law code c, bits inverted: sign s, exponent e (3 bits), mantissa m (4 bits)
//     |x| = 4 × ((2m + 33) × 2^e − 33)                          (0xFF → 0, 0x00 → −32124)
//   A-law code c, even bits inverted (c ^ 0x55): sign s (1 = positive), e, m
//     |x| = 8 × (2m + 1) if e = 0, else 8 × (2m + 33) × 2^(e−1)  (0xD5 → 8, 0x55 → −8)

const ULAW_BIAS = 0x84 >> 2; // 33 on the 14-bit scale
const ULAW_CLIP = 8159; // largest 14-bit magnitude before the bias

/** One µ-law code → 16-bit linear sample. */
export function ulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const t = ((((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4)) - 0x84;
  return u & 0x80 ? -t : t;
}

/** One 16-bit linear sample → µ-law code (14-bit truncation, then the segment search). */
export function linearToUlaw(sample: number): number {
  let v = sample >> 2;
  let mask = 0xff;
  if (v < 0) {
    v = -v;
    mask = 0x7f;
  }
  if (v > ULAW_CLIP) v = ULAW_CLIP;
  v += ULAW_BIAS;
  let seg = 0;
  while (seg < 8 && v >= 0x40 << seg) seg++; // segment ends 0x3F, 0x7F … 0x1FFF
  if (seg >= 8) return 0x7f ^ mask;
  return ((seg << 4) | ((v >> (seg + 1)) & 0x0f)) ^ mask;
}

/** One A-law code → 16-bit linear sample. */
export function alawToLinear(code: number): number {
  const a = (code ^ 0x55) & 0xff;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

/** One 16-bit linear sample → A-law code (13-bit truncation, then the segment search). */
export function linearToAlaw(sample: number): number {
  let v = sample >> 3;
  let mask = 0xd5; // sign bit 1 for positive, even bits inverted
  if (v < 0) {
    v = -v - 1;
    mask = 0x55;
  }
  let seg = 0;
  while (seg < 8 && v >= 0x20 << seg) seg++; // segment ends 0x1F, 0x3F … 0xFFF
  if (seg >= 8) return 0x7f ^ mask;
  const mantissa = seg < 2 ? (v >> 1) & 0x0f : (v >> seg) & 0x0f;
  return ((seg << 4) | mantissa) ^ mask;
}

function decodeTable(f: (code: number) => number): Int16Array {
  const t = new Int16Array(256);
  for (let c = 0; c < 256; c++) t[c] = f(c);
  return t;
}

/** Encode table indexed by `(sample >> shift) & (size - 1)`: each index stands for the samples sharing those top bits. */
function encodeTable(f: (sample: number) => number, shift: number): Uint8Array {
  const size = 1 << (16 - shift);
  const t = new Uint8Array(size);
  for (let i = 0; i < size; i++) t[i] = f(((i << shift) << 16) >> 16); // back to a signed 16-bit sample
  return t;
}

const ULAW_DECODE = decodeTable(ulawToLinear);
const ALAW_DECODE = decodeTable(alawToLinear);
const ULAW_ENCODE = encodeTable(linearToUlaw, 2); // 16384 entries
const ALAW_ENCODE = encodeTable(linearToAlaw, 3); // 8192 entries
const ULAW_TO_ALAW = new Uint8Array(256);
const ALAW_TO_ULAW = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  ULAW_TO_ALAW[c] = linearToAlaw(ULAW_DECODE[c]!);
  ALAW_TO_ULAW[c] = linearToUlaw(ALAW_DECODE[c]!);
}

function pcmOut(n: number, out: Int16Array | undefined): Int16Array {
  if (out === undefined) return new Int16Array(n);
  if (out.length < n) throw new RangeError(`output holds ${out.length} samples, need ${n}`);
  return out;
}

function byteOut(n: number, out: Buffer | undefined): Buffer {
  if (out === undefined) return Buffer.allocUnsafe(n);
  if (out.length < n) throw new RangeError(`output holds ${out.length} bytes, need ${n}`);
  return out;
}

function decode(table: Int16Array, data: Uint8Array, out: Int16Array | undefined): Int16Array {
  const n = data.length;
  const pcm = pcmOut(n, out);
  for (let i = 0; i < n; i++) pcm[i] = table[data[i]!]!;
  return pcm.length === n ? pcm : pcm.subarray(0, n);
}

/** µ-law bytes → linear PCM; into `out` when given (it must hold `data.length` samples). */
export function ulawToPcm(data: Uint8Array, out?: Int16Array): Int16Array {
  return decode(ULAW_DECODE, data, out);
}

/** A-law bytes → linear PCM; into `out` when given. */
export function alawToPcm(data: Uint8Array, out?: Int16Array): Int16Array {
  return decode(ALAW_DECODE, data, out);
}

/** Linear PCM → µ-law bytes; into `out` when given (it must hold `pcm.length` bytes). */
export function pcmToUlaw(pcm: Int16Array, out?: Buffer): Buffer {
  const n = pcm.length;
  const b = byteOut(n, out);
  for (let i = 0; i < n; i++) b[i] = ULAW_ENCODE[(pcm[i]! >> 2) & 0x3fff]!;
  return b.length === n ? b : b.subarray(0, n);
}

/** Linear PCM → A-law bytes; into `out` when given. */
export function pcmToAlaw(pcm: Int16Array, out?: Buffer): Buffer {
  const n = pcm.length;
  const b = byteOut(n, out);
  for (let i = 0; i < n; i++) b[i] = ALAW_ENCODE[(pcm[i]! >> 3) & 0x1fff]!;
  return b.length === n ? b : b.subarray(0, n);
}

function transcode(table: Uint8Array, data: Uint8Array, out: Buffer | undefined): Buffer {
  const n = data.length;
  const b = byteOut(n, out);
  for (let i = 0; i < n; i++) b[i] = table[data[i]!]!;
  return b.length === n ? b : b.subarray(0, n);
}

/** µ-law → A-law through one 256-entry table (decode, then encode). */
export function ulawToAlaw(data: Uint8Array, out?: Buffer): Buffer {
  return transcode(ULAW_TO_ALAW, data, out);
}

/** A-law → µ-law through one 256-entry table (decode, then encode). */
export function alawToUlaw(data: Uint8Array, out?: Buffer): Buffer {
  return transcode(ALAW_TO_ULAW, data, out);
}

/** Codes for silence: µ-law 0xFF decodes to 0; A-law has no zero, 0xD5 decodes to +8 (the smallest step). */
export const ULAW_SILENCE = 0xff;
export const ALAW_SILENCE = 0xd5;
