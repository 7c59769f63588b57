// A typed session description: the part of RFC 4566 that RFC 3264 offer/answer for audio needs.
// parse.ts fills it from text (through sdp-transform), write.ts turns it back into text.

/** RFC 3264 §5.1 stream direction (a=sendrecv / sendonly / recvonly / inactive). */
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export type IpVersion = 4 | 6;

/** o= (RFC 4566 §5.2). `sessionId` and `version` are decimal strings: peers send 64-bit values. */
export interface Origin {
  readonly username: string;
  readonly sessionId: string;
  /** Incremented on every description we send in a dialog (RFC 3264 §8). */
  readonly version: string;
  readonly address: string;
  readonly ipVersion: IpVersion;
}

/** c= (RFC 4566 §5.7), at session or media level. */
export interface Connection {
  readonly address: string;
  readonly ipVersion: IpVersion;
}

/**
 * One payload type of an RTP m= line. `name`/`clockRate`/`channels` come from a=rtpmap, or from
 * the static table of RFC 3551 §6 when there is none (0 PCMU, 8 PCMA …); absent when unknown.
 */
export interface PayloadType {
  readonly pt: number;
  readonly name?: string;
  readonly clockRate?: number;
  readonly channels?: number;
  /** The a=fmtp parameters, as written. */
  readonly fmtp?: string;
}

/** a=rtcp (RFC 3605): where the peer wants RTCP when it is not RTP port + 1. */
export interface RtcpAttribute {
  readonly port: number;
  readonly address?: string;
}

/** One m= section. `formats` is the m= line's format list as written; `payloads` the RTP ones. */
export interface MediaDescription {
  readonly type: string;
  readonly port: number;
  readonly protocol: string;
  readonly formats: readonly string[];
  readonly payloads: readonly PayloadType[];
  readonly connection?: Connection;
  readonly direction?: Direction;
  readonly ptime?: number;
  readonly maxptime?: number;
  readonly rtcp?: RtcpAttribute;
}

export interface SessionDescription {
  readonly origin: Origin;
  /** s= */
  readonly name: string;
  readonly connection?: Connection;
  /** A session-level direction attribute; a media-level one wins (RFC 4566 §6). */
  readonly direction?: Direction;
  readonly media: readonly MediaDescription[];
}

/** The c= that applies to a stream: its own, else the session's (RFC 4566 §5.7). */
export function mediaConnection(sd: SessionDescription, m: MediaDescription): Connection | undefined {
  return m.connection ?? sd.connection;
}

/** The direction that applies to a stream: media level, else session level, else sendrecv (RFC 3264 §5.1). */
export function mediaDirection(sd: SessionDescription, m: MediaDescription): Direction {
  return m.direction ?? sd.direction ?? 'sendrecv';
}
