// Parsing compound RTCP packets (RFC 3550 §6.1, validity checks of Appendix A.2). Never throws:
// malformed input gives `{ ok: false, error }`. Checks: version 2 in every packet, lengths that
// add up to the datagram, padding only on the last packet, counts that fit the declared length.
// The A.2 rule "the first packet is SR or RR" is not enforced, so reduced-size RTCP (RFC 5506)
// and lone BYEs from lenient peers still parse.

import {
  RTCP_BYE,
  RTCP_RR,
  RTCP_SDES,
  RTCP_SR,
  type Goodbye,
  type ReportBlock,
  type RtcpPacket,
  type SdesChunk,
  type SdesItem,
  type SourceDescription,
} from './rtcp.ts';

export type RtcpParseErrorCode =
  /** Shorter than one 4-byte header, or a header whose length runs past the datagram. */
  | 'ERR_RTCP_TRUNCATED'
  | 'ERR_RTCP_VERSION'
  /** P bit on a packet other than the last, or a bad padding count. */
  | 'ERR_RTCP_PADDING'
  /** The count field or an item does not fit in the packet's declared length. */
  | 'ERR_RTCP_MALFORMED';

export interface RtcpParseError {
  readonly code: RtcpParseErrorCode;
  readonly reason: string;
}

export type RtcpParseResult = { readonly ok: true; readonly packets: RtcpPacket[] } | { readonly ok: false; readonly error: RtcpParseError };

class Malformed extends Error {
  constructor(
    readonly code: RtcpParseErrorCode,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const dec = new TextDecoder();

function u32(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
}

function readBlocks(b: Uint8Array, at: number, count: number, end: number): ReportBlock[] {
  if (at + count * 24 > end) throw new Malformed('ERR_RTCP_MALFORMED', `${count} report blocks do not fit`);
  const out: ReportBlock[] = [];
  for (let k = 0; k < count; k++, at += 24) {
    const lost = ((b[at + 5]! << 16) | (b[at + 6]! << 8) | b[at + 7]!) << 8 >> 8; // sign-extend 24 bits
    out.push({
      ssrc: u32(b, at),
      fractionLost: b[at + 4]!,
      cumulativeLost: lost,
      highestSeq: u32(b, at + 8),
      jitter: u32(b, at + 12),
      lsr: u32(b, at + 16),
      dlsr: u32(b, at + 20),
    });
  }
  return out;
}

function readSdes(b: Uint8Array, at: number, count: number, end: number): SourceDescription {
  const chunks: SdesChunk[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 4 > end) throw new Malformed('ERR_RTCP_MALFORMED', `SDES chunk ${k} truncated`);
    const ssrc = u32(b, at);
    const start = (at += 4);
    const items: SdesItem[] = [];
    for (;;) {
      if (at >= end) throw new Malformed('ERR_RTCP_MALFORMED', `SDES chunk ${k} has no end-of-list null`);
      const type = b[at]!;
      if (type === 0) break;
      if (at + 2 > end || at + 2 + b[at + 1]! > end) throw new Malformed('ERR_RTCP_MALFORMED', `SDES item in chunk ${k} runs past the packet`);
      const len = b[at + 1]!;
      items.push({ type, value: dec.decode(b.subarray(at + 2, at + 2 + len)) });
      at += 2 + len;
    }
    at += 4 - ((at - start) % 4); // the null item and padding to the next 32-bit boundary
    chunks.push({ ssrc, items });
  }
  return { type: 'sdes', chunks };
}

function readBye(b: Uint8Array, at: number, count: number, end: number): Goodbye {
  if (at + count * 4 > end) throw new Malformed('ERR_RTCP_MALFORMED', `${count} BYE sources do not fit`);
  const ssrcs: number[] = [];
  for (let k = 0; k < count; k++, at += 4) ssrcs.push(u32(b, at));
  if (at >= end) return { type: 'bye', ssrcs };
  const len = b[at]!;
  if (at + 1 + len > end) throw new Malformed('ERR_RTCP_MALFORMED', 'BYE reason runs past the packet');
  return { type: 'bye', ssrcs, reason: dec.decode(b.subarray(at + 1, at + 1 + len)) };
}

function readPacket(b: Uint8Array, at: number, end: number): RtcpPacket {
  const count = b[at]! & 0x1f;
  const pt = b[at + 1]!;
  const body = at + 4;
  switch (pt) {
    case RTCP_SR:
      if (body + 24 > end) throw new Malformed('ERR_RTCP_MALFORMED', 'SR sender info truncated');
      return {
        type: 'sr',
        ssrc: u32(b, body),
        ntp: { seconds: u32(b, body + 4), fraction: u32(b, body + 8) },
        rtpTimestamp: u32(b, body + 12),
        packetCount: u32(b, body + 16),
        octetCount: u32(b, body + 20),
        reports: readBlocks(b, body + 24, count, end),
      };
    case RTCP_RR:
      if (body + 4 > end) throw new Malformed('ERR_RTCP_MALFORMED', 'RR truncated');
      return { type: 'rr', ssrc: u32(b, body), reports: readBlocks(b, body + 4, count, end) };
    case RTCP_SDES:
      return readSdes(b, body, count, end);
    case RTCP_BYE:
      return readBye(b, body, count, end);
    default:
      return { type: 'other', packetType: pt, count, body: b.subarray(body, end) };
  }
}

/** Parses a compound RTCP packet into its parts, in order. */
export function parseRtcp(data: Uint8Array): RtcpParseResult {
  const packets: RtcpPacket[] = [];
  let at = 0;
  try {
    if (data.length < 4) throw new Malformed('ERR_RTCP_TRUNCATED', `${data.length} bytes, an RTCP header needs 4`);
    while (at < data.length) {
      if (at + 4 > data.length) throw new Malformed('ERR_RTCP_TRUNCATED', `${data.length - at} stray bytes after packet ${packets.length}`);
      const b0 = data[at]!;
      if (b0 >>> 6 !== 2) throw new Malformed('ERR_RTCP_VERSION', `packet ${packets.length}: version ${b0 >>> 6}`);
      const size = (((data[at + 2]! << 8) | data[at + 3]!) + 1) * 4;
      const next = at + size;
      if (next > data.length) throw new Malformed('ERR_RTCP_TRUNCATED', `packet ${packets.length} declares ${size} bytes, ${data.length - at} left`);
      let end = next;
      if (b0 & 0x20) {
        if (next !== data.length) throw new Malformed('ERR_RTCP_PADDING', `padding on packet ${packets.length}, which is not the last`);
        const pad = data[next - 1]!;
        if (pad === 0 || pad > size - 4) throw new Malformed('ERR_RTCP_PADDING', `padding count ${pad} in a ${size}-byte packet`);
        end = next - pad;
      }
      packets.push(readPacket(data, at, end));
      at = next;
    }
  } catch (err) {
    if (err instanceof Malformed) return { ok: false, error: { code: err.code, reason: err.reason } };
    throw err;
  }
  return { ok: true, packets };
}
