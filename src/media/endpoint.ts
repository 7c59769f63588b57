// One call leg's media: a bound RTP/RTCP socket pair around the RtpSession engine, the codec the
// SDP negotiated, and RFC 4733 DTMF detection. The socket shell of the media engine: everything
// it decides comes from the engines (rtp/, codecs/, dtmf/), it only moves datagrams and time.

import { createSocket, type Socket } from 'node:dgram';
import { TypedEmitter, type Scheduler } from '../core/index.ts';
import type { Negotiated } from '../sdp/index.ts';
import { alawToPcm, pcmToAlaw, pcmToUlaw, ulawToPcm } from './codecs/index.ts';
import { DtmfSender, Rfc4733Receiver, type RtpDtmfEvent } from './dtmf/index.ts';
import type { LegFormat, LegSink } from './bridge/index.ts';
import { RtpSession, type RtpPacket, type RtpPortAllocator, type RtpSessionEvent, type RtpSessionStats } from './rtp/index.ts';

export interface MediaEndpointEvents extends Record<string, unknown[]> {
  /** Decoded audio from the remote, one packet's worth of 8 kHz PCM. */
  audio: [Int16Array];
  /** RFC 4733 digit starts and ends, each press reported once. */
  dtmf: [RtpDtmfEvent];
  /** Session events: latched, inactive, active, remote-bye … */
  rtp: [RtpSessionEvent];
}

export interface MediaEndpointOptions {
  host: string;
  ports: RtpPortAllocator;
  scheduler: Scheduler;
  cname: string;
  inactivityMs?: number;
}

