// RTCP packets, RFC 3550 §6: the types, and building compound packets (§6.1).
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|  RC/SC  |      PT       |   length (32-bit words - 1)   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// SR (§6.4.1): SSRC, NTP timestamp (64), RTP timestamp, packet count, octet count, report blocks.
// RR (§6.4.2): SSRC, report blocks. SDES (§6.5): chunks of SSRC + items. BYE (§6.6): SSRCs, reason.
// Parsing lives in rtcp-parse.ts.

import type { NtpTimestamp } from './ntp.ts';

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;
export const RTCP_APP = 204;
/** SDES item type CNAME (§6.5.1). */
export const SDES_CNAME = 1;

/** One reception report block (§6.4.1), about the source `ssrc`. */
export interface ReportBlock {
  readonly ssrc: number;
  /** Fraction lost since the previous report, as an 8-bit fixed-point number (lost/expected × 256). */
  readonly fractionLost: number;
  /** Cumulative packets lost, signed 24-bit (duplicates can make it negative). */
  readonly cumulativeLost: number;
  /** Extended highest sequence number received: cycles in the high 16 bits. */
  readonly highestSeq: number;
  /** Interarrival jitter in timestamp units (Appendix A.8). */
  readonly jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR from this source, 0 if none. */
  readonly lsr: number;
  /** Delay since that SR, in 1/65536 s; 0 if none. */
  readonly dlsr: number;
}

export interface SenderReport {
  readonly type: 'sr';
  readonly ssrc: number;
  readonly ntp: NtpTimestamp;
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
  readonly reports: readonly ReportBlock[];
}

export interface ReceiverReport {
  readonly type: 'rr';
  readonly ssrc: number;
  readonly reports: readonly ReportBlock[];
}

export interface SdesItem {
  /** 1 CNAME, 2 NAME … 8 PRIV (§6.5). */
  readonly type: number;
  readonly value: string;
}

export interface SdesChunk {
  readonly ssrc: number;
  readonly items: readonly SdesItem[];
}

export interface SourceDescription {
  readonly type: 'sdes';
  readonly chunks: readonly SdesChunk[];
}

export interface Goodbye {
  readonly type: 'bye';
  readonly ssrcs: readonly number[];
  readonly reason?: string | undefined;
}

/** APP, XR, feedback … kept as their body (after the 4-byte header), not interpreted. */
export interface OtherRtcp {
  readonly type: 'other';
  readonly packetType: number;
  /** The 5-bit count/subtype field. */
  readonly count: number;
  readonly body: Uint8Array;
}

export type RtcpPacket = SenderReport | ReceiverReport | SourceDescription | Goodbye | OtherRtcp;

const enc = new TextEncoder();

function itemBytes(items: readonly SdesItem[]): Uint8Array[] {
  return items.map((it) => {
    const v = enc.encode(it.value);
    if (v.length > 255) throw new RangeError(`SDES item of ${v.length} bytes, at most 255`);
    if (it.type < 1 || it.type > 255) throw new RangeError(`SDES item type ${it.type} is not 1-255`);
    return v;
  });
}

/** Bytes of one packet, header included; always a multiple of 4. */
function packetSize(p: RtcpPacket): number {
  switch (p.type) {
    case 'sr':
      return 28 + 24 * p.reports.length;
    case 'rr':
      return 8 + 24 * p.reports.length;
    case 'sdes': {
      let n = 4;
      for (const c of p.chunks) {
        const items = itemBytes(c.items).reduce((s, v) => s + 2 + v.length, 0);
        n += 4 + items + (4 - (items % 4));
      }
      return n;
    }
    case 'bye': {
      const reason = p.reason === undefined ? 0 : 1 + enc.encode(p.reason).length;
      return 4 + 4 * p.ssrcs.length + Math.ceil(reason / 4) * 4;
    }
    case 'other':
      return 4 + Math.ceil(p.body.length / 4) * 4;
  }
}

/** Octets `serializeRtcp` writes for this compound packet. */
export function rtcpSize(packets: readonly RtcpPacket[]): number {
  let n = 0;
  for (const p of packets) n += packetSize(p);
  return n;
}

function put32(b: Uint8Array, i: number, v: number): void {
  b[i] = v >>> 24;
  b[i + 1] = v >>> 16;
  b[i + 2] = v >>> 8;
  b[i + 3] = v;
}

