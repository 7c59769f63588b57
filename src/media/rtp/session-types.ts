// Options, outputs and events of RtpSession (session.ts).

import type { Clock, Scheduler } from '../../core/index.ts';
import type { RtpAddress } from './latch.ts';
import type { RtpPacket } from './packet.ts';
import type { ReportBlock, RtcpPacket } from './rtcp.ts';
import type { SeqVerdict } from './stats.ts';

export interface RtpSessionOptions {
  /** The local RTP port the caller bound (RTCP on +1 unless `rtcpMux`); for stats and logs. */
  localPort: number;
  /** Canonical name for SDES (§6.5.1), e.g. `<callSid>@<host>`. */
  cname: string;
  /** Clock time at creation (ms); defaults to `scheduler.now()`. One of the two is required. */
  now?: number;
  /** RTP clock rate of the negotiated payload. Default 8000 (G.711). */
  clockRate?: number;
  /** Payload type `sendRtp` uses when none is given. Default 0 (PCMU). */
  payloadType?: number;
  /** Where to send RTP before latching: the address and port of the peer's SDP. */
  remote?: RtpAddress;
  /** Where to send RTCP before any RTCP arrives (SDP a=rtcp); default remote port + 1 (or the RTP address with mux). */
  remoteRtcp?: RtpAddress;
  /** RTCP on the RTP port (RFC 5761). Default false. */
  rtcpMux?: boolean;
  /** Symmetric RTP: latch onto the source of the first packet (RFC 4961). Default true. */
  symmetric?: boolean;
  /** Packets in a row from a new source before moving to it once latched; 0 never moves. Default 5. */
  relatchAfter?: number;
  /** No RTP for this long → an 'inactive' event (once; 'active' on resume). 0 disables. Default 30 000 ms. */
  inactivityMs?: number;
  /** Mean interval between RTCP reports (§6.2, randomised 0.5-1.5×; the first after half). 0 disables. Default 5000 ms. */
  rtcpIntervalMs?: number;
  /** Uniform [0, 1) source for the SSRC, initial sequence number and timestamp, and RTCP jitter. Default node:crypto. */
  random?: () => number;
  /** When given, the session arms its own timer to call `tick`; otherwise the caller calls `tick` (see `nextDeadline`). */
  scheduler?: Scheduler;
  /** Unix-ms clock for the NTP timestamps of SRs and round trips. Default: the `now` values themselves. */
  wallClock?: Clock;
}

/** What a delivered packet came with. */
export interface RtpPacketInfo {
  readonly from: RtpAddress;
  /** RFC 3550 A.1 verdict: 'probation' and 'jump' packets are delivered but not counted. */
  readonly verdict: SeqVerdict;
}

export type RtpSessionEvent =
  | { readonly type: 'latched'; readonly remote: RtpAddress; readonly previous: RtpAddress | undefined }
  | { readonly type: 'inactive'; readonly lastRtpAt: number }
  | { readonly type: 'active' }
  /** The latched remote started a new SSRC: reception statistics restart. */
  | { readonly type: 'remote-ssrc'; readonly ssrc: number; readonly previous: number | undefined }
  /** The remote sent RTCP BYE for its SSRC (§6.6). */
  | { readonly type: 'remote-bye'; readonly ssrc: number; readonly reason: string | undefined }
  /** The remote uses our SSRC (§8.2): we chose a new one. */
  | { readonly type: 'ssrc-collision'; readonly ssrc: number; readonly previous: number };

/** The session's outputs. The caller's sockets do the I/O; nothing here may throw back into the session. */
export interface RtpSessionHandlers {
  /** Send from the local RTP socket. */
  sendRtp(data: Uint8Array, to: RtpAddress): void;
  /** Send from the local RTCP socket (the RTP socket with rtcp-mux). */
  sendRtcp(data: Uint8Array, to: RtpAddress): void;
  /** An RTP packet from the accepted remote; `packet.payload` is a view into the received datagram. */
  onPacket?(packet: RtpPacket, info: RtpPacketInfo): void;
  /** A parsed compound RTCP packet from the remote. */
  onRtcp?(packets: readonly RtcpPacket[], from: RtpAddress): void;
  onEvent?(event: RtpSessionEvent): void;
}

export interface RtpSendOptions {
  marker?: boolean;
  /** Default: the session's payloadType. */
  payloadType?: number;
  /** Timestamp for this packet; default the session's running timestamp. */
  timestamp?: number;
  /** Advance the running timestamp by this many samples after the packet (160 for 20 ms of G.711). Default 0. */
  samples?: number;
}

export interface RtpSessionStats {
  readonly localPort: number;
  readonly ssrc: number;
  readonly remote: RtpAddress | undefined;
  readonly remoteRtcp: RtpAddress | undefined;
  readonly latched: boolean;
  readonly inactive: boolean;
  readonly remoteSsrc: number | undefined;
  readonly packetsSent: number;
  readonly octetsSent: number;
  /** RTP packets accepted from the remote (all verdicts). */
  readonly packetsReceived: number;
  readonly octetsReceived: number;
  /** RTP and RTCP datagrams that did not parse. */
  readonly malformed: number;
  /** Datagrams dropped because they came from another address than the remote. */
  readonly foreign: number;
  /** Datagrams neither RTP nor RTCP (STUN, DTLS, garbage). */
  readonly other: number;
  /** `sendRtp` calls dropped because no remote is known. */
  readonly unsent: number;
  readonly rtcpSent: number;
  readonly rtcpReceived: number;
  /** RFC 3550 A.3 cumulative loss of the remote's stream. */
  readonly lost: number;
  readonly expected: number;
  /** A.8 interarrival jitter of the remote's stream in ms. */
  readonly jitterMs: number;
  /** From the last report block about our stream, if any. */
  readonly roundTripMs: number | undefined;
  readonly remoteReport: ReportBlock | undefined;
}
