// Shared helpers for the digest-auth tests: a settable clock, requests and a user store.

import type { Clock } from '../../core/index.ts';
import { createRequest, createResponse, getHeader } from '../message.ts';
import type { HeaderInit, SipRequest, SipResponse } from '../message.ts';
import type { DigestLookup, DigestSecret } from './server.ts';

export interface FakeClock extends Clock {
  t: number;
  advance(ms: number): void;
}

export function fakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  const c = { t: start, now: () => c.t, advance: (ms: number) => void (c.t += ms) };
  return c;
}

export const SECRET = 'test-secret-0123456789abcdef';
export const REALM = 'sip.example.org';

export function invite(extra: readonly HeaderInit[] = [], uri = 'sip:bob@sip.example.org'): SipRequest {
  return createRequest({
    method: 'INVITE',
    uri,
    headers: [
      { name: 'Via', value: 'SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKfirst;rport' },
      { name: 'Max-Forwards', value: '70' },
      { name: 'From', value: '"Alice" <sip:alice@sip.example.org>;tag=a1' },
      { name: 'To', value: '<sip:bob@sip.example.org>' },
      { name: 'Call-ID', value: 'call-1@192.0.2.10' },
      { name: 'CSeq', value: '1 INVITE' },
      { name: 'Contact', value: '<sip:alice@192.0.2.10:5060>' },
      { name: 'Content-Type', value: 'application/sdp' },
      { name: 'Content-Length', value: '5' },
      ...extra,
    ],
    body: Buffer.from('v=0\r\n'),
  });
}

/** A 401/407 to `req` carrying the given challenge header values. */
export function challengeTo(req: SipRequest, status: 401 | 407, challenges: readonly string[]): SipResponse {
  const name = status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
  return createResponse({
    status,
    reason: status === 401 ? 'Unauthorized' : 'Proxy Authentication Required',
    headers: [
      { name: 'Via', value: getHeader(req, 'Via') ?? '' },
      { name: 'From', value: getHeader(req, 'From') ?? '' },
      { name: 'To', value: `${getHeader(req, 'To') ?? ''};tag=srv` },
      { name: 'Call-ID', value: getHeader(req, 'Call-ID') ?? '' },
      { name: 'CSeq', value: getHeader(req, 'CSeq') ?? '' },
      ...challenges.map((value) => ({ name, value })),
    ],
  });
}

export const USERS: Readonly<Record<string, DigestSecret>> = {
  alice: { password: 'wonderland' },
  carol: { password: 'pa"ss\\word ✓' },
};

export const lookup: DigestLookup = async (username, realm) => (realm === REALM ? USERS[username] : undefined);
