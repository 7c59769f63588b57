// One direction of a bridge's DTMF: RFC 4733 telephone-event packets received on one leg, sent on
// as telephone-event packets of the other leg's payload type.
//
// The received packets go through the leg's Rfc4733Receiver, which reports one start and one end
// per press whatever the sender did (repeated end packets, sipp's reused timestamps, lost ends). The
// packets sent are rebuilt from those reports, so the other leg sees a clean event: the first packet
// with the marker bit when the press starts, an update whenever a received packet of the press
// carries a longer duration, and the end packet `endRepeats` times when the press ends (its E bit,
// the receiver's timeout, or a new press superseding it). Every press is sent once.
//
// Events longer than the 16-bit duration field (§2.5.1.3, over 8 s) are sent as one event whose
// updates stop at the first segment boundary; the end packet carries the duration clamped to 0xFFFF.

import { Rfc4733Receiver, decodeTelephoneEvents, encodeTelephoneEvent } from '../dtmf/index.ts';
import type { RtpDtmfEnd, RtpDtmfEvent, TelephoneEvent } from '../dtmf/index.ts';
import type { BridgeDirectionStats, BridgeDtmf, DtmfRelayOutcome, LegId, LegSink } from './types.ts';

const MAX_DURATION = 0xffff;

export interface DtmfRelayOptions {
  readonly from: LegId;
  readonly to: LegId;
  /** The other leg's telephone-event payload type; undefined when it has none. */
  readonly toPt: number | undefined;
  readonly sink: LegSink;
  readonly stats: BridgeDirectionStats;
  /** Suppress and report '*' (hangupOnStar, leg a only). */
  readonly starHangsUp: boolean;
  readonly endRepeats: number;
  readonly endTimeoutMs: number;
  readonly report: (dtmf: BridgeDtmf) => void;
  readonly onStar: (atMs: number) => void;
}

interface OutEvent {
  readonly event: number;
  /** RTP timestamp of the press on the receiving leg (the receiver's key for it). */
  readonly timestamp: number;
  readonly relay: DtmfRelayOutcome;
  volume: number;
  duration: number;
}

export class DtmfRelay {
  private readonly o: DtmfRelayOptions;
  private readonly receiver: Rfc4733Receiver;
  private out: OutEvent | undefined;
  private toPt: number | undefined;

  constructor(options: DtmfRelayOptions) {
    this.o = options;
    this.toPt = options.toPt;
    this.receiver = new Rfc4733Receiver({ endTimeoutMs: options.endTimeoutMs });
  }

  /** One telephone-event packet received on the `from` leg. */
  receive(payload: Uint8Array, timestamp: number, marker: boolean, nowMs: number): void {
    this.o.stats.dtmfPacketsIn++;
    let ts = timestamp >>> 0;
    const blocks = decodeTelephoneEvents(payload);
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i]!;
      const events = this.receiver.pushEvent(block, { timestamp: ts, seq: 0, marker: marker && i === 0, arrivalMs: nowMs });
      if (events.length === 0) this.update(block, ts);
      for (const e of events) this.handle(e, block);
      ts = (ts + block.duration) >>> 0; // §2.5.1.5: the next block starts where this one ends
    }
  }

  /** The other leg renegotiated: later packets go out with this payload type (or none). */
  setTargetPt(pt: number | undefined): void {
    this.toPt = pt;
  }

  /** Ends a press whose end packets were all lost; call at nextDeadlineMs(). */
  tick(nowMs: number): void {
    for (const e of this.receiver.tick(nowMs)) this.handle(e, undefined);
  }

  nextDeadlineMs(): number | undefined {
    return this.receiver.nextDeadlineMs();
  }

  /** Ends the press in progress now (format change, bridge closed). */
  flush(nowMs: number): void {
    for (const e of this.receiver.flush(nowMs)) this.handle(e, undefined);
  }

  private handle(e: RtpDtmfEvent, block: TelephoneEvent | undefined): void {
    if (e.type === 'start') this.start(e, block);
    else this.end(e);
  }

  private start(e: RtpDtmfEvent, block: TelephoneEvent | undefined): void {
    const o = this.o;
    let relay: DtmfRelayOutcome = 'rfc4733';
    if (o.starHangsUp && e.signal === '*') relay = 'suppressed';
    else if (this.toPt === undefined) relay = 'inband-needed';
    const volume = block?.volume ?? 10;
    const duration = Math.min(block?.duration ?? 0, MAX_DURATION);
    this.out = { event: e.event, timestamp: e.timestamp, relay, volume, duration };
    if (relay === 'rfc4733') {
      o.stats.dtmfRelayed++;
      this.send(e.event, volume, duration, false, true);
    } else {
      o.stats.dtmfNotRelayed++;
    }
    o.report({ from: o.from, to: o.to, event: e, relay });
    if (relay === 'suppressed') o.onStar(e.atMs);
  }

  private update(block: TelephoneEvent, timestamp: number): void {
    const out = this.out;
    if (out === undefined || out.relay !== 'rfc4733' || block.end) return;
    if (out.event !== block.event || out.timestamp !== timestamp || block.duration <= out.duration) return;
    out.duration = block.duration;
    out.volume = block.volume;
    this.send(out.event, out.volume, out.duration, false, false);
  }

  private end(e: RtpDtmfEnd): void {
    const o = this.o;
    const out = this.out;
    this.out = undefined;
    const relay = out?.relay ?? (this.toPt === undefined ? 'inband-needed' : 'rfc4733');
    if (out !== undefined && relay === 'rfc4733') {
      const duration = Math.min(Math.max(out.duration, e.durationUnits), MAX_DURATION);
      for (let r = 0; r < o.endRepeats; r++) this.send(e.event, out.volume, duration, true, false);
    }
    o.report({ from: o.from, to: o.to, event: e, relay });
  }

  private send(event: number, volume: number, duration: number, end: boolean, first: boolean): void {
    const o = this.o;
    const payloadType = this.toPt;
    if (payloadType === undefined) return;
    const payload = encodeTelephoneEvent({ event, end, volume, duration });
    o.stats.dtmfPacketsOut++;
    o.sink.sendEvent({ payloadType, payload, marker: first, first, end, event, duration });
  }
}
