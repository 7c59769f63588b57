// Stream parser (RFC 3261 §18.3, §7.5): Content-Length framing over TCP.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SipStreamParser, getCallId, parseDatagram, serializeMessage } from './index.ts';
import type { ParseResult, SipMessage } from './index.ts';
import { loadTorture } from './torture.fixture.ts';

function message(callId: string, body = ''): Buffer {
  const lines = [
    'OPTIONS sip:bob@example.com SIP/2.0',
    'Via: SIP/2.0/TCP client.example.com;branch=z9hG4bK74bf9',
    'Max-Forwards: 70',
    'To: <sip:bob@example.com>',
    'From: <sip:alice@example.com>;tag=9fxced76sl',
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  if (body.length > 0) lines.push('Content-Type: text/plain');
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
}
function messages(results: ParseResult[]): SipMessage[] {
  return results.map((r) => {
    if (!r.ok) assert.fail(r.error.reason);
    return r.message;
  });
}
function feed(p: SipStreamParser, data: Buffer, chunk: number): ParseResult[] {
  const out: ParseResult[] = [];
  for (let i = 0; i < data.length; i += chunk) out.push(...p.push(data.subarray(i, i + chunk)));
  return out;
}

describe('SipStreamParser', () => {
  it('frames several messages delivered in one chunk', () => {
    const data = Buffer.concat([message('a'), message('b', 'hello'), message('c')]);
    const got = messages(new SipStreamParser().push(data));
    assert.deepEqual(got.map(getCallId), ['a', 'b', 'c']);
    assert.equal(got[1]!.body.toString(), 'hello');
  });
  it('gives the same result for every chunk size, down to one byte', () => {
    const data = Buffer.concat([message('a', 'x'.repeat(300)), message('b'), loadTorture('wsinv')]);
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const p = new SipStreamParser();
      const got = messages(feed(p, data, size));
      assert.deepEqual(got.map(getCallId), ['a', 'b', 'wsinv.ndaksdj@192.0.2.1'], `chunk ${size}`);
      assert.equal(p.bufferedBytes, 0);
      assert.deepEqual(p.end(), []);
    }
  });
  it('matches the datagram parser on the same message', () => {
    const wsinv = loadTorture('wsinv');
    const [fromStream] = messages(new SipStreamParser().push(wsinv));
    const fromDatagram = parseDatagram(wsinv);
    assert.ok(fromDatagram.ok);
    assert.deepEqual(serializeMessage(fromStream!), serializeMessage(fromDatagram.message));
  });
  it('skips CRLF keep-alives between messages, even split across chunks', () => {
    const p = new SipStreamParser();
    assert.deepEqual(p.push(Buffer.from('\r\n\r\n')), []);
    assert.deepEqual(p.push(Buffer.from('\r')), []);
    assert.deepEqual(messages([...p.push(Buffer.from('\n')), ...p.push(message('k'))]).map(getCallId), ['k']);
    assert.deepEqual(p.push(Buffer.from('\r\n')), []);
    assert.equal(p.bufferedBytes, 0);
    assert.deepEqual(messages(p.push(Buffer.concat([Buffer.from('\n\n'), message('lf')]))).map(getCallId), ['lf']);
  });
  it('waits for the body, then delivers', () => {
    const p = new SipStreamParser();
    const data = message('w', 'abcdef');
    assert.deepEqual(p.push(data.subarray(0, data.length - 3)), []);
    assert.equal(p.bufferedBytes, data.length - 3);
    assert.deepEqual(messages(p.push(data.subarray(data.length - 3))).map((m) => m.body.toString()), ['abcdef']);
  });
  it('reports a malformed but framed message and carries on', () => {
    const bad = Buffer.from(message('x').toString().replace('CSeq: 1 OPTIONS', 'CSeq: 1 INVITE'));
    const out = new SipStreamParser().push(Buffer.concat([bad, message('y')]));
    assert.equal(out.length, 2);
    assert.ok(!out[0]!.ok && !out[0]!.error.fatal && /CSeq method/.test(out[0]!.error.reason));
    assert.ok(out[1]!.ok && getCallId(out[1]!.message) === 'y');
  });
  it('closes on a missing or invalid Content-Length and ignores later input', () => {
    const noCl = Buffer.from(message('z').toString().replace(/Content-Length: 0\r\n/, ''));
    const p = new SipStreamParser();
    const out = p.push(noCl);
    assert.ok(out.length === 1 && !out[0]!.ok && out[0]!.error.fatal);
    assert.equal(out[0]!.ok === false && out[0]!.error.canRespond, true); // the transport may still answer 400
    assert.equal(p.closed, true);
    assert.deepEqual(p.push(message('after')), []);
    assert.deepEqual(p.end(), []);
  });
  it('closes when the header section outgrows the limit without an end', () => {
    const p = new SipStreamParser({ maxHeaderBytes: 256 });
    const out = p.push(Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nX: ${'y'.repeat(400)}`));
    assert.ok(out.length === 1 && !out[0]!.ok && out[0]!.error.fatal && out[0]!.error.status === 513);
  });
  it('closes when Content-Length exceeds the body limit', () => {
    const out = new SipStreamParser({ maxBodySize: 10 }).push(message('big', 'x'.repeat(20)));
    assert.ok(out.length === 1 && !out[0]!.ok && out[0]!.error.fatal && out[0]!.error.status === 413);
  });
  it('end() reports a truncated message', () => {
    const p = new SipStreamParser();
    assert.deepEqual(p.push(message('t').subarray(0, 40)), []);
    const [r] = p.end();
    assert.ok(r !== undefined && !r.ok && r.error.fatal && /closed inside a message/.test(r.error.reason));
    assert.equal(p.closed, true);
  });
  it('stays linear when a peer trickles one octet per read', () => {
    const big = Buffer.from(message('slow').toString().replace('Max-Forwards: 70', `Max-Forwards: 70${`\r\nX-Pad: ${'p'.repeat(10_000)}`.repeat(6)}`));
    const p = new SipStreamParser();
    const t0 = performance.now();
    const out: ParseResult[] = [];
    for (let i = 0; i < big.length; i++) out.push(...p.push(big.subarray(i, i + 1)));
    assert.deepEqual(messages(out).map(getCallId), ['slow']);
    assert.ok(performance.now() - t0 < 2000, 'quadratic reassembly');
  });
  it('copies bodies, so chunks may be reused', () => {
    const data = message('c', 'body!');
    const [m] = messages(new SipStreamParser().push(data));
    data.fill(0);
    assert.equal(m!.body.toString(), 'body!');
    const p = new SipStreamParser();
    const chunk = Buffer.from(message('d', 'again'));
    const half = Buffer.from(chunk.subarray(0, 50));
    assert.deepEqual(p.push(half), []);
    half.fill(0x41);
    assert.deepEqual(messages(p.push(chunk.subarray(50))).map((x) => [getCallId(x), x.body.toString()]), [['d', 'again']]);
  });
});
