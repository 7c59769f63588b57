// The Bridge: two call legs that hear each other (<Dial> to a number, a SIP trunk, a client).
//
// Each leg's endpoint hands the bridge every RTP packet it receives (`receive`) and implements a
// LegSink for what the bridge relays to it. Per direction, audio takes one of three paths, chosen
// from the two legs' negotiated formats (audio-relay.ts):
//
//   same law, same ptime    forward    the received payload view, unchanged (no copy, no decode)
//   other law, same ptime   transcode  µ-law ↔ A-law by one 256-entry table into a kept buffer
//   other ptime             reframe    code bytes re-framed to the other leg's frame size
//                                      (by the table first when the laws differ too)
//
// RFC 4733 events are received per leg and sent on as events of the other leg's telephone-event
// payload type, once per press (dtmf-relay.ts); when the other leg has none the press is reported
// ('dtmf' with relay 'inband-needed') for the caller to play tones. PCM taps (for recording) are
// decoded only while attached. No I/O and no clock: times come in as arguments, and the owner
// calls tick(now) at nextDeadlineMs() to end presses whose end packets were lost.

import { TypedEmitter } from '../../core/index.ts';
import { AudioRelay } from './audio-relay.ts';
import { DtmfRelay } from './dtmf-relay.ts';
import {
  emptyDirectionStats,
  type BridgeDirectionStats, type BridgeEvents, type BridgeOptions, type BridgeRtpIn, type BridgeTap,
  type LegFormat, type LegId, type LegSink, type RelayPath,
} from './types.ts';


interface Direction {
  readonly from: LegId;
  readonly to: LegId;
  readonly stats: BridgeDirectionStats;
  readonly dtmf: DtmfRelay;
  audio: AudioRelay;
}

function checkFormat(leg: LegId, f: LegFormat): void {
  if (f.codec !== 'PCMU' && f.codec !== 'PCMA') throw new RangeError(`leg ${leg}: codec ${String(f.codec)} is not G.711`);
  if (!(Number.isInteger(f.ptimeMs) && f.ptimeMs >= 1 && f.ptimeMs <= 200)) {
    throw new RangeError(`leg ${leg}: ptime ${f.ptimeMs} is not a whole number of ms in 1..200`);
  }
}

export class Bridge extends TypedEmitter<BridgeEvents> {
  /** Counters per direction: `aToB` counts media received on leg a and sent to leg b. */
  readonly stats: { readonly aToB: BridgeDirectionStats; readonly bToA: BridgeDirectionStats };

  private readonly formats: Record<LegId, LegFormat>;
  private readonly sinks: Record<LegId, LegSink>;
  private readonly maxGap: number;
  private readonly ab: Direction;
  private readonly ba: Direction;
  private closed = false;

  constructor(options: BridgeOptions) {
    super();
    checkFormat('a', options.a);
    checkFormat('b', options.b);
    const o = {
      hangupOnStar: options.hangupOnStar ?? false,
      endRepeats: options.endRepeats ?? 3,
      maxGapSamples: options.maxGapSamples ?? 80_000,
      dtmfEndTimeoutMs: options.dtmfEndTimeoutMs ?? 400,
    };
    if (!(Number.isInteger(o.endRepeats) && o.endRepeats >= 1)) throw new RangeError(`endRepeats ${o.endRepeats} must be a whole number ≥ 1`);
    if (!(o.maxGapSamples >= 0)) throw new RangeError(`maxGapSamples ${o.maxGapSamples} must be ≥ 0`);
    this.formats = { a: options.a, b: options.b };
    this.sinks = { a: options.sinkA, b: options.sinkB };
    this.maxGap = o.maxGapSamples;
    this.stats = { aToB: emptyDirectionStats(), bToA: emptyDirectionStats() };
    const direction = (from: LegId, to: LegId, stats: BridgeDirectionStats): Direction => ({
      from, to, stats,
      audio: new AudioRelay(this.formats[from], this.formats[to], this.sinks[to], stats, this.maxGap),
      dtmf: new DtmfRelay({
        from, to, stats, toPt: this.formats[to].telephoneEventPt, sink: this.sinks[to],
        starHangsUp: o.hangupOnStar && from === 'a', endRepeats: o.endRepeats, endTimeoutMs: o.dtmfEndTimeoutMs,
        report: (dtmf) => this.emit('dtmf', dtmf),
        onStar: (atMs) => this.emit('hangup-on-star', { from, atMs }),
      }),
    });
    this.ab = direction('a', 'b', this.stats.aToB);
    this.ba = direction('b', 'a', this.stats.bToA);
  }

  /** One RTP packet received on leg `from` (audio of its codec, telephone-event, or other: dropped). */
  receive(from: LegId, packet: BridgeRtpIn, nowMs: number): void {
    if (this.closed) return;
    const d = from === 'a' ? this.ab : this.ba;
    const f = from === 'a' ? this.formats.a : this.formats.b;
    const pt = packet.payloadType;
    if (pt === f.payloadType) d.audio.receive(packet.payload, packet.timestamp, packet.ssrc, packet.marker);
    else if (pt === f.telephoneEventPt) d.dtmf.receive(packet.payload, packet.timestamp, packet.marker, nowMs);
    else d.stats.ignored++;
  }

  /** Ends DTMF presses whose end packets never came; call at nextDeadlineMs(). */
  tick(nowMs: number): void {
    if (this.closed) return;
    this.ab.dtmf.tick(nowMs);
    this.ba.dtmf.tick(nowMs);
  }

  /** When tick() next has something to do; undefined while no press is in progress. */
  nextDeadlineMs(): number | undefined {
    const x = this.ab.dtmf.nextDeadlineMs();
    const y = this.ba.dtmf.nextDeadlineMs();
    if (x === undefined) return y;
    return y === undefined ? x : Math.min(x, y);
  }

  /** The path media received on leg `from` takes to the other leg. */
  path(from: LegId): RelayPath {
    return (from === 'a' ? this.ab : this.ba).audio.path;
  }

  format(leg: LegId): LegFormat {
    return this.formats[leg];
  }

  /**
   * A leg renegotiated (re-INVITE): both directions re-choose their path. Audio held in a
   * re-framing buffer is sent first, padded with silence; a press in progress goes on.
   */
  setFormat(leg: LegId, format: LegFormat): void {
    checkFormat(leg, format);
    this.formats[leg] = format;
    for (const d of [this.ab, this.ba]) {
      const tap = d.audio.tap;
      d.audio.flush();
      d.audio = new AudioRelay(this.formats[d.from], this.formats[d.to], this.sinks[d.to], d.stats, this.maxGap);
      d.audio.tap = tap;
    }
    this.ba.dtmf.setTargetPt(this.formats.a.telephoneEventPt);
    this.ab.dtmf.setTargetPt(this.formats.b.telephoneEventPt);
  }

  /** Attaches (or with undefined removes) the PCM tap of media received on leg `from`. */
  setTap(from: LegId, tap: BridgeTap | undefined): void {
    (from === 'a' ? this.ab : this.ba).audio.tap = tap;
  }

  /** Unbridges: sends what re-framing buffers hold, ends presses in progress; later packets are ignored. */
  close(nowMs: number): void {
    if (this.closed) return;
    for (const d of [this.ab, this.ba]) {
      d.audio.flush();
      d.dtmf.flush(nowMs);
      d.audio.tap = undefined;
    }
    this.closed = true;
  }
}
