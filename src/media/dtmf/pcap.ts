// A small libpcap ("classic" format) reader for tests and tools: IPv4 UDP datagrams with their
// capture time and ports. Both byte orders, microsecond (0xa1b2c3d4) and nanosecond (0xa1b23c4d)
// magic; link types null/loopback (0), Ethernet (1, with 802.1Q/QinQ tags), raw IP (101, and 12/14
// as some BSDs write it), Linux cooked SLL (113) and SLL2 (276). pcapng is refused with a hint
// (`editcap -F pcap in.pcapng out.pcap`). IPv6, non-UDP and IP fragments after the first are skipped.

import { DtmfError } from './types.ts';

export interface PcapHeader {
  readonly littleEndian: boolean;
  readonly nanosecond: boolean;
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly snapLength: number;
  readonly linkType: number;
}

export interface PcapRecord {
  /** Capture time: whole seconds since the epoch … */
  readonly seconds: number;
  /** … plus nanoseconds (microsecond files are scaled up). */
  readonly nanos: number;
  /** Length on the wire; data may be shorter (snap length). */
  readonly originalLength: number;
  readonly data: Uint8Array;
}

export interface PcapUdpDatagram {
  /** Index of the record in the file (0-based). */
  readonly index: number;
  readonly seconds: number;
  readonly nanos: number;
  /** Capture time in ms since the epoch (fractional). */
  readonly timeMs: number;
  readonly srcIp: string;
  readonly dstIp: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Uint8Array;
  /** The capture cut the datagram short (payload is what was captured). */
  readonly truncated: boolean;
}

export const LINKTYPE = { NULL: 0, ETHERNET: 1, RAW: 101, LINUX_SLL: 113, LINUX_SLL2: 276 } as const;

const SUPPORTED_LINKS = new Set<number>([...Object.values(LINKTYPE), 12, 14]);
const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;

function fail(message: string): never {
  throw new DtmfError('ERR_PCAP', message);
}

/** The file header and every record; throws DtmfError (ERR_PCAP) on a malformed or foreign file. */
export function readPcap(file: Uint8Array): { header: PcapHeader; records: PcapRecord[] } {
  if (file.length < 24) fail(`pcap: ${file.length} bytes is shorter than the 24-byte file header`);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const be = view.getUint32(0, false);
  const le = view.getUint32(0, true);
  if (be === PCAPNG_SHB) fail('pcap: this is pcapng; convert it with `editcap -F pcap in.pcapng out.pcap`');
  const littleEndian = le === MAGIC_US || le === MAGIC_NS;
  if (!littleEndian && be !== MAGIC_US && be !== MAGIC_NS) fail(`pcap: unknown magic 0x${be.toString(16).padStart(8, '0')}`);
  const magic = littleEndian ? le : be;
  const u16 = (o: number) => view.getUint16(o, littleEndian);
  const u32 = (o: number) => view.getUint32(o, littleEndian);
  const header: PcapHeader = {
    littleEndian,
    nanosecond: magic === MAGIC_NS,
    versionMajor: u16(4),
    versionMinor: u16(6),
    snapLength: u32(16),
    // The upper bits of the link-type word carry FCS flags (pcap-linktype(7)); the type is the low 16 bits.
    linkType: u32(20) & 0xffff,
  };
  const scale = header.nanosecond ? 1 : 1000;
  const records: PcapRecord[] = [];
  for (let o = 24; o < file.length; ) {
    if (o + 16 > file.length) fail(`pcap: record ${records.length} header cut off at byte ${o}`);
    const included = u32(o + 8);
    if (o + 16 + included > file.length) fail(`pcap: record ${records.length} needs ${included} bytes, file ends first`);
    records.push({ seconds: u32(o), nanos: u32(o + 4) * scale, originalLength: u32(o + 12), data: file.subarray(o + 16, o + 16 + included) });
    o += 16 + included;
  }
  return { header, records };
}

/** Every IPv4 UDP datagram of a capture, in file order. */
export function readPcapUdp(file: Uint8Array): PcapUdpDatagram[] {
  const { header, records } = readPcap(file);
  if (!SUPPORTED_LINKS.has(header.linkType)) fail(`pcap: link type ${header.linkType} is not supported (0, 1, 101, 113, 276 are)`);
  const out: PcapUdpDatagram[] = [];
  records.forEach((r, index) => {
    const ip = ipv4Start(header.linkType, r.data);
    const udp = ip === undefined ? undefined : parseIpv4Udp(r.data.subarray(ip));
    if (!udp) return;
    out.push({ index, seconds: r.seconds, nanos: r.nanos, timeMs: r.seconds * 1000 + r.nanos / 1e6, ...udp });
  });
  return out;
}

/** Offset of the IPv4 header inside a frame; undefined for other protocols. */
function ipv4Start(linkType: number, d: Uint8Array): number | undefined {
  const u16 = (o: number) => ((d[o] ?? 0) << 8) | (d[o + 1] ?? 0);
  switch (linkType) {
    case LINKTYPE.NULL: {
      // Address family in the capturing host's byte order: AF_INET is 2 on every system.
      const family = d[0] === 0 ? (d[3] ?? 0) : (d[0] ?? 0);
      return family === 2 ? 4 : undefined;
    }
    case LINKTYPE.ETHERNET: {
      let o = 12;
      while (u16(o) === 0x8100 || u16(o) === 0x88a8) o += 4;
      return u16(o) === 0x0800 ? o + 2 : undefined;
    }
    case LINKTYPE.RAW:
    case 12:
    case 14:
      return ((d[0] ?? 0) >> 4) === 4 ? 0 : undefined;
    case LINKTYPE.LINUX_SLL:
      return u16(14) === 0x0800 ? 16 : undefined;
    case LINKTYPE.LINUX_SLL2:
      return u16(0) === 0x0800 ? 20 : undefined;
    default:
      return undefined;
  }
}

type UdpPart = Pick<PcapUdpDatagram, 'srcIp' | 'dstIp' | 'srcPort' | 'dstPort' | 'payload' | 'truncated'>;

function parseIpv4Udp(ip: Uint8Array): UdpPart | undefined {
  if (ip.length < 20 || (ip[0] ?? 0) >> 4 !== 4 || ip[9] !== 17) return undefined;
  const ihl = ((ip[0] ?? 0) & 0x0f) * 4;
  const totalLength = ((ip[2] ?? 0) << 8) | (ip[3] ?? 0);
  const fragment = ((ip[6] ?? 0) << 8) | (ip[7] ?? 0);
  if ((fragment & 0x1fff) !== 0 || (fragment & 0x2000) !== 0) return undefined; // fragments: not reassembled
  if (ihl < 20 || ip.length < ihl + 8) return undefined;
  const u = ip.subarray(ihl);
  const udpLength = ((u[4] ?? 0) << 8) | (u[5] ?? 0);
  const wanted = Math.max(0, Math.min(udpLength, totalLength - ihl) - 8);
  const payload = u.subarray(8, 8 + wanted);
  const addr = (o: number) => `${ip[o]}.${ip[o + 1]}.${ip[o + 2]}.${ip[o + 3]}`;
  return {
    srcIp: addr(12),
    dstIp: addr(16),
    srcPort: ((u[0] ?? 0) << 8) | (u[1] ?? 0),
    dstPort: ((u[2] ?? 0) << 8) | (u[3] ?? 0),
    payload,
    truncated: payload.length < wanted,
  };
}
