// Test-only helpers (not exported from index.ts): the sipp DTMF captures vendored under
// test/data/dtmf/ (see its PROVENANCE.md), a minimal RTP header codec, a pcap writer for the
// reader's own tests, and a driver that feeds packets to a receiver the way a media worker would.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readPcapUdp } from './pcap.ts';
import type { Rfc4733Receiver, RtpDtmfEvent } from './receiver.ts';
import type { DtmfKey } from './types.ts';

export const DTMF_DATA_DIR = fileURLToPath(new URL('../../../test/data/dtmf/', import.meta.url));
export const SIPP_SYSTEM_DIR = '/usr/share/sip-tester/';

/** The 12 sipp captures in keypad order 0–9, *, #. */
export const SIPP_DTMF: ReadonlyArray<{ file: string; key: DtmfKey }> = [
  ...['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].map((k) => ({ file: `dtmf_2833_${k}.pcap`, key: k as DtmfKey })),
  { file: 'dtmf_2833_star.pcap', key: '*' },
  { file: 'dtmf_2833_pound.pcap', key: '#' },
];

export function loadSippPcap(file: string): Buffer {
  return readFileSync(`${DTMF_DATA_DIR}${file}`);
}

export interface RtpTestPacket {
  pt: number;
  marker: boolean;
  seq: number;
  timestamp: number;
  ssrc: number;
  payload: Uint8Array;
  arrivalMs: number;
}

/** A 12-byte RTP header plus payload (no CSRC, no extension, no padding). */
export function encodeRtp(p: Omit<RtpTestPacket, 'arrivalMs'>): Uint8Array {
  const out = new Uint8Array(12 + p.payload.length);
  const v = new DataView(out.buffer);
  out[0] = 0x80;
  out[1] = (p.marker ? 0x80 : 0) | p.pt;
  v.setUint16(2, p.seq & 0xffff);
  v.setUint32(4, p.timestamp >>> 0);
  v.setUint32(8, p.ssrc >>> 0);
  out.set(p.payload, 12);
  return out;
}

/** Header fields and payload of an RTP packet (CSRCs, extension and padding honoured). */
export function decodeRtp(b: Uint8Array, arrivalMs: number): RtpTestPacket {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const b0 = b[0] ?? 0;
  if (b0 >> 6 !== 2) throw new Error('not RTP version 2');
  let o = 12 + (b0 & 0x0f) * 4;
  if (b0 & 0x10) o += 4 + v.getUint16(o + 2) * 4;
  const end = b0 & 0x20 ? b.length - (b[b.length - 1] ?? 0) : b.length;
  return {
    pt: (b[1] ?? 0) & 0x7f,
    marker: ((b[1] ?? 0) & 0x80) !== 0,
    seq: v.getUint16(2),
    timestamp: v.getUint32(4),
    ssrc: v.getUint32(8),
    payload: b.subarray(o, end),
    arrivalMs,
  };
}

/** The RTP packets of a sipp capture, arrival times relative to its first packet. */
export function sippRtp(file: string): RtpTestPacket[] {
  const dgrams = readPcapUdp(loadSippPcap(file));
  const t0 = dgrams[0]?.timeMs ?? 0;
  return dgrams.map((d) => decodeRtp(d.payload, d.timeMs - t0));
}

/** Shifts arrival times so the first packet arrives at atMs. */
export function shiftTo(packets: RtpTestPacket[], atMs: number): RtpTestPacket[] {
  const t0 = packets[0]?.arrivalMs ?? 0;
  return packets.map((p) => ({ ...p, arrivalMs: p.arrivalMs - t0 + atMs }));
}

/**
 * Feeds a packet stream as a media worker would: packets of payload type `eventPt` go to the
 * receiver, others (voice) are only the clock; tick() runs at every arrival and, at the end,
 * until the receiver has nothing pending.
 */
export function drive(receiver: Rfc4733Receiver, packets: RtpTestPacket[], eventPt = 101): RtpDtmfEvent[] {
  const out: RtpDtmfEvent[] = [];
  for (const p of packets) {
    out.push(...receiver.tick(p.arrivalMs));
    if (p.pt === eventPt) out.push(...receiver.push(p));
  }
  const due = receiver.nextDeadlineMs();
  if (due !== undefined) out.push(...receiver.tick(due));
  return out;
}

/** "S1 E1 S2 E2": start/end and signal of each event, for compact assertions. */
export function summary(events: ReadonlyArray<{ type: 'start' | 'end'; signal: string }>): string {
  return events.map((e) => `${e.type === 'start' ? 'S' : 'E'}${e.signal}`).join(' ');
}

/** The keys of the end events, in order. */
export function keysEnded(events: ReadonlyArray<{ type: 'start' | 'end'; signal: string }>): string {
  return events.filter((e) => e.type === 'end').map((e) => e.signal).join('');
}

// ---- pcap writer (for the reader's tests) ----

export interface PcapWriteOptions {
  littleEndian: boolean;
  nanosecond: boolean;
  linkType: number;
  records: ReadonlyArray<{ seconds: number; nanos: number; frame: Uint8Array; originalLength?: number }>;
}

export function writePcap(o: PcapWriteOptions): Uint8Array {
  const size = 24 + o.records.reduce((n, r) => n + 16 + r.frame.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  const le = o.littleEndian;
  v.setUint32(0, o.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, le);
  v.setUint16(4, 2, le);
  v.setUint16(6, 4, le);
  v.setUint32(16, 65535, le);
  v.setUint32(20, o.linkType, le);
  let off = 24;
  for (const r of o.records) {
    v.setUint32(off, r.seconds, le);
    v.setUint32(off + 4, o.nanosecond ? r.nanos : Math.floor(r.nanos / 1000), le);
    v.setUint32(off + 8, r.frame.length, le);
    v.setUint32(off + 12, r.originalLength ?? r.frame.length, le);
    out.set(r.frame, off + 16);
    off += 16 + r.frame.length;
  }
  return out;
}

/** An IPv4 packet holding one UDP datagram (checksums left 0). */
export function ipv4Udp(src: string, dst: string, sport: number, dport: number, payload: Uint8Array, opts: { protocol?: number; fragment?: number } = {}): Uint8Array {
  const out = new Uint8Array(28 + payload.length);
  const v = new DataView(out.buffer);
  out[0] = 0x45;
  v.setUint16(2, out.length);
  v.setUint16(6, opts.fragment ?? 0x4000);
  out[8] = 64;
  out[9] = opts.protocol ?? 17;
  out.set(src.split('.').map(Number), 12);
  out.set(dst.split('.').map(Number), 16);
  v.setUint16(20, sport);
  v.setUint16(22, dport);
  v.setUint16(24, 8 + payload.length);
  out.set(payload, 28);
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
