// RTP data packets, RFC 3550 §5.1 (fixed header) and §5.3.1 (header extension).
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                           timestamp                           |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |           synchronization source (SSRC) identifier            |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  |       CSRC list (CC × 32 bits), then the extension if X       |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// This is the per-packet fast path (50 packets a second per direction per call): parsing reads
// bytes directly, never copies the payload (it is a view into the datagram) and never throws.

export const RTP_VERSION = 2;
/** Size of the fixed header, without CSRCs or extension (§5.1). */
export const RTP_HEADER_SIZE = 12;

/** The §5.3.1 header extension: a 16-bit profile word and data whose length is a multiple of 4. */
export interface RtpHeaderExtension {
  readonly profile: number;
  /** Extension body without its 4-byte header; a view into the datagram when parsed. */
  readonly data: Uint8Array;
}

export interface RtpPacket {
  readonly marker: boolean;
  /** 0-127. */
  readonly payloadType: number;
  /** 16-bit, wraps. */
  readonly sequenceNumber: number;
  /** 32-bit unsigned, in the payload's clock rate. */
  readonly timestamp: number;
  /** 32-bit unsigned. */
  readonly ssrc: number;
  readonly csrcs: readonly number[];
  readonly extension: RtpHeaderExtension | undefined;
  /** A view into the datagram (no copy), without header, extension or padding. */
  readonly payload: Uint8Array;
  /** Padding octets at the end, including the count octet; 0 when the P bit is clear. */
  readonly paddingLength: number;
}

/** What `serializeRtp` needs; an `RtpPacket` from `parseRtp` is one. */
export interface RtpPacketInit {
  marker?: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcs?: readonly number[];
  extension?: RtpHeaderExtension | undefined;
  payload: Uint8Array;
  /** 0 for none, else 1-255 octets (the last one holds the count; the others are written as zero). */
  paddingLength?: number;
}

export type RtpParseErrorCode =
  /** Shorter than the 12-byte fixed header. */
  | 'ERR_RTP_TOO_SHORT'
  /** Version field is not 2. */
  | 'ERR_RTP_VERSION'
  /** The CSRC count points past the end of the datagram. */
  | 'ERR_RTP_CSRC_TRUNCATED'
  /** The extension header or its declared length runs past the end (or into the padding). */
  | 'ERR_RTP_EXTENSION_TRUNCATED'
  /** P bit set with a padding count of 0 or larger than what follows the header. */
  | 'ERR_RTP_PADDING';

export interface RtpParseError {
  readonly code: RtpParseErrorCode;
  readonly reason: string;
}

export type RtpParseResult = { readonly ok: true; readonly packet: RtpPacket } | { readonly ok: false; readonly error: RtpParseError };

const NO_CSRCS: readonly number[] = Object.freeze([]);

function fail(code: RtpParseErrorCode, reason: string): RtpParseResult {
  return { ok: false, error: { code, reason } };
}

function u32(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
}

/** Parses one RTP packet. Never throws: malformed input gives `{ ok: false, error }`. */
export function parseRtp(data: Uint8Array): RtpParseResult {
  const len = data.length;
  if (len < RTP_HEADER_SIZE) return fail('ERR_RTP_TOO_SHORT', `${len} bytes, the fixed header needs ${RTP_HEADER_SIZE}`);
  const b0 = data[0]!;
  const b1 = data[1]!;
  if (b0 >>> 6 !== RTP_VERSION) return fail('ERR_RTP_VERSION', `version ${b0 >>> 6}, expected 2`);
  const cc = b0 & 0x0f;
  let offset = RTP_HEADER_SIZE + cc * 4;
  if (offset > len) return fail('ERR_RTP_CSRC_TRUNCATED', `CSRC count ${cc} needs ${offset} bytes, have ${len}`);

  let end = len;
  let paddingLength = 0;
  if (b0 & 0x20) {
    paddingLength = data[len - 1]!;
    if (paddingLength === 0 || paddingLength > len - offset) return fail('ERR_RTP_PADDING', `padding count ${paddingLength} with ${len - offset} bytes after the header`);
    end = len - paddingLength;
  }

  let csrcs = NO_CSRCS;
  if (cc > 0) {
    const list: number[] = new Array<number>(cc);
    for (let i = 0; i < cc; i++) list[i] = u32(data, RTP_HEADER_SIZE + i * 4);
    csrcs = list;
  }

  let extension: RtpHeaderExtension | undefined;
  if (b0 & 0x10) {
    if (offset + 4 > end) return fail('ERR_RTP_EXTENSION_TRUNCATED', `extension header at ${offset} runs past ${end}`);
    const profile = (data[offset]! << 8) | data[offset + 1]!;
    const bodyLength = ((data[offset + 2]! << 8) | data[offset + 3]!) * 4;
    const bodyStart = offset + 4;
    offset = bodyStart + bodyLength;
    if (offset > end) return fail('ERR_RTP_EXTENSION_TRUNCATED', `extension of ${bodyLength} bytes at ${bodyStart} runs past ${end}`);
    extension = { profile, data: data.subarray(bodyStart, offset) };
  }

  return {
    ok: true,
    packet: {
      marker: (b1 & 0x80) !== 0,
      payloadType: b1 & 0x7f,
      sequenceNumber: (data[2]! << 8) | data[3]!,
      timestamp: u32(data, 4),
      ssrc: u32(data, 8),
      csrcs,
      extension,
      payload: data.subarray(offset, end),
      paddingLength,
    },
  };
}

