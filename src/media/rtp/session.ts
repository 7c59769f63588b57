// One RTP session (RFC 3550) for one media stream of one call, without sockets: the caller binds
// the local port pair, feeds datagrams to `receive` and time to `tick`, and sends what the
// handlers hand it. Symmetric RTP latching (latch.ts), reception statistics (stats.ts), RTCP
// SR/RR + SDES every ~5 s (§6.2, §6.4), BYE on close (§6.6), media inactivity detection.
//
//   Open ──close()──► Closed          (BYE sent when a remote is known)
//   Open: active ──no RTP for inactivityMs──► inactive ──RTP──► active   (one event per change)

import { randomBytes } from 'node:crypto';
import type { Clock, Scheduler, TimerHandle } from '../../core/index.ts';
import { SymmetricLatch, type RtpAddress } from './latch.ts';
import { ntpMiddle32, roundTripMs, toNtp } from './ntp.ts';
import { classifyPacket, parseRtp, serializeRtp } from './packet.ts';
import { parseRtcp } from './rtcp-parse.ts';
import { SDES_CNAME, serializeRtcp, type ReportBlock, type RtcpPacket } from './rtcp.ts';
import type { RtpSendOptions, RtpSessionEvent, RtpSessionHandlers, RtpSessionOptions, RtpSessionStats } from './session-types.ts';
import { ReceiveStats } from './stats.ts';

function cryptoRandom(): number {
  return randomBytes(4).readUInt32BE(0) / 0x1_0000_0000;
}

function rtcpFor(rtp: RtpAddress | undefined, mux: boolean): RtpAddress | undefined {
  if (!rtp) return undefined;
  return mux ? rtp : { address: rtp.address, port: rtp.port + 1 };
}

export class RtpSession {
  readonly localPort: number;
  readonly cname: string;
  readonly clockRate: number;
  readonly payloadType: number;
  handlers: RtpSessionHandlers;

  readonly #random: () => number;
  readonly #scheduler: Scheduler | undefined;
  readonly #wallClock: Clock | undefined;
  readonly #mux: boolean;
  readonly #latch: SymmetricLatch;
  readonly #rtcpIntervalMs: number;
  #inactivityMs: number;
  #remoteRtcp: RtpAddress | undefined;
  #rtcpLatched = false;

  // what we send
  #ssrc: number;
  #seq: number;
  #timestamp: number;
  #lastSentAt: number | undefined;
  #lastSentTimestamp = 0;

  // what we receive
  #remoteSsrc: number | undefined;
  #stats: ReceiveStats | undefined;
  #lastRtpAt: number;
  #inactive = false;
  #remoteReport: ReportBlock | undefined;
  #roundTripMs: number | undefined;

  #nextRtcpAt: number;
  #timer: TimerHandle | undefined;
  #timerAt = Infinity;
  #closed = false;
  /** The address that sent our SSRC back once (§8.2): later packets with our SSRC from it are our own traffic looped. */
  #loopFrom: string | undefined;
  readonly #counters = { packetsSent: 0, octetsSent: 0, packetsReceived: 0, octetsReceived: 0, malformed: 0, foreign: 0, other: 0, unsent: 0, rtcpSent: 0, rtcpReceived: 0 };

  constructor(options: RtpSessionOptions, handlers: RtpSessionHandlers) {
    const now = options.now ?? options.scheduler?.now();
    if (now === undefined) throw new RangeError('RtpSession needs `now` or a scheduler');
    this.localPort = options.localPort;
    this.cname = options.cname;
    this.clockRate = options.clockRate ?? 8000;
    this.payloadType = options.payloadType ?? 0;
    this.handlers = handlers;
    this.#random = options.random ?? cryptoRandom;
    this.#scheduler = options.scheduler;
    this.#wallClock = options.wallClock;
    this.#mux = options.rtcpMux ?? false;
    this.#latch = new SymmetricLatch(options.remote, options.symmetric ?? true, options.relatchAfter ?? 5);
    this.#remoteRtcp = options.remoteRtcp ?? rtcpFor(options.remote, this.#mux);
    this.#inactivityMs = options.inactivityMs ?? 30_000;
    this.#rtcpIntervalMs = options.rtcpIntervalMs ?? 5000;
    this.#ssrc = this.#random32();
    this.#seq = Math.floor(this.#random() * 0x10000) & 0xffff;
    this.#timestamp = this.#random32();
    this.#lastRtpAt = now;
    this.#nextRtcpAt = this.#rtcpIntervalMs > 0 ? now + this.#rtcpIntervalMs / 2 : Infinity; // §6.2: first report after half
    this.#arm();
  }

