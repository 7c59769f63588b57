// RFC 4733 §2.5.2 receiver: turns telephone-event packets into one start and one end per key press.
//
// An event is identified by (RTP timestamp, event code) (§2.5.1.2: all packets of an event carry the
// timestamp of its start). Nothing else is trusted: sipp's bundled pcaps reuse one SSRC and fixed
// seq/timestamp per file, so both jump (even backwards) between digits, and their end packet is sent
// three times with the same seq. No I/O and no clock: arrival times come in with the packets, and
// the owner calls tick(now) at nextDeadlineMs() to end events whose end packets were all lost.

import { decodeTelephoneEvents, type TelephoneEvent } from './telephone-event.ts';
import { FLASH_EVENT, signalForEvent, type DtmfEnd, type DtmfEndReason, type DtmfStart } from './types.ts';

/** RTP header fields of a telephone-event packet; one receiver per inbound stream (5-tuple). */
export interface RtpEventMeta {
  /** RTP timestamp (unsigned 32-bit). */
  readonly timestamp: number;
  /** RTP sequence number; kept for diagnostics only (sipp repeats it, baresip shares it with voice). */
  readonly seq: number;
  /** RTP marker bit: set on the first packet of an event (§2.5.1.2). */
  readonly marker: boolean;
  /** When the packet arrived, in ms on the owner's clock. */
  readonly arrivalMs: number;
}

export interface RtpEventPacket extends RtpEventMeta {
  /** The RTP payload (telephone-event blocks). */
  readonly payload: Uint8Array;
}

export interface RtpDtmfStart extends DtmfStart {
  readonly event: number;
  /** RTP timestamp of the event's start. */
  readonly timestamp: number;
}

export interface RtpDtmfEnd extends DtmfEnd {
  readonly event: number;
  readonly timestamp: number;
  /** The largest duration field seen, in timestamp units (summed over long-event segments). */
  readonly durationUnits: number;
}

export type RtpDtmfEvent = RtpDtmfStart | RtpDtmfEnd;

export interface Rfc4733ReceiverOptions {
  /** telephone-event clock rate from the SDP rtpmap (default 8000). */
  clockRate?: number;
  /** End an event when no packet for it arrived for this long (default 400 ms; senders update every ≤ 50 ms). */
  endTimeoutMs?: number;
  /**
   * An E=0 packet for an event that already ended starts a new press when it carries the marker bit,
   * or when this long passed since that event's last packet (default 250 ms). This is how a sender
   * that replays one capture twice (sipp playing dtmf_2833_1.pcap for "11") is heard twice, while
   * late duplicates of an event's own packets stay duplicates.
   */
  replayGapMs?: number;
  /** Forget ended events after this long (default 5000 ms); their stray packets are dropped till then. */
  forgetAfterMs?: number;
  /** Report event 16 as signal 'flash' (default false: ignored like events 17–255). */
  reportFlash?: boolean;
}

export interface Rfc4733ReceiverStats {
  /** Event blocks received. */
  readonly blocks: number;
  /** Blocks of events already reported (redundant end packets, retransmissions, late packets). */
  readonly duplicates: number;
  /** Blocks with an event code this receiver does not report. */
  readonly ignored: number;
}

interface Active {
  key: string;
  event: number;
  timestamp: number;
  /** Timestamp of the segment the duration field counts from (§2.5.1.3 long events). */
  segmentTimestamp: number;
  /** Units before the current segment. */
  segmentBase: number;
  maxDuration: number;
  lastSeenMs: number;
}

interface Ended {
  lastSeenMs: number;
  endedAtMs: number;
  /** Ended by its E bit (a replay may follow) rather than by timeout or another event. */
  byEndBit: boolean;
}

/** Ended events remembered at most (a flood of fake events cannot grow the map further). */
const MAX_ENDED = 64;

const DEFAULTS = { clockRate: 8000, endTimeoutMs: 400, replayGapMs: 250, forgetAfterMs: 5000, reportFlash: false };

/** Keeps the per-stream state of §2.5.2; every method returns the events it caused, oldest first. */
export class Rfc4733Receiver {
  private readonly opts: Required<Rfc4733ReceiverOptions>;
  private active: Active | undefined;
  private readonly ended = new Map<string, Ended>();
  private counts = { blocks: 0, duplicates: 0, ignored: 0 };

  constructor(options: Rfc4733ReceiverOptions = {}) {
    this.opts = { ...DEFAULTS, ...options };
  }

  get stats(): Rfc4733ReceiverStats {
    return { ...this.counts };
  }

  /**
   * One RTP packet of the telephone-event payload type. A payload with several blocks
   * (§2.5.1.5) is read as events in start order, each starting where the previous one's duration ends.
   */
  push(packet: RtpEventPacket): RtpDtmfEvent[] {
    const out: RtpDtmfEvent[] = [];
    let timestamp = packet.timestamp >>> 0;
    const blocks = decodeTelephoneEvents(packet.payload);
    blocks.forEach((block, i) => {
      const meta = { ...packet, timestamp, marker: packet.marker && i === 0 };
      out.push(...this.pushEvent(block, meta));
      timestamp = (timestamp + block.duration) >>> 0;
    });
    return out;
  }