function bind(socket: Socket, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

export class MediaEndpoint extends TypedEmitter<MediaEndpointEvents> {
  private session: RtpSession | undefined;
  private negotiated: Negotiated | undefined;
  private readonly dtmf = new Rfc4733Receiver();
  private closed = false;
  /** When set (bridged), received RTP goes here as is instead of being decoded. */
  private relay: ((packet: RtpPacket, now: number) => void) | undefined;
  private eventTimestamp = 0;
  private encoded = Buffer.alloc(160);
  readonly stats = { audioPackets: 0, dtmfPackets: 0, otherPackets: 0 };
  /**
   * Whether received audio is decoded and emitted as 'audio' (default always). An owner that uses
   * it only at times (recording, mixing, listening) says so, and the other packets skip the decode.
   */
  audioWanted: () => boolean = () => true;

  private constructor(
    private readonly o: MediaEndpointOptions,
    readonly port: number,
    private readonly rtp: Socket,
    private readonly rtcp: Socket,
  ) {
    super();
  }

  /** Allocates a port pair from the range and binds it (skipping pairs another process holds). */
  static async open(o: MediaEndpointOptions): Promise<MediaEndpoint> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const pair = o.ports.allocate();
      const rtp = createSocket('udp4');
      const rtcp = createSocket('udp4');
      try {
        await bind(rtp, pair.rtp, o.host);
        await bind(rtcp, pair.rtcp, o.host);
        return new MediaEndpoint(o, pair.rtp, rtp, rtcp);
      } catch {
        rtp.close();
        rtcp.close();
        o.ports.release(pair.rtp);
      }
    }
    throw new Error('no RTP port pair could be bound in the configured range');
  }

  /** Starts the RTP session for the negotiated media (after the SDP answer or offer/answer). */
  configure(negotiated: Negotiated): void {
    this.negotiated = negotiated;
    const { scheduler } = this.o;
    this.session?.close(scheduler.now());
    const remote = { address: negotiated.remote.address, port: negotiated.remote.port };
    this.session = new RtpSession(
      {
        localPort: this.port, cname: this.o.cname, scheduler, remote, payloadType: negotiated.codec.pt,
        ...(this.o.inactivityMs !== undefined ? { inactivityMs: this.o.inactivityMs } : {}),
      },
      {
        sendRtp: (data, to) => this.rtp.send(data, to.port, to.address),
        sendRtcp: (data, to) => this.rtcp.send(data, to.port, to.address),
        onPacket: (packet) => {
          const now = scheduler.now();
          if (this.relay) return this.relay(packet, now);
          if (packet.payloadType === negotiated.telephoneEventPt) {
            this.stats.dtmfPackets++;
            const events = this.dtmf.push({ payload: packet.payload, timestamp: packet.timestamp, seq: packet.sequenceNumber, marker: packet.marker, arrivalMs: now });
            for (const e of events) this.emit('dtmf', e);
          } else if (packet.payloadType === negotiated.codec.pt) {
            this.stats.audioPackets++;
            if (this.audioWanted()) this.emit('audio', negotiated.codec.name === 'PCMA' ? alawToPcm(packet.payload) : ulawToPcm(packet.payload));
          } else {
            this.stats.otherPackets++;
          }
        },
        onEvent: (e) => this.emit('rtp', e),
      },
    );
    this.rtp.removeAllListeners('message');
    this.rtcp.removeAllListeners('message');
    this.rtp.on('message', (msg, rinfo) => this.session?.receive(msg, { address: rinfo.address, port: rinfo.port }, scheduler.now()));
    this.rtcp.on('message', (msg, rinfo) => this.session?.receive(msg, { address: rinfo.address, port: rinfo.port }, scheduler.now()));
  }

  /** Sends one frame of 8 kHz PCM in the negotiated codec. */
  sendAudio(pcm: Int16Array): void {
    const n = this.negotiated;
    if (!this.session || !n || this.closed) return;
    // One encode buffer per endpoint: sendRtp serializes the payload before returning.
    if (this.encoded.length !== pcm.length) this.encoded = Buffer.alloc(pcm.length);
    const payload = n.codec.name === 'PCMA' ? pcmToAlaw(pcm, this.encoded) : pcmToUlaw(pcm, this.encoded);
    this.session.sendRtp(payload, this.o.scheduler.now(), { samples: pcm.length });
  }

  /** The negotiated format in the bridge's terms. */
  get format(): LegFormat | undefined {
    const n = this.negotiated;
    return n && { codec: n.codec.name === 'PCMA' ? 'PCMA' : 'PCMU', payloadType: n.codec.pt, ptimeMs: n.ptime, telephoneEventPt: n.telephoneEventPt };
  }

  /** Hands received RTP to `relay` (a bridge) instead of decoding it. */
  relayTo(relay: ((packet: RtpPacket, now: number) => void) | undefined): void {
    this.relay = relay;
  }

  /** What a bridge sends through: this leg's SSRC, sequence and running timestamp (RFC 4733 events keep theirs). */
  sink(): LegSink {
    const now = () => this.o.scheduler.now();
    return {
      sendAudio: (payload, samples, marker) => void this.session?.sendRtp(payload, now(), { marker, samples }),
      sendEvent: (p) => {
        if (!this.session) return;
        if (p.first) this.eventTimestamp = this.session.timestamp;
        this.session.sendRtp(p.payload, now(), { payloadType: p.payloadType, marker: p.marker, timestamp: this.eventTimestamp });
      },
      skipSamples: (n) => this.session?.advanceTimestamp(n),
    };
  }

  /** The RTP session's counters (sent, received, lost …); undefined before configure(). */
  rtpStats(): RtpSessionStats | undefined {
    return this.session?.stats();
  }

  /**
   * Sends digits as RFC 4733 events (`w` pauses 0.5 s), paced on the scheduler; resolves when the
   * last end packet is out. Needs a negotiated telephone-event payload type.
   */
  sendDigits(digits: string): Promise<void> {
    const n = this.negotiated;
    const pt = n?.telephoneEventPt;
    if (!n || pt === undefined) return Promise.reject(new Error('the far end did not negotiate telephone-event'));
    const { scheduler } = this.o;
    const sender = new DtmfSender(digits, scheduler.now(), { ptimeMs: n.ptime });
    const base = this.session?.timestamp ?? 0;
    return new Promise((resolve) => {
      const step = () => {
        const session = this.session;
        if (this.closed || !session) return resolve();
        for (const p of sender.poll(scheduler.now())) {
          session.sendRtp(p.payload, scheduler.now(), { payloadType: pt, marker: p.marker, timestamp: (base + p.timestampOffset) >>> 0 });
        }
        const due = sender.nextDueMs();
        if (due === undefined) return resolve();
        scheduler.setTimer(Math.max(0, due - scheduler.now()), step);
      };
      step();
    });
  }

  /** Ends the session (RTCP BYE), closes the sockets and returns the ports. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.session?.close(this.o.scheduler.now());
    for (const e of this.dtmf.flush(this.o.scheduler.now())) this.emit('dtmf', e);
    this.rtp.close();
    this.rtcp.close();
    this.o.ports.release(this.port);
  }
}