  #random32(): number {
    return Math.floor(this.#random() * 0x1_0000_0000) >>> 0;
  }

  get ssrc(): number {
    return this.#ssrc;
  }

  /** Sequence number of the next packet `sendRtp` sends. */
  get sequenceNumber(): number {
    return this.#seq;
  }

  /** Timestamp of the next packet `sendRtp` sends (unless it is given one). */
  get timestamp(): number {
    return this.#timestamp;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Input: one datagram from the local RTP or RTCP socket (told apart by content, RFC 5761 §4). */
  receive(data: Uint8Array, from: RtpAddress, now: number): void {
    if (this.#closed) return;
    const kind = classifyPacket(data);
    if (kind === 'rtp') this.#receiveRtp(data, from, now);
    else if (kind === 'rtcp') this.#receiveRtcp(data, from, now);
    else this.#counters.other++;
  }

  #receiveRtp(data: Uint8Array, from: RtpAddress, now: number): void {
    const parsed = parseRtp(data);
    if (!parsed.ok) {
      this.#counters.malformed++;
      return;
    }
    const previous = this.#latch.remote;
    const decision = this.#latch.offer(from);
    if (decision === 'foreign') {
      this.#counters.foreign++;
      return;
    }
    if (decision !== 'accept') this.#onLatched(previous);
    const p = parsed.packet;
    this.#lastRtpAt = now;
    if (this.#inactive) {
      this.#inactive = false;
      this.#emit({ type: 'active' });
      this.#arm(); // the inactivity deadline is back
    }
    if (p.ssrc === this.#ssrc) {
      const key = `${from.address}:${from.port}`;
      // §8.2: a second conflict from the same address is a loop (an echoing far end), not a new collision.
      if (this.#loopFrom !== key) {
        this.#loopFrom = key;
        this.#collision();
      }
    }
    let stats = this.#stats;
    if (stats === undefined || p.ssrc !== this.#remoteSsrc) {
      const old = this.#remoteSsrc;
      this.#remoteSsrc = p.ssrc;
      this.#stats = stats = new ReceiveStats({ clockRate: this.clockRate });
      if (old !== undefined) this.#emit({ type: 'remote-ssrc', ssrc: p.ssrc, previous: old });
    }
    const verdict = stats.update(p.sequenceNumber, p.timestamp, now);
    this.#counters.packetsReceived++;
    this.#counters.octetsReceived += p.payload.length;
    this.handlers.onPacket?.(p, { from, verdict });
  }

  #onLatched(previous: RtpAddress | undefined): void {
    const remote = this.#latch.remote!;
    if (!this.#rtcpLatched || this.#remoteRtcp?.address !== remote.address) {
      this.#remoteRtcp = rtcpFor(remote, this.#mux);
      this.#rtcpLatched = false;
    }
    this.#emit({ type: 'latched', remote, previous });
  }