  /** One decoded event block with the header fields of its packet. */
  pushEvent(block: TelephoneEvent, meta: RtpEventMeta): RtpDtmfEvent[] {
    this.counts.blocks++;
    const out: RtpDtmfEvent[] = [];
    this.expire(meta.arrivalMs, out);
    if (!this.reports(block.event)) {
      this.counts.ignored++;
      return out;
    }
    const timestamp = meta.timestamp >>> 0;
    const key = `${timestamp}:${block.event}`;
    const now = meta.arrivalMs;
    const active = this.active;
    if (active?.key === key) {
      this.update(active, block, now);
      if (block.end) out.push(this.finish('end', now));
      return out;
    }
    const ended = this.ended.get(key);
    if (ended && !this.isReplay(ended, block, meta)) {
      this.counts.duplicates++;
      ended.lastSeenMs = Math.max(ended.lastSeenMs, now);
      return out;
    }
    this.ended.delete(key);
    if (active && this.continues(active, block, meta)) {
      this.ended.set(active.key, { lastSeenMs: now, endedAtMs: now, byEndBit: false });
      active.segmentBase += (timestamp - active.segmentTimestamp) >>> 0;
      active.segmentTimestamp = timestamp;
      active.key = key;
      this.update(active, block, now);
      if (block.end) out.push(this.finish('end', now));
      return out;
    }
    if (active) out.push(this.finish('superseded', now));
    this.active = {
      key, event: block.event, timestamp, segmentTimestamp: timestamp, segmentBase: 0, maxDuration: 0, lastSeenMs: now,
    };
    this.update(this.active, block, now);
    out.push({ type: 'start', signal: signalForEvent(block.event) ?? 'flash', event: block.event, timestamp, atMs: now });
    if (block.end) out.push(this.finish('end', now));
    return out;
  }

  /** Ends an event whose packets stopped (all end packets lost) and forgets old events. */
  tick(nowMs: number): RtpDtmfEvent[] {
    const out: RtpDtmfEvent[] = [];
    this.expire(nowMs, out);
    return out;
  }

  /** When tick() next has something to do for the active event; undefined when none is active. */
  nextDeadlineMs(): number | undefined {
    return this.active ? this.active.lastSeenMs + this.opts.endTimeoutMs : undefined;
  }

  /** Ends the active event now (stream closed, re-INVITE to another payload type …). */
  flush(nowMs: number): RtpDtmfEvent[] {
    return this.active ? [this.finish('flush', nowMs)] : [];
  }

  private reports(event: number): boolean {
    if (event === FLASH_EVENT) return this.opts.reportFlash;
    return signalForEvent(event) !== undefined;
  }

  private update(active: Active, block: TelephoneEvent, now: number): void {
    active.maxDuration = Math.max(active.maxDuration, active.segmentBase + block.duration);
    active.lastSeenMs = Math.max(active.lastSeenMs, now);
  }

  /**
   * A fresh press of an event that already ended (same timestamp and code: a replayed capture).
   * Packets that resume after a timeout end are the same press, unless they carry the marker bit.
   */
  private isReplay(ended: Ended, block: TelephoneEvent, meta: RtpEventMeta): boolean {
    if (block.end || meta.arrivalMs < ended.endedAtMs) return false;
    if (meta.marker) return true;
    return ended.byEndBit && meta.arrivalMs - ended.lastSeenMs >= this.opts.replayGapMs;
  }

  /**
   * §2.5.1.3: an event longer than the 16-bit duration field goes on in a new segment with a later
   * timestamp and no marker bit. It is the same press, not a new one.
   */
  private continues(active: Active, block: TelephoneEvent, meta: RtpEventMeta): boolean {
    if (block.event !== active.event || meta.marker) return false;
    const slack = this.opts.clockRate / 4;
    const segment = active.maxDuration - active.segmentBase;
    const step = (meta.timestamp - active.segmentTimestamp) >>> 0;
    return segment >= 0xffff - slack && step > 0 && step <= segment + slack;
  }

  private finish(reason: DtmfEndReason, now: number): RtpDtmfEnd {
    const a = this.active;
    if (!a) throw new Error('finish() without an active event');
    this.active = undefined;
    this.ended.set(a.key, { lastSeenMs: a.lastSeenMs, endedAtMs: now, byEndBit: reason === 'end' });
    const signal = signalForEvent(a.event) ?? 'flash';
    const durationMs = (a.maxDuration * 1000) / this.opts.clockRate;
    return {
      type: 'end', signal, event: a.event, timestamp: a.timestamp, atMs: now, durationMs, durationUnits: a.maxDuration, reason,
    };
  }

  private expire(now: number, out: RtpDtmfEvent[]): void {
    const a = this.active;
    if (a && now - a.lastSeenMs >= this.opts.endTimeoutMs) out.push(this.finish('timeout', a.lastSeenMs + this.opts.endTimeoutMs));
    for (const [key, e] of this.ended) {
      if (now - e.lastSeenMs >= this.opts.forgetAfterMs || this.ended.size > MAX_ENDED) this.ended.delete(key);
    }
  }
}
