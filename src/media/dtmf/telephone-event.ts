// RFC 4733 §2.3 telephone-event payload: one or more 4-byte blocks
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   |     event     |E|R| volume    |          duration             |

import { DtmfError } from './types.ts';

export interface TelephoneEvent {
  /** Event code 0–255 (§3.2: 0–15 keys, 16 flash). */
  readonly event: number;
  /** E bit: this is (a retransmission of) the final packet of the event (§2.5.1.4). */
  readonly end: boolean;
  /** Power level as a positive number of dBm0 below 0 (0–63). */
  readonly volume: number;
  /** Duration so far, in timestamp units (§2.5.1.2), 0–65535. */
  readonly duration: number;
}

/** Bytes per event block. */
export const TELEPHONE_EVENT_BLOCK = 4;

/**
 * The event blocks of a payload; [] when it is shorter than one block. A length that is not a
 * multiple of 4 ignores the trailing bytes (padding is already removed by the RTP layer).
 */
export function decodeTelephoneEvents(payload: Uint8Array): TelephoneEvent[] {
  const out: TelephoneEvent[] = [];
  for (let o = 0; o + TELEPHONE_EVENT_BLOCK <= payload.length; o += TELEPHONE_EVENT_BLOCK) {
    const flags = payload[o + 1] ?? 0;
    out.push({
      event: payload[o] ?? 0,
      end: (flags & 0x80) !== 0,
      volume: flags & 0x3f,
      duration: ((payload[o + 2] ?? 0) << 8) | (payload[o + 3] ?? 0),
    });
  }
  return out;
}

/** One block; throws DtmfError (ERR_DTMF_PAYLOAD) for fields out of range. The R bit is sent as 0. */
export function encodeTelephoneEvent(ev: TelephoneEvent): Uint8Array {
  check('event', ev.event, 255);
  check('volume', ev.volume, 63);
  check('duration', ev.duration, 0xffff);
  return Uint8Array.of(ev.event, (ev.end ? 0x80 : 0) | ev.volume, ev.duration >> 8, ev.duration & 0xff);
}

function check(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new DtmfError('ERR_DTMF_PAYLOAD', `telephone-event ${name} ${value} is not an integer in 0..${max}`);
  }
}