/** Octets `serializeRtp` writes for `p`. */
export function rtpPacketSize(p: RtpPacketInit): number {
  const cc = p.csrcs?.length ?? 0;
  const ext = p.extension ? 4 + p.extension.data.length : 0;
  return RTP_HEADER_SIZE + cc * 4 + ext + p.payload.length + (p.paddingLength ?? 0);
}

function checkInit(p: RtpPacketInit): void {
  if (!Number.isInteger(p.payloadType) || p.payloadType < 0 || p.payloadType > 127) throw new RangeError(`RTP payload type ${p.payloadType} is not 0-127`);
  const cc = p.csrcs?.length ?? 0;
  if (cc > 15) throw new RangeError(`${cc} CSRCs, at most 15`);
  const pad = p.paddingLength ?? 0;
  if (!Number.isInteger(pad) || pad < 0 || pad > 255) throw new RangeError(`RTP padding ${pad} is not 0-255`);
  const ext = p.extension;
  if (ext && (ext.data.length % 4 !== 0 || ext.data.length > 0x3fffc)) throw new RangeError(`RTP extension of ${ext.data.length} bytes is not a multiple of 4 below 256 KiB`);
  if (ext && (ext.profile < 0 || ext.profile > 0xffff)) throw new RangeError(`RTP extension profile ${ext.profile} is not 16-bit`);
}

function put32(b: Uint8Array, i: number, v: number): void {
  b[i] = v >>> 24;
  b[i + 1] = v >>> 16;
  b[i + 2] = v >>> 8;
  b[i + 3] = v;
}

/**
 * Writes `p` into `out` at `offset` (or into a new Buffer) and returns the written view.
 * Sequence number, timestamp and SSRC are taken modulo 2^16 / 2^32. Throws RangeError on an
 * invalid field or when `out` is too small: those are caller bugs, not wire input.
 */
export function serializeRtp(p: RtpPacketInit, out?: Uint8Array, offset = 0): Uint8Array {
  checkInit(p);
  const size = rtpPacketSize(p);
  let buf: Uint8Array;
  if (out === undefined) buf = Buffer.allocUnsafe(size);
  else if (offset < 0 || offset + size > out.length) throw new RangeError(`RTP packet of ${size} bytes does not fit at ${offset} in ${out.length}`);
  else buf = out.subarray(offset, offset + size);

  const csrcs = p.csrcs ?? NO_CSRCS;
  const pad = p.paddingLength ?? 0;
  const ext = p.extension;
  buf[0] = (RTP_VERSION << 6) | (pad > 0 ? 0x20 : 0) | (ext ? 0x10 : 0) | csrcs.length;
  buf[1] = (p.marker ? 0x80 : 0) | p.payloadType;
  buf[2] = p.sequenceNumber >>> 8;
  buf[3] = p.sequenceNumber;
  put32(buf, 4, p.timestamp);
  put32(buf, 8, p.ssrc);
  let i = RTP_HEADER_SIZE;
  for (const c of csrcs) {
    put32(buf, i, c);
    i += 4;
  }
  if (ext) {
    buf[i] = ext.profile >>> 8;
    buf[i + 1] = ext.profile;
    const words = ext.data.length / 4;
    buf[i + 2] = words >>> 8;
    buf[i + 3] = words;
    buf.set(ext.data, i + 4);
    i += 4 + ext.data.length;
  }
  buf.set(p.payload, i);
  i += p.payload.length;
  if (pad > 0) {
    buf.fill(0, i, i + pad - 1);
    buf[i + pad - 1] = pad;
  }
  return buf;
}

/**
 * Tells RTP from RTCP and from anything else on a shared port (RFC 7983 §7, RFC 5761 §4):
 * a first byte of 128-191 is RTP or RTCP, and RTCP packet types 192-223 fill the second byte.
 */
export function classifyPacket(data: Uint8Array): 'rtp' | 'rtcp' | 'other' {
  if (data.length < 2) return 'other';
  const b0 = data[0]!;
  if (b0 < 128 || b0 > 191) return 'other';
  const b1 = data[1]!;
  return b1 >= 192 && b1 <= 223 ? 'rtcp' : 'rtp';
}
