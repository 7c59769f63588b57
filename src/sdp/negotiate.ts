// What an offer/answer exchange settles, and the rules both directions share: direction
// arithmetic (RFC 3264 §6.1), hold (§8.4), ptime, and where the peer's RTP and RTCP go.

import { isIP } from 'node:net';
import { sdpFail, type SdpError, type SdpResult } from './errors.ts';
import type { CodecName } from './codecs.ts';
import { DEFAULT_PTIME, type Ptime } from './local.ts';
import { mediaConnection, mediaDirection, type Direction, type MediaDescription, type Origin, type SessionDescription } from './model.ts';

export interface NegotiatedCodec {
  readonly name: CodecName;
  /** The number in the peer's SDP: for answers we make it is the offerer's number. */
  readonly pt: number;
  readonly clockRate: number;
}

/** Where the peer receives. `address` is 0.0.0.0 (or ::) when it wants nothing sent (RFC 3264 §8.4). */
export interface RemoteMedia {
  readonly address: string;
  readonly port: number;
  /** a=rtcp port, else port + 1 (RFC 3605, RFC 3550 §11). */
  readonly rtcpPort: number;
  readonly rtcpAddress: string;
}

export interface Negotiated {
  readonly codec: NegotiatedCodec;
  /** RFC 4733 telephone-event payload type, when both sides do it. */
  readonly telephoneEventPt?: number;
  readonly ptime: Ptime;
  readonly remote: RemoteMedia;
  /** Our direction for the stream: may we send, will we receive. */
  readonly direction: Direction;
  /** The peer's direction, with a null c= address counted as "does not receive". */
  readonly remoteDirection: Direction;
  /** The peer put us on hold: sendonly, inactive or c=0.0.0.0. */
  readonly remoteHold: boolean;
  /** Our o= as last sent (pass this negotiation as `previous` to keep numbering). */
  readonly origin: Origin;
  readonly remoteOrigin: Origin;
}

/** What a re-offer or re-answer continues from: our last o=, and the codec it should keep. */
export interface PreviousExchange {
  readonly origin: Origin;
  readonly codec?: NegotiatedCodec;
  readonly telephoneEventPt?: number;
  readonly ptime?: Ptime;
}

export type AnswerResult = { ok: true; sdp: string; negotiated: Negotiated } | { ok: false; error: SdpError };
export type NegotiationResult = { ok: true; negotiated: Negotiated } | { ok: false; error: SdpError };

const sends = (d: Direction): boolean => d === 'sendrecv' || d === 'sendonly';
const receives = (d: Direction): boolean => d === 'sendrecv' || d === 'recvonly';

function direction(send: boolean, recv: boolean): Direction {
  return send ? (recv ? 'sendrecv' : 'sendonly') : recv ? 'recvonly' : 'inactive';
}

/** The direction the other side of a stream has: sendonly ↔ recvonly (RFC 3264 §6.1). */
export function mirror(d: Direction): Direction {
  return direction(receives(d), sends(d));
}

/** What both a wish and a constraint allow (e.g. we want sendrecv, the offer allows recvonly). */
export function intersect(a: Direction, b: Direction): Direction {
  return direction(sends(a) && sends(b), receives(a) && receives(b));
}

/** c=0.0.0.0 (RFC 2543 hold, RFC 3264 §8.4) and its IPv6 form: send neither RTP nor RTCP there. */
export function isNullAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/**
 * The offer's ptime when it is one we produce (20 or 30), else our preference; then never above
 * the peer's maxptime (RFC 4566 §6), with 20 as the floor since we produce nothing shorter.
 */
export function choosePtime(ptime: number | undefined, maxptime: number | undefined, preferred: Ptime = DEFAULT_PTIME): Ptime {
  let p: Ptime = ptime === 20 || ptime === 30 ? ptime : preferred;
  if (maxptime !== undefined && p > maxptime) p = 20;
  return p;
}

export interface RemoteView {
  readonly remote: RemoteMedia;
  readonly direction: Direction;
  readonly hold: boolean;
}

/** Where a peer's stream receives and what it does, from its c=, port, a=rtcp and direction. */
export function remoteView(sd: SessionDescription, m: MediaDescription): SdpResult<RemoteView> {
  const c = mediaConnection(sd, m);
  if (!c) return sdpFail('malformed', `m=${m.type} has no c= line, at media or session level (RFC 4566 §5.7)`);
  const family = isIP(c.address);
  if (family === 0) return sdpFail('unsupported-transport', `c= address ${c.address} is not an IP literal (FQDN or multicast)`);
  if (family !== c.ipVersion) return sdpFail('malformed', `c=IN IP${c.ipVersion} with address ${c.address}`);
  const written = mediaDirection(sd, m);
  const nulled = isNullAddress(c.address);
  const effective = nulled ? direction(sends(written), false) : written;
  const rtcpPort = m.rtcp?.port ?? m.port + 1;
  const rtcpAddress = m.rtcp?.address ?? c.address;
  return {
    ok: true,
    value: { remote: { address: c.address, port: m.port, rtcpPort, rtcpAddress }, direction: effective, hold: !receives(effective) },
  };
}
