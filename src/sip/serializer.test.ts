// Serializer round-trips (RFC 3261 §7), response building (§8.2.6) and header helpers.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addHeader,
  buildErrorResponse,
  buildResponse,
  createRequest,
  getHeader,
  getHeaders,
  getTo,
  parseDatagram,
  parseMessage,
  prependHeader,
  reasonPhrase,
  removeHeader,
  serializeMessage,
  setHeader,
} from './index.ts';
import type { SipMessage, SipRequest } from './index.ts';
import { loadTorture, semantic, tortureNamesWith } from './torture.fixture.ts';

function parsed(data: Buffer | string): SipMessage {
  const r = parseMessage(data);
  if (!r.ok) assert.fail(r.error.reason);
  return r.message;
}

describe('serializeMessage', () => {
  it('round-trips every accepted torture message: parse(serialize(parse(x))) == parse(x)', () => {
    for (const name of tortureNamesWith('accept')) {
      const first = parsed(loadTorture(name));
      const wire = serializeMessage(first);
      const again = parsed(wire);
      assert.deepEqual(semantic(again), semantic(first), name);
      assert.ok(wire.equals(serializeMessage(again)), `${name}: serialization is a fixed point`);
      assert.equal(getHeader(again, 'Content-Length'), String(first.body.length), name);
    }
  });
  it('writes one CRLF-terminated line per entry and recomputes Content-Length', () => {
    const req = createRequest({
      method: 'MESSAGE',
      uri: 'sip:bob@example.com',
      headers: [
        { name: 'v', value: 'SIP/2.0/UDP a.example.com;branch=z9hG4bK1' },
        { name: 'l', value: '999' },
        { name: 'c', value: 'text/plain' },
      ],
      body: Buffer.from('héllo'),
    });
    assert.equal(
      serializeMessage(req).toString(),
      'MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n' +
        'Content-Type: text/plain\r\nContent-Length: 6\r\n\r\nhéllo',
    );
  });
  it('refuses to serialize CR/LF injection', () => {
    const req = createRequest({ method: 'OPTIONS', uri: 'sip:a@b.com', headers: [{ name: 'X-A', value: 'x\r\nVia: evil' }] });
    assert.throws(() => serializeMessage(req), RangeError);
    assert.throws(() => serializeMessage(createRequest({ method: 'OPT IONS', uri: 'sip:a@b.com' })), RangeError);
    assert.throws(() => serializeMessage(createRequest({ method: 'OPTIONS', uri: 'sip:a@b.com', headers: [{ name: 'Bad Name', value: '1' }] })), RangeError);
  });
});

describe('buildResponse (RFC 3261 §8.2.6.2)', () => {
  const invite = parsed(loadTorture('wsinv')) as SipRequest;
  it('copies all Vias in order, From, To, Call-ID and CSeq', () => {
    const res = buildResponse(invite, 486);
    assert.deepEqual([res.status, res.reason], [486, 'Busy Here']);
    assert.deepEqual(res.headers.map((h) => h.name), ['Via', 'Via', 'Via', 'From', 'To', 'Call-ID', 'CSeq']);
    assert.deepEqual(getHeaders(res, 'Via'), getHeaders(invite, 'Via'));
    for (const name of ['From', 'To', 'Call-ID', 'CSeq']) assert.equal(getHeader(res, name), getHeader(invite, name));
  });
  it('adds a To tag only when the request had none, never for 100', () => {
    const noTag = parsed(loadTorture('lwsdisp')) as SipRequest;
    assert.equal(getTo(buildResponse(noTag, 200, 'OK', [], { toTag: 'abc' })).tag, 'abc');
    assert.equal(getTo(buildResponse(noTag, 100, undefined, [], { toTag: 'abc' })).tag, undefined);
    assert.equal(getTo(buildResponse(invite, 200, 'OK', [], { toTag: 'abc' })).tag, '1918181833n');
    assert.throws(() => buildResponse(noTag, 200, 'OK', [], { toTag: 'a b' }), RangeError);
  });
  it('appends extra headers and a body, and the result round-trips', () => {
    const body = Buffer.from('v=0\r\n');
    const res = buildResponse(invite, 200, undefined, [{ name: 'm', value: '<sip:uas@example.com>' }, { name: 'c', value: 'application/sdp' }], {
      toTag: 't1',
      body,
    });
    const again = parsed(serializeMessage(res));
    assert.deepEqual(semantic(again), semantic(res));
    assert.equal(getHeader(again, 'Contact'), '<sip:uas@example.com>');
  });
  it('copies Timestamp into 100 Trying (§8.2.6.1)', () => {
    const req = parsed(Buffer.concat([loadTorture('lwsdisp').subarray(0, -4), Buffer.from('\r\nTimestamp: 54\r\n\r\n')])) as SipRequest;
    assert.equal(getHeader(buildResponse(req, 100), 'Timestamp'), '54');
    assert.equal(getHeader(buildResponse(req, 200), 'Timestamp'), undefined);
  });
  it('knows the reason phrases', () => {
    assert.deepEqual([reasonPhrase(416), reasonPhrase(420), reasonPhrase(505), reasonPhrase(299), reasonPhrase(499)], [
      'Unsupported URI Scheme', 'Bad Extension', 'Version Not Supported', 'OK', 'Unknown',
    ]);
  });
});

describe('buildErrorResponse', () => {
  it('answers a rejected request from its context, adding a To tag', () => {
    const r = parseDatagram(loadTorture('mismatch01'));
    assert.ok(!r.ok);
    const res = buildErrorResponse(r.error, { toTag: 'z' })!;
    assert.deepEqual([res.status, res.reason], [400, 'Bad Request']);
    assert.equal(getTo(res).tag, 'z');
    assert.equal(getHeader(res, 'CSeq'), '8 INVITE');
    assert.equal(parseMessage(serializeMessage(res)).ok, true);
  });
  it('returns undefined for responses', () => {
    const r = parseDatagram(loadTorture('scalarlg'));
    assert.ok(!r.ok);
    assert.equal(buildErrorResponse(r.error), undefined);
  });
});

describe('header helpers', () => {
  it('add, prepend, set and remove by any spelling', () => {
    const m = createRequest({ method: 'OPTIONS', uri: 'sip:a@b.com', headers: [{ name: 'Via', value: 'v1' }, { name: 'To', value: 't' }] });
    prependHeader(m, 'v', 'v0');
    addHeader(m, 'VIA', 'v2');
    assert.deepEqual(getHeaders(m, 'Via'), ['v0', 'v1', 'v2']);
    setHeader(m, 'via', 'only');
    assert.deepEqual(m.headers.map((h) => [h.name, h.value]), [['Via', 'only'], ['To', 't']]);
    assert.equal(removeHeader(m, 't'), 1);
    assert.equal(getHeader(m, 'To'), undefined);
  });
});
