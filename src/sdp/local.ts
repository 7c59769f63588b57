// Our side of a negotiation: where our RTP socket is, what we run, and our o= line.

import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import { CODECS, type CodecName } from './codecs.ts';
import type { Connection, Direction, Origin } from './model.ts';

/** Packetisation times the media worker produces (ms). */
export type Ptime = 20 | 30;

export const DEFAULT_PTIME: Ptime = 20;

/** What we put in an offer or an answer. */
export interface LocalMedia {
  /** Our RTP address (IPv4 or IPv6 literal): c= and o=. */
  readonly address: string;
  readonly port: number;
  /** Codecs we run, in our order of preference (the order of our offers). */
  readonly codecs: readonly CodecName[];
  /** Offer / accept RFC 4733 telephone-event. */
  readonly telephoneEvent: boolean;
  /** Preferred ptime; the offer's ptime wins when it is 20 or 30. Default 20. */
  readonly ptime?: Ptime;
  /** The direction we want (sendonly to hold, sendrecv to resume). Default sendrecv. */
  readonly direction?: Direction;
  /** Our RTCP port when it is not port + 1 (written as a=rtcp, RFC 3605). */
  readonly rtcpPort?: number;
  /** Answering: pick the codec in the offer's order (default, RFC 3264 §6.1) or in ours. */
  readonly codecOrder?: 'offer' | 'local';
  /** o= username (default "switchboard") and, for the first description of a dialog, sess-id (default random). */
  readonly username?: string;
  readonly sessionId?: string;
}

/** Programmer errors in LocalMedia throw (peer input never does). */
export function checkLocal(local: LocalMedia): void {
  if (isIP(local.address) === 0) throw new TypeError(`sdp: local address ${JSON.stringify(local.address)} is not an IP literal`);
  if (!isPort(local.port)) throw new RangeError(`sdp: local port ${local.port} out of range`);
  if (local.rtcpPort !== undefined && !isPort(local.rtcpPort)) throw new RangeError(`sdp: local RTCP port ${local.rtcpPort} out of range`);
  if (local.codecs.length === 0) throw new TypeError('sdp: no local codecs');
  for (const c of local.codecs) if (!(c in CODECS)) throw new TypeError(`sdp: unknown codec ${String(c)}`);
  if (local.sessionId !== undefined && !/^\d+$/.test(local.sessionId)) throw new TypeError('sdp: sessionId must be decimal digits');
}

function isPort(p: number): boolean {
  return Number.isInteger(p) && p > 0 && p <= 65535;
}

export function localConnection(local: LocalMedia): Connection {
  return { address: local.address, ipVersion: isIP(local.address) === 6 ? 6 : 4 };
}

/**
 * Our o= line: the previous one with its version + 1 (RFC 3264 §8: same username and sess-id,
 * version one higher on every new description in the session), or a fresh one at version 1.
 */
export function ourOrigin(local: LocalMedia, previous?: Origin): Origin {
  const { address, ipVersion } = localConnection(local);
  if (previous) return { ...previous, version: (BigInt(previous.version) + 1n).toString(), address, ipVersion };
  const sessionId = local.sessionId ?? String(randomInt(1, 2 ** 47));
  return { username: local.username ?? 'switchboard', sessionId, version: '1', address, ipVersion };
}
