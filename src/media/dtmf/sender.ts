// RFC 4733 §2.5.1 sender: a digit string (Twilio sendDigits / <Play digits>) to a timed packet plan.
//
// Per key: an update every ptime with the duration so far (the first with the marker bit, §2.5.1.2),
// then the final packet with the E bit, sent three times in all (§2.5.1.4), all with the timestamp
// of the key's start. Events longer than the 16-bit duration field go on in new segments
// (§2.5.1.3). 'w' pauses 500 ms and 'W' 1 s, as in Twilio's sendDigits. No I/O: the media worker
// calls poll(now) at nextDueMs(), gives each packet the stream's next sequence number, and sets
// its RTP timestamp to (timestamp of the plan's start) + timestampOffset.

import { encodeTelephoneEvent } from './telephone-event.ts';
import { DtmfError, eventForKey } from './types.ts';

export interface DtmfSendOptions {
  /** Tone length per key in ms (default 100). */
  durationMs?: number;
  /** Silence after each key in ms (default 100) before the next key or pause starts. */
  gapMs?: number;
  /** Packet interval in ms (default 20, the voice ptime). */
  ptimeMs?: number;
  /** telephone-event clock rate (default 8000). */
  clockRate?: number;
  /** Volume field, dBm0 below 0 (default 10, as sipp and baresip send). */
  volume?: number;
  /** How often the final packet is sent (default 3, §2.5.1.4). */
  endPackets?: number;
  /** Pause for 'w' in ms (default 500). 'W' pauses twice as long. */
  pauseMs?: number;
}

/** One packet to send; atMs is relative to the start of the plan. */
export interface DtmfTxPacket {
  readonly atMs: number;
  /** Add to the RTP timestamp the stream had at the start of the plan. */
  readonly timestampOffset: number;
  readonly marker: boolean;
  readonly payload: Uint8Array;
  readonly event: number;
  readonly end: boolean;
  readonly duration: number;
}

const DEFAULTS = { durationMs: 100, gapMs: 100, ptimeMs: 20, clockRate: 8000, volume: 10, endPackets: 3, pauseMs: 500 };
const MAX_SEGMENT = 0xffff;

/** Throws DtmfError (ERR_DTMF_DIGITS) unless every character is 0-9 * # A-D a-d w W. */
export function validateDigits(digits: string): void {
  for (const [i, ch] of [...digits].entries()) {
    if (ch !== 'w' && ch !== 'W' && eventForKey(ch) === undefined) {
      throw new DtmfError('ERR_DTMF_DIGITS', `digit ${i + 1} (${JSON.stringify(ch)}) is not 0-9, *, #, A-D, w or W`);
    }
  }
}

/** Every packet for the digit string, in send order. */
export function planDtmf(digits: string, options: DtmfSendOptions = {}): DtmfTxPacket[] {
  validateDigits(digits);
  const o = { ...DEFAULTS, ...options };
  for (const [name, min] of [['durationMs', 1], ['gapMs', 0], ['ptimeMs', 1], ['clockRate', 1], ['endPackets', 1], ['pauseMs', 0]] as const) {
    if (!(Number.isFinite(o[name]) && o[name] >= min)) throw new DtmfError('ERR_DTMF_PAYLOAD', `${name} ${o[name]} must be ≥ ${min}`);
  }
  const out: DtmfTxPacket[] = [];
  let t = 0;
  for (const ch of digits) {
    if (ch === 'w' || ch === 'W') {
      t += ch === 'w' ? o.pauseMs : 2 * o.pauseMs;
      continue;
    }
    out.push(...keyPackets(eventForKey(ch) ?? 0, t, o));
    t += o.durationMs + o.gapMs;
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

function keyPackets(event: number, startMs: number, o: typeof DEFAULTS): DtmfTxPacket[] {
  const units = (ms: number) => Math.round((ms * o.clockRate) / 1000);
  const total = units(o.durationMs);
  const out: DtmfTxPacket[] = [];
  const push = (atMs: number, segStart: number, duration: number, end: boolean, marker: boolean) => {
    const payload = encodeTelephoneEvent({ event, end, volume: o.volume, duration });
    out.push({ atMs, timestampOffset: units(startMs) + segStart, marker, payload, event, end, duration });
  };
  let segStart = 0;
  for (let k = 1; ; k++) {
    const atMs = startMs + Math.min(k * o.ptimeMs, o.durationMs);
    const elapsed = Math.min(units(k * o.ptimeMs), total);
    if (elapsed - segStart > MAX_SEGMENT) {
      // §2.5.1.3: close the full segment (no E bit) and continue in one that starts where it ended.
      push(atMs, segStart, MAX_SEGMENT, false, false);
      segStart += MAX_SEGMENT;
    }
    if (elapsed >= total) {
      for (let r = 0; r < o.endPackets; r++) push(atMs + r * o.ptimeMs, segStart, total - segStart, true, k === 1 && r === 0);
      return out;
    }
    push(atMs, segStart, elapsed - segStart, false, k === 1);
  }
}

/** Plays a plan against the worker's clock. */
export class DtmfSender {
  private readonly packets: DtmfTxPacket[];
  private next = 0;
  private readonly startMs: number;

  constructor(digits: string, startMs: number, options: DtmfSendOptions = {}) {
    this.packets = planDtmf(digits, options);
    this.startMs = startMs;
  }

  /** Packets due at nowMs (in order, each once); atMs stays relative to the plan's start. */
  poll(nowMs: number): DtmfTxPacket[] {
    const out: DtmfTxPacket[] = [];
    while (this.next < this.packets.length) {
      const p = this.packets[this.next];
      if (!p || this.startMs + p.atMs > nowMs) break;
      out.push(p);
      this.next++;
    }
    return out;
  }

  /** Absolute time of the next packet; undefined when all were sent. */
  nextDueMs(): number | undefined {
    const p = this.packets[this.next];
    return p ? this.startMs + p.atMs : undefined;
  }

  get done(): boolean {
    return this.next >= this.packets.length;
  }

  /** Absolute end of the plan's last packet (for muting voice while a key sounds, or chaining sends). */
  get lastPacketMs(): number {
    const last = this.packets[this.packets.length - 1];
    return this.startMs + (last?.atMs ?? 0);
  }
}
