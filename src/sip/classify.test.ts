// Policy checks after parsing (RFC 3261 §8.2 UAS, §16.3 proxy).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyRequest, isAcceptable, parseMessage } from './index.ts';
import type { SipRequest } from './index.ts';

function request(method: string, uri: string, extra: string[] = [], body = ''): SipRequest {
  const lines = [
    `${method} ${uri} SIP/2.0`,
    'Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1',
    'Max-Forwards: 70',
    'To: <sip:bob@example.com>',
    'From: <sip:alice@example.com>;tag=1',
    'Call-ID: c1',
    `CSeq: 1 ${method}`,
    ...extra,
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  const r = parseMessage(`${lines.join('\r\n')}\r\n\r\n${body}`);
  if (!r.ok) assert.fail(r.error.reason);
  return r.message as SipRequest;
}

describe('classifyRequest as a UAS (§8.2)', () => {
  it('lets an ordinary request through', () => {
    assert.equal(classifyRequest(request('INVITE', 'sip:bob@example.com', ['Content-Type: application/sdp'], 'v=0\r\n')), undefined);
    assert.equal(classifyRequest(request('OPTIONS', 'tel:+15551234567')), undefined);
  });
  it('501 for unknown methods, 405 for known but not allowed, both with Allow', () => {
    assert.deepEqual(classifyRequest(request('FOO', 'sip:bob@example.com'), { knownMethods: ['INVITE', 'BYE'] }), {
      status: 501, reason: 'Not Implemented', headers: [{ name: 'Allow', value: 'INVITE, BYE' }],
    });
    const r = classifyRequest(request('SUBSCRIBE', 'sip:bob@example.com'), { allowedMethods: ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS'] });
    assert.deepEqual([r?.status, r?.headers], [405, [{ name: 'Allow', value: 'INVITE, ACK, BYE, CANCEL, OPTIONS' }]]);
  });
  it('416 for an unsupported Request-URI scheme', () => {
    assert.equal(classifyRequest(request('OPTIONS', 'urn:service:sos'))?.status, 416);
    assert.equal(classifyRequest(request('OPTIONS', 'tel:+1555'), { supportedSchemes: ['sip'] })?.status, 416);
  });
  it('420 with Unsupported for unknown Require tags, except on ACK/CANCEL', () => {
    const r = classifyRequest(request('INVITE', 'sip:b@example.com', ['Require: 100rel, foo', 'Require: timer']), { supportedExtensions: ['timer', '100REL'] });
    assert.deepEqual([r?.status, r?.headers], [420, [{ name: 'Unsupported', value: 'foo' }]]);
    assert.equal(classifyRequest(request('ACK', 'sip:b@example.com', ['Require: foo'])), undefined);
  });
  it('415 with Accept for an unknown body type, and for an unknown Content-Encoding', () => {
    const r = classifyRequest(request('INVITE', 'sip:b@example.com', ['Content-Type: text/html'], '<p>'), { acceptedContentTypes: ['application/sdp', 'multipart/mixed'] });
    assert.deepEqual([r?.status, r?.headers], [415, [{ name: 'Accept', value: 'application/sdp, multipart/mixed' }]]);
    const enc = classifyRequest(request('INVITE', 'sip:b@example.com', ['Content-Type: application/sdp', 'Content-Encoding: gzip'], 'xx'));
    assert.deepEqual([enc?.status, enc?.headers], [415, [{ name: 'Accept-Encoding', value: 'identity' }]]);
  });
  it('406 when Accept excludes every type an INVITE answer could carry', () => {
    assert.equal(classifyRequest(request('INVITE', 'sip:b@example.com', ['Accept: text/plain']))?.status, 406);
    assert.equal(classifyRequest(request('INVITE', 'sip:b@example.com', ['Accept: application/*'])), undefined);
    assert.equal(classifyRequest(request('INVITE', 'sip:b@example.com', ['Accept: application/sdp;q=0']))?.status, 406);
    assert.equal(classifyRequest(request('INVITE', 'sip:b@example.com', ['Accept:']))?.status, 406);
    assert.equal(classifyRequest(request('OPTIONS', 'sip:b@example.com', ['Accept: text/plain'])), undefined);
  });
  it('400 when a field first parsed here is malformed', () => {
    assert.equal(classifyRequest(request('INVITE', 'sip:b@example.com', ['Accept: nonsense']))?.status, 400);
  });
});

describe('classifyRequest as a proxy (§16.3)', () => {
  it('483 at Max-Forwards 0, 420 for Proxy-Require, 416 for the scheme; Require is not its business', () => {
    const zero = request('INVITE', 'sip:b@example.com').headers.map((h) => (h.name === 'Max-Forwards' ? { ...h, value: '0' } : h));
    const req = { ...request('INVITE', 'sip:b@example.com'), headers: zero };
    assert.equal(classifyRequest(req, { role: 'proxy' })?.status, 483);
    const pr = classifyRequest(request('INVITE', 'sip:b@example.com', ['Proxy-Require: sec-agree', 'Require: foo']), { role: 'proxy' });
    assert.deepEqual([pr?.status, pr?.headers], [420, [{ name: 'Unsupported', value: 'sec-agree' }]]);
    assert.equal(classifyRequest(request('INVITE', 'sip:b@example.com', ['Require: foo']), { role: 'proxy' }), undefined);
    assert.equal(classifyRequest(request('INVITE', 'im:b@example.com'), { role: 'proxy' })?.status, 416);
  });
});

describe('isAcceptable (§20.1)', () => {
  it('matches wildcards and honours q=0', () => {
    assert.equal(isAcceptable('application/sdp', ['*/*']), true);
    assert.equal(isAcceptable('application/sdp', ['text/*', 'application/SDP']), true);
    assert.equal(isAcceptable('application/sdp', ['application/sdp;q=0', 'text/plain']), false);
    assert.equal(isAcceptable('application/sdp', ['']), false);
  });
});