  /** §8.2: the remote uses our SSRC; pick another (a BYE for the old one would reach only that remote). */
  #collision(): void {
    const previous = this.#ssrc;
    const next = this.#random32();
    this.#ssrc = next !== previous ? next : (previous ^ 0x8000_0001) >>> 0; // a stuck test RNG must not loop
    this.#emit({ type: 'ssrc-collision', ssrc: this.#ssrc, previous });
  }

  #receiveRtcp(data: Uint8Array, from: RtpAddress, now: number): void {
    const remote = this.#latch.remote;
    if (this.#latch.enabled && remote !== undefined && this.#latch.latched && from.address !== remote.address) {
      this.#counters.foreign++;
      return;
    }
    const parsed = parseRtcp(data);
    if (!parsed.ok) {
      this.#counters.malformed++;
      return;
    }
    this.#counters.rtcpReceived++;
    if (this.#latch.enabled) {
      this.#remoteRtcp = { address: from.address, port: from.port }; // symmetric RTCP (RFC 4961)
      this.#rtcpLatched = true;
    }
    for (const p of parsed.packets) {
      if (p.type === 'sr' && p.ssrc === this.#remoteSsrc) this.#stats?.noteSenderReport(ntpMiddle32(p.ntp), now);
      if (p.type === 'sr' || p.type === 'rr') {
        const mine = p.reports.find((r) => r.ssrc === this.#ssrc);
        if (mine) {
          this.#remoteReport = mine;
          this.#roundTripMs = roundTripMs(this.#wall(now), mine.lsr, mine.dlsr) ?? this.#roundTripMs;
        }
      }
      if (p.type === 'bye' && this.#remoteSsrc !== undefined && p.ssrcs.includes(this.#remoteSsrc)) {
        this.#emit({ type: 'remote-bye', ssrc: this.#remoteSsrc, reason: p.reason });
      }
    }
    this.handlers.onRtcp?.(parsed.packets, from);
  }

  /**
   * Output: sends one RTP packet to the remote with the next sequence number. Returns false (and
   * counts it) when closed or no remote is known yet.
   */
  sendRtp(payload: Uint8Array, now: number, options: RtpSendOptions = {}): boolean {
    const to = this.#latch.remote;
    if (this.#closed || to === undefined) {
      this.#counters.unsent++;
      return false;
    }
    const timestamp = (options.timestamp ?? this.#timestamp) >>> 0;
    const data = serializeRtp({
      marker: options.marker ?? false,
      payloadType: options.payloadType ?? this.payloadType,
      sequenceNumber: this.#seq,
      timestamp,
      ssrc: this.#ssrc,
      payload,
    });
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#timestamp = (timestamp + (options.samples ?? 0)) >>> 0;
    this.#lastSentAt = now;
    this.#lastSentTimestamp = timestamp;
    this.#counters.packetsSent++;
    this.#counters.octetsSent += payload.length;
    this.handlers.sendRtp(data, to);
    return true;
  }

  /** Moves the running timestamp on (silence not sent, e.g. between prompts, §5.1). */
  advanceTimestamp(samples: number): void {
    this.#timestamp = (this.#timestamp + samples) >>> 0;
  }

  /** A new SDP from the peer: forget the latch and send to `remote` until packets arrive. */
  setRemote(remote: RtpAddress | undefined, remoteRtcp?: RtpAddress): void {
    this.#latch.reset(remote);
    this.#remoteRtcp = remoteRtcp ?? rtcpFor(remote, this.#mux);
    this.#rtcpLatched = false;
  }

  /** Changes the inactivity timeout (0 disables, e.g. while the peer holds the call); restarts the wait. */
  setInactivityTimeout(ms: number, now: number): void {
    this.#inactivityMs = ms;
    this.#lastRtpAt = now;
    this.#inactive = false;
    this.#arm();
  }

  /** When `tick` should next run (ms), or undefined when nothing is pending. */
  nextDeadline(): number | undefined {
    if (this.#closed) return undefined;
    let at = this.#nextRtcpAt;
    if (this.#inactivityMs > 0 && !this.#inactive) at = Math.min(at, this.#lastRtpAt + this.#inactivityMs);
    return at === Infinity ? undefined : at;
  }

  /** Input: time passed. Fires inactivity and the periodic RTCP report when due. */
  tick(now: number): void {
    if (this.#closed) return;
    if (this.#inactivityMs > 0 && !this.#inactive && now - this.#lastRtpAt >= this.#inactivityMs) {
      this.#inactive = true;
      this.#emit({ type: 'inactive', lastRtpAt: this.#lastRtpAt });
    }
    if (!this.#closed && now >= this.#nextRtcpAt) {
      this.#sendRtcp(now, undefined);
      this.#nextRtcpAt = now + this.#rtcpIntervalMs * (0.5 + this.#random()); // §6.3.1 randomisation
    }
    this.#arm();
  }

  /** Ends the session: RTCP BYE (§6.6) when a remote is known, timers stopped. Idempotent. */
  close(now: number, reason?: string): void {
    if (this.#closed) return;
    this.#sendRtcp(now, { reason });
    this.#closed = true;
    if (this.#timer && this.#scheduler) this.#scheduler.clearTimer(this.#timer);
    this.#timer = undefined;
  }

  #wall(now: number): number {
    return this.#wallClock ? this.#wallClock.now() : now;
  }

  /** §6.4: SR when we sent RTP in the last two intervals, else RR; then SDES CNAME; then BYE if closing. */
  #sendRtcp(now: number, bye: { reason: string | undefined } | undefined): void {
    const to = this.#remoteRtcp;
    if (to === undefined) return;
    const reports: ReportBlock[] = [];
    if (this.#stats?.valid && this.#remoteSsrc !== undefined) reports.push(this.#stats.reportBlock(this.#remoteSsrc, now));
    const recentlySent = this.#lastSentAt !== undefined && now - this.#lastSentAt < 2 * Math.max(this.#rtcpIntervalMs, 5000);
    const packets: RtcpPacket[] = [];
    if (recentlySent) {
      const elapsed = ((now - this.#lastSentAt!) * this.clockRate) / 1000;
      packets.push({
        type: 'sr',
        ssrc: this.#ssrc,
        ntp: toNtp(this.#wall(now)),
        rtpTimestamp: (this.#lastSentTimestamp + Math.round(elapsed)) >>> 0, // same instant as the NTP time
        packetCount: this.#counters.packetsSent >>> 0,
        octetCount: this.#counters.octetsSent >>> 0,
        reports,
      });
    } else packets.push({ type: 'rr', ssrc: this.#ssrc, reports });
    packets.push({ type: 'sdes', chunks: [{ ssrc: this.#ssrc, items: [{ type: SDES_CNAME, value: this.cname }] }] });
    if (bye) packets.push({ type: 'bye', ssrcs: [this.#ssrc], reason: bye.reason });
    this.#counters.rtcpSent++;
    this.handlers.sendRtcp(serializeRtcp(packets), to);
  }

  /** With a scheduler: keeps one timer at the next deadline. Deadlines only move later on RTP, so a timer already due earlier stays. */
  #arm(): void {
    const scheduler = this.#scheduler;
    if (!scheduler || this.#closed) return;
    const at = this.nextDeadline();
    if (at === undefined) {
      if (this.#timer) scheduler.clearTimer(this.#timer);
      this.#timer = undefined;
      this.#timerAt = Infinity;
      return;
    }
    if (this.#timer && this.#timerAt <= at) return;
    if (this.#timer) scheduler.clearTimer(this.#timer);
    this.#timerAt = at;
    this.#timer = scheduler.setTimer(Math.max(0, at - scheduler.now()), () => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      this.tick(scheduler.now());
    });
  }

  #emit(event: RtpSessionEvent): void {
    this.handlers.onEvent?.(event);
  }

  stats(): RtpSessionStats {
    return {
      ...this.#counters,
      localPort: this.localPort,
      ssrc: this.#ssrc,
      remote: this.#latch.remote,
      remoteRtcp: this.#remoteRtcp,
      latched: this.#latch.latched,
      inactive: this.#inactive,
      remoteSsrc: this.#remoteSsrc,
      lost: this.#stats?.cumulativeLost ?? 0,
      expected: this.#stats?.expected ?? 0,
      jitterMs: this.#stats?.jitterMs ?? 0,
      roundTripMs: this.#roundTripMs,
      remoteReport: this.#remoteReport,
    };
  }
}
