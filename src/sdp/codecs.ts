// What the engine knows about payload formats: the static audio payload types of RFC 3551 §6,
// the codecs the media worker runs, and RFC 4733 telephone-event (named events and their fmtp).

import type { PayloadType } from './model.ts';

/** Codecs the media worker encodes and decodes. */
export type CodecName = 'PCMU' | 'PCMA';

export interface CodecInfo {
  readonly staticPt: number;
  readonly clockRate: number;
}

/** G.711 µ-law and A-law (RFC 3551 §4.5.14), both with static payload types. */
export const CODECS: Readonly<Record<CodecName, CodecInfo>> = {
  PCMU: { staticPt: 0, clockRate: 8000 },
  PCMA: { staticPt: 8, clockRate: 8000 },
};

const CODEC_NAMES: readonly CodecName[] = ['PCMU', 'PCMA'];

/** RFC 3551 table 4: audio payload types that need no a=rtpmap. */
const STATIC_AUDIO: ReadonlyMap<number, { name: string; clockRate: number; channels?: number }> = new Map([
  [0, { name: 'PCMU', clockRate: 8000 }],
  [3, { name: 'GSM', clockRate: 8000 }],
  [4, { name: 'G723', clockRate: 8000 }],
  [5, { name: 'DVI4', clockRate: 8000 }],
  [6, { name: 'DVI4', clockRate: 16000 }],
  [7, { name: 'LPC', clockRate: 8000 }],
  [8, { name: 'PCMA', clockRate: 8000 }],
  [9, { name: 'G722', clockRate: 8000 }],
  [10, { name: 'L16', clockRate: 44100, channels: 2 }],
  [11, { name: 'L16', clockRate: 44100 }],
  [12, { name: 'QCELP', clockRate: 8000 }],
  [13, { name: 'CN', clockRate: 8000 }],
  [14, { name: 'MPA', clockRate: 90000 }],
  [15, { name: 'G728', clockRate: 8000 }],
  [16, { name: 'DVI4', clockRate: 11025 }],
  [17, { name: 'DVI4', clockRate: 22050 }],
  [18, { name: 'G729', clockRate: 8000 }],
]);

/** The encoding a static payload type implies when no a=rtpmap names it (RFC 3551 §6). */
export function staticPayload(pt: number): { name: string; clockRate: number; channels?: number } | undefined {
  return STATIC_AUDIO.get(pt);
}

/** The codec we run that a payload type carries (name case-insensitive, 8 kHz mono), if any. */
export function codecOf(p: PayloadType): CodecName | undefined {
  if (p.name === undefined || (p.channels !== undefined && p.channels !== 1)) return undefined;
  const name = p.name.toUpperCase();
  return CODEC_NAMES.find((c) => c === name && CODECS[c].clockRate === p.clockRate);
}

export const TELEPHONE_EVENT = 'telephone-event';

/** RFC 4733 telephone-event at the given clock rate (it must match the audio codec's, §2.1). */
export function isTelephoneEvent(p: PayloadType, clockRate: number): boolean {
  return p.name?.toLowerCase() === TELEPHONE_EVENT && p.clockRate === clockRate;
}

/** Events the media worker sends and receives: DTMF 0-9 * # A-D (0-15) and flash (16), RFC 4733 §3.2. */
export const SUPPORTED_EVENTS: ReadonlySet<number> = new Set(Array.from({ length: 17 }, (_, i) => i));

/** The events an a=fmtp for telephone-event lists ("0-15", "0-11,16"); none listed means 0-15 (RFC 4733 §2.4.1). */
export function parseEvents(fmtp: string | undefined): Set<number> {
  const out = new Set<number>();
  if (fmtp === undefined || fmtp.trim() === '') {
    for (let e = 0; e <= 15; e++) out.add(e);
    return out;
  }
  for (const item of fmtp.split(',')) {
    const m = /^\s*(\d{1,3})\s*(?:-\s*(\d{1,3})\s*)?$/.exec(item);
    if (!m) continue;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    for (let e = lo; e <= Math.min(hi, 255); e++) out.add(e);
  }
  return out;
}

/** Writes an event set back as ranges ("0-11,16"). */
export function formatEvents(events: Iterable<number>): string {
  const sorted = [...new Set(events)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The events both sides handle: the offered ones we support. */
export function commonEvents(fmtp: string | undefined): Set<number> {
  return new Set([...parseEvents(fmtp)].filter((e) => SUPPORTED_EVENTS.has(e)));
}
