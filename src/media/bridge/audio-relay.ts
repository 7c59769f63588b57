// One direction of a bridge's audio: the packets received on one leg, handed to the other leg's
// sink. This is the per-packet path (50 packets a second per direction per call at 20 ms), so it
// allocates nothing in steady state: the forward path passes the received view on, the others
// write into buffers kept from packet to packet.
//
// Timeline: the RTP timestamp of each received packet is compared with where the previous one
// ended. A step forward (loss, silence suppression) is passed on as `skipSamples`; a packet from
// before (reordered, duplicated) is dropped, since the slot it belonged to was already sent; a step
// larger than `maxGapSamples`, a new SSRC or a run of "late" packets (a peer whose clock went
// back) starts a new timeline, sent on without a gap and with the marker bit.

import { ALAW_SILENCE, ULAW_SILENCE, alawToPcm, alawToUlaw, ulawToAlaw, ulawToPcm } from '../codecs/index.ts';
import type { BridgeDirectionStats, BridgeTap, LegFormat, LegSink, RelayPath } from './types.ts';

/** Samples per ms at the G.711 rate. */
const SAMPLES_PER_MS = 8;
/** A packet at most this far behind (200 ms) is late; further back is a new timeline. */
const MAX_LATE_SAMPLES = 1600;
/** This many late packets in a row mean the peer's clock went back: follow it. */
const LATE_RUN_RESYNC = 3;

export function choosePath(from: LegFormat, to: LegFormat): RelayPath {
  if (from.ptimeMs !== to.ptimeMs) return 'reframe';
  return from.codec === to.codec ? 'forward' : 'transcode';
}

/** Keeps a buffer of exactly the last size asked for, so the codec functions return it without a view. */
class ExactBuffers {
  private bytes = Buffer.alloc(160);
  private pcm = new Int16Array(160);

  byteBuffer(n: number): Buffer {
    if (this.bytes.length !== n) this.bytes = Buffer.alloc(n);
    return this.bytes;
  }

  pcmBuffer(n: number): Int16Array {
    if (this.pcm.length !== n) this.pcm = new Int16Array(n);
    return this.pcm;
  }
}

export class AudioRelay {
  readonly path: RelayPath;
  tap: BridgeTap | undefined;

  private readonly from: LegFormat;
  private readonly sink: LegSink;
  private readonly stats: BridgeDirectionStats;
  private readonly maxGap: number;
  private readonly transcode: ((data: Uint8Array, out: Buffer) => Buffer) | undefined;
  private readonly scratch = new ExactBuffers();
  /** The re-framing buffer: one outgoing frame of code bytes, `fill` of them written. */
  private readonly frame: Buffer;
  private fill = 0;
  private readonly silence: number;
  private pendingMarker = false;
  private expected: number | undefined;
  private ssrc: number | undefined;
  private lateRun = 0;

  constructor(from: LegFormat, to: LegFormat, sink: LegSink, stats: BridgeDirectionStats, maxGapSamples: number) {
    this.from = from;
    this.sink = sink;
    this.stats = stats;
    this.maxGap = maxGapSamples;
    this.path = choosePath(from, to);
    this.transcode = from.codec === to.codec ? undefined : from.codec === 'PCMU' ? ulawToAlaw : alawToUlaw;
    this.frame = Buffer.alloc(this.path === 'reframe' ? Math.max(1, Math.round(to.ptimeMs * SAMPLES_PER_MS)) : 0);
    this.silence = to.codec === 'PCMU' ? ULAW_SILENCE : ALAW_SILENCE;
  }

