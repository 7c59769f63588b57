// Datagram parser (RFC 3261 §7, §18.3): framing, folding, lists, limits, errors.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SipParseError,
  getCSeq,
  getHeader,
  getHeaders,
  getTopVia,
  getVias,
  parseDatagram,
  parseMessage,
} from './index.ts';
import type { DatagramParseResult, SipMessage, SipParserOptions, SipRequest } from './index.ts';
import { toSipParseError } from './errors.ts';

const BASE = [
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.example.com>',
  'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@pc33.atlanta.example.com>',
];

function wire(lines: readonly string[], body = '', contentLength: number | null = Buffer.byteLength(body)): Buffer {
  const head = contentLength === null ? [...lines] : [...lines, `Content-Length: ${contentLength}`];
  if (body.length > 0) head.push('Content-Type: application/sdp');
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}`, 'utf8');
}
function ok(r: DatagramParseResult): SipMessage {
  if (!r.ok) assert.fail(r.error.reason);
  return r.message;
}
function err(r: DatagramParseResult): SipParseError {
  if (r.ok) assert.fail('expected an error');
  assert.ok(r.error instanceof SipParseError);
  return r.error;
}
function parse(data: Buffer, options?: SipParserOptions): DatagramParseResult {
  return parseDatagram(data, options);
}

describe('parseDatagram: message model', () => {
  it('reads the request line and keeps header order with canonical names', () => {
    const m = ok(parse(wire(BASE))) as SipRequest;
    assert.deepEqual([m.type, m.method, m.uri, m.version], ['request', 'INVITE', 'sip:bob@biloxi.example.com', 'SIP/2.0']);
    assert.deepEqual(m.headers.map((h) => h.name), ['Via', 'Max-Forwards', 'To', 'From', 'Call-ID', 'CSeq', 'Contact', 'Content-Length']);
    assert.equal(getHeader(m, 'call-id'), 'a84b4c76e66710@pc33.atlanta.example.com');
    assert.equal(getHeader(m, 'i'), 'a84b4c76e66710@pc33.atlanta.example.com');
  });
  it('expands compact forms and matches unknown names case-insensitively', () => {
    const lines = BASE.map((l) => l.replace(/^Via:/, 'v:').replace(/^Call-ID:/, 'i:').replace(/^Contact:/, 'm:'));
    const m = ok(parse(wire([...lines, 'X-Thing: 1', 'x-THING: 2', 'k: timer'])));
    assert.equal(getTopVia(m)?.branch, 'z9hG4bK776asdhds');
    assert.deepEqual(getHeaders(m, 'X-THING'), ['1', '2']);
    assert.deepEqual(getHeaders(m, 'Supported'), ['timer']);
    assert.ok(m.headers.every((h) => h.name !== 'v' && h.name !== 'i' && h.name !== 'm' && h.name !== 'k'));
  });
  it('splits list-valued fields only (RFC 3261 §7.3.1)', () => {
    const m = ok(parse(wire([
      ...BASE.slice(0, 2).map((l) => (l.startsWith('Via') ? `${l}, SIP/2.0/TCP p2.example.com;branch=z9hG4bKa` : l)),
      ...BASE.slice(2),
      'Allow: INVITE, ACK,BYE',
      'WWW-Authenticate: Digest realm="a, b", nonce="x", qop="auth,auth-int"',
      'Authorization: Digest username="u", realm="r"',
      'Date: Sat, 13 Nov 2010 23:29:00 GMT',
      'Subject: a, b',
    ])));
    assert.deepEqual(getVias(m).map((v) => v.host), ['pc33.atlanta.example.com', 'p2.example.com']);
    assert.deepEqual(getHeaders(m, 'Allow'), ['INVITE', 'ACK', 'BYE']);
    assert.equal(getHeaders(m, 'WWW-Authenticate').length, 1);
    assert.equal(getHeaders(m, 'Authorization').length, 1);
    assert.deepEqual(getHeaders(m, 'Subject'), ['a, b']);
  });
  it('unfolds continuation lines (SP or HTAB) into one SP', () => {
    const lines = [...BASE.slice(0, 6), 'CSeq:', ' \t 314159', '\tINVITE', BASE[7]!, 'Subject: I know', '   you are there'];
    const m = ok(parse(wire(lines)));
    assert.deepEqual(getCSeq(m), { seq: 314159, method: 'INVITE' });
    assert.equal(getHeader(m, 'Subject'), 'I know you are there');
  });
  it('parses responses, including an empty reason phrase', () => {
    const lines = ['SIP/2.0 180 Ringing', ...BASE.slice(1)];
    const m = ok(parse(wire(lines)));
    assert.deepEqual(m.type === 'response' && [m.status, m.reason], [180, 'Ringing']);
    const m2 = ok(parse(wire(['SIP/2.0 100', ...BASE.slice(1)])));
    assert.deepEqual(m2.type === 'response' && [m2.status, m2.reason], [100, '']);
  });
  it('accepts a lower-case version and normalises it', () => {
    const m = ok(parse(wire(['INVITE sip:bob@biloxi.example.com sip/2.0', ...BASE.slice(1)])));
    assert.equal(m.version, 'SIP/2.0');
  });
  it('skips leading CRLFs and reads UTF-8 header text', () => {
    const m = ok(parse(Buffer.concat([Buffer.from('\r\n\r\n'), wire([...BASE, 'Subject: café ☎'])])));
    assert.equal(getHeader(m, 'Subject'), 'café ☎');
  });
  it('caches typed values per header entry and re-parses after an edit', () => {
    const m = ok(parse(wire(BASE)));
    assert.equal(getTopVia(m), getTopVia(m));
    const via = m.headers.find((h) => h.name === 'Via')!;
    via.value = 'SIP/2.0/TCP other.example.com;branch=z9hG4bKnew';
    assert.equal(getTopVia(m)?.host, 'other.example.com');
  });
});

describe('parseDatagram: body framing (RFC 3261 §18.3)', () => {
  const sdp = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n';
  it('takes exactly Content-Length octets and reports the discarded rest', () => {
    const r = parse(Buffer.concat([wire(BASE, sdp), Buffer.from('garbage')]));
    assert.ok(r.ok);
    assert.equal(r.message.body.toString(), sdp);
    assert.equal(r.extraBytes, 7);
  });
  it('uses the rest of the datagram when Content-Length is absent', () => {
    const m = ok(parse(wire(BASE, sdp, null)));
    assert.equal(m.body.toString(), sdp);
  });
  it('rejects a body shorter than Content-Length', () => {
    assert.match(err(parse(wire(BASE, sdp, sdp.length + 1))).reason, /body shorter than Content-Length/);
  });
  it('rejects invalid or repeated Content-Length', () => {
    for (const v of ['-1', 'abc', '1 2', '']) {
      const data = Buffer.from(`${BASE.join('\r\n')}\r\nContent-Length: ${v}\r\n\r\n`);
      assert.match(err(parse(data)).reason, /Content-Length/, v);
    }
    const twice = wire([...BASE, 'l: 0'], '', 0);
    assert.match(err(parse(twice)).reason, /multiple Content-Length/);
  });
  it('rejects a body without Content-Type (§20.15)', () => {
    const data = Buffer.from(`${BASE.join('\r\n')}\r\nContent-Length: 3\r\n\r\nabc`);
    assert.match(err(parse(data)).reason, /body without Content-Type/);
  });
  it('requires the empty line after the headers', () => {
    const e = err(parse(Buffer.from(`${BASE.join('\r\n')}\r\n`)));
    assert.match(e.reason, /not terminated by an empty line/);
    assert.equal(e.canRespond, true);
  });
});

describe('parseDatagram: errors', () => {
  it('rejects bare LF line endings and CR inside lines', () => {
    assert.equal(parse(Buffer.from(`${BASE.join('\n')}\n\n`)).ok, false);
    const withCr = wire([...BASE, 'Subject: a\rb']);
    assert.match(err(parse(withCr)).reason, /bare CR or LF/);
  });
  it('reports a malformed header line but keeps the response context', () => {
    const e = err(parse(wire([...BASE, 'this line has no colon'])));
    assert.match(e.reason, /malformed header line/);
    assert.equal(e.status, 400);
    assert.equal(e.canRespond, true);
    assert.equal(e.context?.complete, true);
    assert.equal(e.context?.cseq, '314159 INVITE');
  });
  it('rejects missing mandatory fields and a wildcard Contact outside REGISTER', () => {
    assert.match(err(parse(wire(BASE.filter((l) => !l.startsWith('To'))))).reason, /missing To/);
    assert.match(err(parse(wire(BASE.filter((l) => !l.startsWith('Via'))))).reason, /missing Via/);
    assert.match(err(parse(wire([...BASE.slice(0, 7), 'Contact: *']))).reason, /wildcard Contact/);
    const reg = [...BASE.slice(0, 7), 'Contact: *', 'Expires: 0'].map((l) => l.replace(/INVITE/g, 'REGISTER'));
    assert.equal(parse(wire(reg)).ok, true);
  });
  it('suggests 505 for another SIP version and 400 for a non-version', () => {
    assert.equal(err(parse(wire(['INVITE sip:bob@biloxi.example.com SIP/3.0', ...BASE.slice(1)]))).status, 505);
    assert.equal(err(parse(wire(['INVITE sip:bob@biloxi.example.com HTTP/1.1', ...BASE.slice(1)]))).status, 400);
  });
  it('gives no status for broken responses and no context for garbage', () => {
    const e = err(parse(wire(['SIP/2.0 99 Too Low', ...BASE.slice(1)])));
    assert.deepEqual([e.kind, e.status, e.canRespond], ['response', undefined, false]);
    const g = err(parse(Buffer.from('\x00\x01\x02\r\n\r\n')));
    assert.deepEqual([g.kind, g.canRespond, g.context], ['unknown', false, undefined]);
    const empty = err(parse(Buffer.from('\r\n\r\n')));
    assert.match(empty.reason, /empty datagram/);
  });
  it('rejects a header section that is not UTF-8', () => {
    const data = Buffer.concat([wire(BASE).subarray(0, 10), Buffer.from([0xff, 0xfe]), wire(BASE).subarray(10)]);
    assert.match(err(parse(data)).reason, /not valid UTF-8/);
  });
  it('wraps foreign exceptions into SipParseError', () => {
    const e = toSipParseError(new TypeError('boom'), { kind: 'request' });
    assert.ok(e instanceof SipParseError);
    assert.match(e.reason, /internal parser error: boom/);
  });
  it('accepts a plain Uint8Array and a string', () => {
    const data = wire(BASE);
    assert.equal(parseDatagram(new Uint8Array(data)).ok, true);
    assert.equal(parseMessage(data.toString('utf8')).ok, true);
  });
});

describe('parseDatagram: size limits', () => {
  it('maxStartLineLength -> 414 for requests', () => {
    const longUri = `INVITE sip:${'a'.repeat(200)}@example.com SIP/2.0`;
    const e = err(parse(wire([longUri, ...BASE.slice(1)]), { maxStartLineLength: 100 }));
    assert.deepEqual([e.status, e.canRespond], [414, true]);
  });
  it('maxHeaderCount, maxHeaderLineLength, maxHeaderBytes -> 513', () => {
    const many = [...BASE, ...Array.from({ length: 20 }, (_, i) => `X-H${i}: v`)];
    assert.equal(err(parse(wire(many), { maxHeaderCount: 20 })).status, 513);
    assert.equal(parse(wire(many), { maxHeaderCount: 40 }).ok, true);
    const longLine = [...BASE, `Subject: ${'s'.repeat(300)}`];
    assert.equal(err(parse(wire(longLine), { maxHeaderLineLength: 200 })).status, 513);
    const folded = [...BASE, 'Subject: s', ...Array.from({ length: 50 }, () => `  ${'s'.repeat(10)}`)];
    assert.equal(err(parse(wire(folded), { maxHeaderLineLength: 200 })).status, 513);
    assert.equal(err(parse(wire(BASE), { maxHeaderBytes: 100 })).status, 513);
  });
  it('maxBodySize -> 413', () => {
    const e = err(parse(wire(BASE, 'x'.repeat(100)), { maxBodySize: 50 }));
    assert.equal(e.status, 413);
    assert.equal(err(parse(wire(BASE, 'x'.repeat(100), null), { maxBodySize: 50 })).status, 413);
  });
});