function header(b: Uint8Array, i: number, count: number, pt: number, size: number): void {
  if (count > 31) throw new RangeError(`RTCP ${pt}: count ${count} exceeds 31`);
  b[i] = 0x80 | count;
  b[i + 1] = pt;
  const words = size / 4 - 1;
  if (words > 0xffff) throw new RangeError(`RTCP ${pt}: ${size} bytes is too long`);
  b[i + 2] = words >>> 8;
  b[i + 3] = words;
}

function writeBlock(b: Uint8Array, i: number, r: ReportBlock): void {
  put32(b, i, r.ssrc);
  const lost = Math.max(-0x800000, Math.min(0x7fffff, Math.trunc(r.cumulativeLost)));
  put32(b, i + 4, ((Math.max(0, Math.min(255, r.fractionLost)) << 24) | (lost & 0xffffff)) >>> 0);
  put32(b, i + 8, r.highestSeq);
  put32(b, i + 12, r.jitter);
  put32(b, i + 16, r.lsr);
  put32(b, i + 20, r.dlsr);
}

function writePacket(b: Uint8Array, i: number, p: RtcpPacket, size: number): void {
  switch (p.type) {
    case 'sr':
    case 'rr': {
      header(b, i, p.reports.length, p.type === 'sr' ? RTCP_SR : RTCP_RR, size);
      put32(b, i + 4, p.ssrc);
      let at = i + 8;
      if (p.type === 'sr') {
        put32(b, at, p.ntp.seconds);
        put32(b, at + 4, p.ntp.fraction);
        put32(b, at + 8, p.rtpTimestamp);
        put32(b, at + 12, p.packetCount);
        put32(b, at + 16, p.octetCount);
        at += 20;
      }
      for (const r of p.reports) {
        writeBlock(b, at, r);
        at += 24;
      }
      return;
    }
    case 'sdes': {
      header(b, i, p.chunks.length, RTCP_SDES, size);
      let at = i + 4;
      for (const c of p.chunks) {
        put32(b, at, c.ssrc);
        at += 4;
        const start = at;
        itemBytes(c.items).forEach((v, k) => {
          b[at] = c.items[k]!.type;
          b[at + 1] = v.length;
          b.set(v, at + 2);
          at += 2 + v.length;
        });
        const nulls = 4 - ((at - start) % 4); // the end-of-list null item plus padding to 32 bits
        b.fill(0, at, at + nulls);
        at += nulls;
      }
      return;
    }
    case 'bye': {
      header(b, i, p.ssrcs.length, RTCP_BYE, size);
      let at = i + 4;
      for (const s of p.ssrcs) {
        put32(b, at, s);
        at += 4;
      }
      if (p.reason !== undefined) {
        const r = enc.encode(p.reason);
        if (r.length > 255) throw new RangeError(`BYE reason of ${r.length} bytes, at most 255`);
        b[at] = r.length;
        b.set(r, at + 1);
        b.fill(0, at + 1 + r.length, i + size);
      }
      return;
    }
    case 'other':
      header(b, i, p.count, p.packetType, size);
      b.set(p.body, i + 4);
      b.fill(0, i + 4 + p.body.length, i + size);
      return;
  }
}

/**
 * Writes the packets as one compound packet (§6.1) into `out` at `offset`, or into a new Buffer,
 * and returns the written view. The caller orders them: SR or RR first, then SDES with CNAME,
 * BYE last. Throws RangeError for a count over 31, an item over 255 bytes or a short `out`.
 */
export function serializeRtcp(packets: readonly RtcpPacket[], out?: Uint8Array, offset = 0): Uint8Array {
  const sizes = packets.map(packetSize);
  const total = sizes.reduce((s, n) => s + n, 0);
  let buf: Uint8Array;
  if (out === undefined) buf = Buffer.alloc(total);
  else if (offset < 0 || offset + total > out.length) throw new RangeError(`RTCP packet of ${total} bytes does not fit at ${offset} in ${out.length}`);
  else buf = out.subarray(offset, offset + total);
  let at = 0;
  packets.forEach((p, k) => {
    writePacket(buf, at, p, sizes[k]!);
    at += sizes[k]!;
  });
  return buf;
}