  /** One audio packet of the `from` leg's codec. */
  receive(payload: Uint8Array, timestamp: number, ssrc: number, marker: boolean): void {
    const n = payload.length;
    this.stats.packetsIn++;
    if (n === 0) return;
    const gap = this.place(timestamp, ssrc, n);
    if (gap < 0) {
      this.stats.late++;
      return;
    }
    if (gap === Infinity) marker = true; // a new timeline
    const skipped = gap === Infinity ? 0 : gap;
    if (skipped > 0) this.stats.gapSamples += skipped;
    if (this.path === 'reframe') this.reframe(payload, skipped, marker);
    else this.relay(payload, skipped, marker);
    if (this.tap !== undefined) this.tapPcm(payload, skipped);
  }

  /** Sends what the re-framing buffer holds, padded with silence to a whole frame (format change, end). */
  flush(): void {
    if (this.fill === 0) return;
    this.frame.fill(this.silence, this.fill);
    this.fill = 0;
    this.emit(this.frame);
  }

  /**
   * Where a packet falls: 0 next in line, > 0 samples missing before it, Infinity a new timeline,
   * -1 late. Moves the expected timestamp on for packets that are not late.
   */
  private place(timestamp: number, ssrc: number, samples: number): number {
    const expected = this.expected;
    let gap = Infinity;
    if (expected !== undefined && ssrc === this.ssrc) {
      const delta = (timestamp - expected) | 0; // signed 32-bit step
      if (delta >= 0 && delta <= this.maxGap) gap = delta;
      else if (delta < 0 && delta >= -MAX_LATE_SAMPLES && ++this.lateRun < LATE_RUN_RESYNC) return -1;
    }
    if (expected === undefined) gap = 0; // the first packet: nothing to mark
    this.lateRun = 0;
    this.ssrc = ssrc;
    this.expected = (timestamp + samples) >>> 0;
    return gap;
  }

  private relay(payload: Uint8Array, skipped: number, marker: boolean): void {
    if (skipped > 0) this.sink.skipSamples?.(skipped);
    let out = payload;
    if (this.transcode !== undefined) {
      out = this.transcode(payload, this.scratch.byteBuffer(payload.length));
      this.stats.transcoded++;
    }
    this.stats.packetsOut++;
    this.sink.sendAudio(out, out.length, marker);
  }

  private reframe(payload: Uint8Array, skipped: number, marker: boolean): void {
    this.stats.reframed++;
    if (skipped > 0) this.fillGap(skipped);
    if (marker) this.pendingMarker = true;
    let src = payload;
    if (this.transcode !== undefined) {
      src = this.transcode(payload, this.scratch.byteBuffer(payload.length));
      this.stats.transcoded++;
    }
    const frame = this.frame;
    const size = frame.length;
    const n = src.length;
    let off = 0;
    while (off < n) {
      const at = this.fill;
      const k = Math.min(n - off, size - at);
      for (let i = 0; i < k; i++) frame[at + i] = src[off + i]!;
      this.fill = at + k;
      off += k;
      if (this.fill === size) {
        this.fill = 0;
        this.emit(frame);
      }
    }
  }

  /** A gap completes the partial frame with silence (the timeline stays whole); the rest is skipped. */
  private fillGap(gap: number): void {
    if (this.fill > 0) {
      const k = Math.min(gap, this.frame.length - this.fill);
      this.frame.fill(this.silence, this.fill, this.fill + k);
      this.fill += k;
      gap -= k;
      if (this.fill === this.frame.length) {
        this.fill = 0;
        this.emit(this.frame);
      }
    }
    if (gap > 0) this.sink.skipSamples?.(gap);
  }

  private emit(frame: Buffer): void {
    const marker = this.pendingMarker;
    this.pendingMarker = false;
    this.stats.packetsOut++;
    this.sink.sendAudio(frame, frame.length, marker);
  }

  private tapPcm(payload: Uint8Array, skipped: number): void {
    const tap = this.tap;
    if (tap === undefined) return;
    const pcm = this.scratch.pcmBuffer(payload.length);
    if (this.from.codec === 'PCMA') alawToPcm(payload, pcm);
    else ulawToPcm(payload, pcm);
    this.stats.tapped++;
    tap(pcm, skipped);
  }
}
