// Via stamping on receipt (RFC 3261 §18.2.1, RFC 3581 §4) and response routing (§18.2.2).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getTopVia } from '../accessors.ts';
import { getHeader } from '../message.ts';
import type { SipRequest, SipResponse } from '../message.ts';
import { parseMessage } from '../parser.ts';
import type { Remote } from '../remote.ts';
import { buildResponse } from '../response.ts';
import { SipTransportError } from './errors.ts';
import { rawRequest } from './transport.fixture.ts';
import { SentByMatcher, normalizeAddress, responseTarget, stampVia } from './via-route.ts';

const SRC: Remote = { transport: 'udp', address: '192.0.2.7', port: 40123 };

function request(via: string): SipRequest {
  const r = parseMessage(rawRequest({ via }));
  if (!r.ok) assert.fail(r.error.reason);
  assert.equal(r.message.type, 'request');
  return r.message as SipRequest;
}

function stamped(via: string, source: Remote = SRC): string {
  const req = request(via);
  stampVia(req, source);
  return getHeader(req, 'Via') ?? '';
}

function responseWith(via: string): SipResponse {
  return buildResponse(request(via), 200);
}

describe('stampVia (§18.2.1, RFC 3581 §4)', () => {
  it('leaves the Via alone when sent-by is the source address and there is no rport', () => {
    const req = request('SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1');
    assert.equal(stampVia(req, SRC), false);
    assert.equal(getHeader(req, 'Via'), 'SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1');
  });

  it('adds received when the sent-by host differs from the source', () => {
    assert.equal(stamped('SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1'), 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;received=192.0.2.7');
    assert.equal(stamped('SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1'), 'SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1;received=192.0.2.7');
  });

  it('fills an empty rport with the source port and adds received even when the host matches', () => {
    assert.equal(
      stamped('SIP/2.0/UDP 192.0.2.7:5060;rport;branch=z9hG4bK1'),
      'SIP/2.0/UDP 192.0.2.7:5060;rport=40123;branch=z9hG4bK1;received=192.0.2.7',
    );
    const req = request('SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK1;rport');
    stampVia(req, SRC);
    const via = getTopVia(req);
    assert.equal(via?.rport, 40123);
    assert.equal(via?.received, '192.0.2.7');
  });

  it('replaces a received the sender wrote itself', () => {
    assert.equal(
      stamped('SIP/2.0/UDP 192.0.2.7:5060;received=203.0.113.9;branch=z9hG4bK1'),
      'SIP/2.0/UDP 192.0.2.7:5060;received=192.0.2.7;branch=z9hG4bK1',
    );
  });

  it('only touches the top Via', () => {
    const r = parseMessage(rawRequest({ via: 'SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1, SIP/2.0/UDP 10.0.0.2;rport;branch=z9hG4bK2' }));
    assert.ok(r.ok);
    stampVia(r.message, SRC);
    const vias = r.message.headers.filter((h) => h.name === 'Via').map((h) => h.value);
    assert.deepEqual(vias, ['SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;received=192.0.2.7', 'SIP/2.0/UDP 10.0.0.2;rport;branch=z9hG4bK2']);
  });

  it('compares IPv6 sent-by without brackets and writes received without them', () => {
    const v6: Remote = { transport: 'udp', address: '2001:db8::9', port: 5062 };
    assert.equal(stamped('SIP/2.0/UDP [2001:db8::9]:5062;branch=z9hG4bK1', v6), 'SIP/2.0/UDP [2001:db8::9]:5062;branch=z9hG4bK1');
    assert.equal(
      stamped('SIP/2.0/UDP [2001:db8::1]:5062;branch=z9hG4bK1', v6),
      'SIP/2.0/UDP [2001:db8::1]:5062;branch=z9hG4bK1;received=2001:db8::9',
    );
  });
});

describe('responseTarget (§18.2.2, RFC 3581 §4)', () => {
  it('UDP with rport: received and rport', () => {
    const req = request('SIP/2.0/UDP 10.0.0.1:5070;rport;branch=z9hG4bK1');
    stampVia(req, SRC);
    assert.deepEqual(responseTarget(buildResponse(req, 200), SRC), { transport: 'udp', address: '192.0.2.7', port: 40123 });
  });

  it('UDP without rport: received and the sent-by port, not the source port', () => {
    const req = request('SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK1');
    stampVia(req, SRC);
    assert.deepEqual(responseTarget(buildResponse(req, 200), SRC), { transport: 'udp', address: '192.0.2.7', port: 5070 });
  });

  it('UDP with no received and no port: the sent-by host on 5060', () => {
    assert.deepEqual(responseTarget(responseWith('SIP/2.0/UDP 198.51.100.4;branch=z9hG4bK1')), {
      transport: 'udp',
      address: '198.51.100.4',
      port: 5060,
    });
    assert.deepEqual(responseTarget(responseWith('SIP/2.0/UDP [2001:db8::4];branch=z9hG4bK1')), {
      transport: 'udp',
      address: '2001:db8::4',
      port: 5060,
    });
  });

  it('a bare rport left unstamped means the source port', () => {
    const res = responseWith('SIP/2.0/UDP 192.0.2.7:5060;rport;branch=z9hG4bK1');
    assert.deepEqual(responseTarget(res, SRC), { transport: 'udp', address: '192.0.2.7', port: 40123 });
  });

  it('TCP: the connection the request came on', () => {
    const conn: Remote = { transport: 'tcp', address: '192.0.2.7', port: 51000 };
    assert.equal(responseTarget(responseWith('SIP/2.0/TCP 10.0.0.1:5070;branch=z9hG4bK1;received=192.0.2.7'), conn), conn);
  });

  it('TCP without a connection: received (or sent-by) and the sent-by port; rport is not used', () => {
    assert.deepEqual(responseTarget(responseWith('SIP/2.0/TCP 10.0.0.1:5070;rport=999;branch=z9hG4bK1;received=192.0.2.7')), {
      transport: 'tcp',
      address: '192.0.2.7',
      port: 5070,
    });
  });

  it('falls back to the source without a Via, and throws ERR_SIP_TRANSPORT_NO_ROUTE with neither', () => {
    const res: SipResponse = { ...responseWith('SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1'), headers: [] };
    assert.equal(responseTarget(res, SRC), SRC);
    assert.throws(() => responseTarget(res), (e: unknown) => e instanceof SipTransportError && e.code === 'ERR_SIP_TRANSPORT_NO_ROUTE');
    const tls = responseWith('SIP/2.0/TLS 10.0.0.1;branch=z9hG4bK1');
    assert.throws(() => responseTarget(tls), (e: unknown) => e instanceof SipTransportError && e.code === 'ERR_SIP_TRANSPORT_NO_ROUTE');
  });
});

describe('helpers', () => {
  it('normalizeAddress turns IPv4-mapped IPv6 into IPv4', () => {
    assert.equal(normalizeAddress('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(normalizeAddress('::1'), '::1');
    assert.equal(normalizeAddress('10.0.0.1'), '10.0.0.1');
  });

  it('SentByMatcher accepts only the sent-by values we write (§18.1.2)', () => {
    const via = (s: string) => getTopVia(responseWith(s))!;
    const bound = new SentByMatcher(undefined);
    bound.setLocal({ address: '127.0.0.1', port: 5080 });
    assert.equal(bound.matches(via('SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK1')), true);
    assert.equal(bound.matches(via('SIP/2.0/UDP 127.0.0.1:5081;branch=z9hG4bK1')), false);
    assert.equal(bound.matches(via('SIP/2.0/UDP 10.0.0.1:5080;branch=z9hG4bK1')), false);
    const wildcard = new SentByMatcher(undefined);
    wildcard.setLocal({ address: '0.0.0.0', port: 5060 });
    assert.equal(wildcard.matches(via('SIP/2.0/UDP sip.example.com;branch=z9hG4bK1')), true);
    const listed = new SentByMatcher(['sip.example.com', '203.0.113.5:5999', '[2001:db8::5]:6000']);
    listed.setLocal({ address: '0.0.0.0', port: 5060 });
    assert.equal(listed.matches(via('SIP/2.0/UDP SIP.example.com:5060;branch=z9hG4bK1')), true);
    assert.equal(listed.matches(via('SIP/2.0/UDP 203.0.113.5:5999;branch=z9hG4bK1')), true);
    assert.equal(listed.matches(via('SIP/2.0/UDP [2001:db8::5]:6000;branch=z9hG4bK1')), true);
    assert.equal(listed.matches(via('SIP/2.0/UDP 203.0.113.5;branch=z9hG4bK1')), false);
    assert.equal(new SentByMatcher('any').matches(via('SIP/2.0/UDP 10.9.9.9;branch=z9hG4bK1')), true);
  });
});
