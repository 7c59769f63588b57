// SessionDescription → SDP text, through sdp-transform's writer (RFC 4566 line order, CRLF).
// Every payload with a known encoding gets an a=rtpmap, static ones too (as sipp and baresip
// write them); the m= line lists `formats` as they are, so rejected streams keep theirs.

import { write } from 'sdp-transform';
import type { MediaDescription as RawMedia, SessionDescription as RawSession } from 'sdp-transform';
import type { Connection, MediaDescription, SessionDescription } from './model.ts';

export function writeSdp(sd: SessionDescription): string {
  const raw: RawSession = {
    version: 0,
    origin: {
      username: sd.origin.username,
      sessionId: sd.origin.sessionId,
      sessionVersion: Number(sd.origin.version),
      netType: 'IN',
      ipVer: sd.origin.ipVersion,
      address: sd.origin.address,
    },
    name: sd.name === '' ? '-' : sd.name,
    timing: { start: 0, stop: 0 },
    ...(sd.connection ? { connection: rawConnection(sd.connection) } : {}),
    ...(sd.direction ? { direction: sd.direction } : {}),
    media: sd.media.map(rawMedia),
  };
  return write(raw);
}

function rawMedia(m: MediaDescription): RawMedia {
  const rtp: RawMedia['rtp'] = [];
  const fmtp: RawMedia['fmtp'] = [];
  for (const p of m.payloads) {
    if (p.name !== undefined) {
      rtp.push({
        payload: p.pt,
        codec: p.name,
        ...(p.clockRate !== undefined ? { rate: p.clockRate } : {}),
        ...(p.channels !== undefined && p.channels !== 1 ? { encoding: p.channels } : {}),
      });
    }
    if (p.fmtp !== undefined) fmtp.push({ payload: p.pt, config: p.fmtp });
  }
  return {
    type: m.type,
    port: m.port,
    protocol: m.protocol,
    payloads: m.formats.join(' '),
    rtp,
    fmtp,
    ...(m.connection ? { connection: rawConnection(m.connection) } : {}),
    ...(m.rtcp ? { rtcp: m.rtcp.address ? { port: m.rtcp.port, netType: 'IN', ipVer: ipVersionOf(m.rtcp.address), address: m.rtcp.address } : { port: m.rtcp.port } } : {}),
    ...(m.ptime !== undefined ? { ptime: m.ptime } : {}),
    ...(m.maxptime !== undefined ? { maxptime: m.maxptime } : {}),
    ...(m.direction ? { direction: m.direction } : {}),
  };
}

function rawConnection(c: Connection): { version: number; ip: string } {
  return { version: c.ipVersion, ip: c.address };
}

function ipVersionOf(address: string): number {
  return address.includes(':') ? 6 : 4;
}
