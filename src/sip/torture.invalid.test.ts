// RFC 4475 messages a strict parser must REJECT (§3.1.2, §3.3 and the
// undescribed test.sip), asserting the reason, the suggested status, and
// whether the transport can answer at all.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SipParseError, SipStreamParser, buildErrorResponse, getHeaders, parseDatagram, parseMessage } from './index.ts';
import type { ParseResult } from './index.ts';
import { TORTURE_OUTCOME, loadTorture, tortureNames, tortureNamesWith } from './torture.fixture.ts';

function reject(input: string | Buffer): SipParseError {
  const r = typeof input === 'string' ? parseDatagram(loadTorture(input)) : parseMessage(input);
  if (r.ok) assert.fail('expected a SipParseError');
  assert.ok(r.error instanceof SipParseError);
  return r.error;
}

interface Expect {
  kind: 'request' | 'response';
  /** Suggested status (undefined for responses: those are dropped). */
  status: number | undefined;
  canRespond: boolean;
  reason: RegExp;
  extra?: (err: SipParseError) => void;
}

/** Replaces one header line of a corpus message (to check each defect on its own). */
function patched(data: Buffer, from: string, to: string): Buffer {
  const text = data.toString('latin1');
  assert.ok(text.includes(from), `message contains ${from}`);
  return Buffer.from(text.replace(from, to), 'latin1');
}

const cases: Record<string, Expect> = {
  badinv01: { kind: 'request', status: 400, canRespond: false, reason: /^Via: / },
  clerr: { kind: 'request', status: 400, canRespond: true, reason: /body shorter than Content-Length \(154 < 9999\)/ },
  ncl: { kind: 'request', status: 400, canRespond: true, reason: /invalid Content-Length "-999"/ },
  scalar02: {
    kind: 'request', status: 400, canRespond: true, reason: /^CSeq: CSeq number out of range/,
    extra(err) {
      assert.equal(err.context?.complete, false);
      // each overlarge field is rejected on its own too
      const noCSeq = patched(loadTorture('scalar02'), 'CSeq: 36893488147419103232', 'CSeq: 3');
      assert.match(reject(noCSeq).reason, /^Max-Forwards: /);
      const noMaxForwards = patched(noCSeq, 'Max-Forwards: 300', 'Max-Forwards: 30');
      assert.match(reject(noMaxForwards).reason, /^Contact: invalid expires/);
      const onlyExpires = patched(noMaxForwards, ';expires=280297596632815', ';expires=2802');
      assert.match(reject(onlyExpires).reason, /^Expires: invalid Expires value/);
      const fixed = patched(onlyExpires, 'Expires: 1' + '0'.repeat(100), 'Expires: 10');
      assert.equal(parseMessage(fixed).ok, true);
    },
  },
  scalarlg: { kind: 'response', status: undefined, canRespond: false, reason: /^CSeq: CSeq number out of range/ },
  quotbal: { kind: 'request', status: 400, canRespond: true, reason: /^To: unterminated quoted-string/ },
  ltgtruri: { kind: 'request', status: 400, canRespond: true, reason: /Request-URI enclosed in <>/ },
  lwsruri: { kind: 'request', status: 400, canRespond: true, reason: /malformed Request-Line/ },
  lwsstart: { kind: 'request', status: 400, canRespond: true, reason: /malformed Request-Line/ },
  trws: { kind: 'request', status: 400, canRespond: true, reason: /malformed Request-Line/ },
  escruri: { kind: 'request', status: 400, canRespond: true, reason: /headers in Request-URI/ },
  baddate: { kind: 'request', status: 400, canRespond: true, reason: /^Date: Date must be in GMT/ },
  regbadct: { kind: 'request', status: 400, canRespond: true, reason: /^Contact: URI with "\?" or "," not in <>/ },
  badaspec: { kind: 'request', status: 400, canRespond: true, reason: /^To: whitespace inside <addr-spec>/ },
  baddn: {
    kind: 'request', status: 400, canRespond: true, reason: /not terminated by an empty line/,
    extra() {
      // the archive copy lacks the final empty line; with it the display name is the defect
      const withEmptyLine = Buffer.concat([loadTorture('baddn'), Buffer.from('\r\n')]);
      assert.match(reject(withEmptyLine).reason, /^From: URI with "\?" or "," not in <>/);
    },
  },
  badvers: {
    kind: 'request', status: 505, canRespond: true, reason: /SIP version SIP\/7\.0 not supported/,
    extra(err) {
      const resp = buildErrorResponse(err)!;
      assert.deepEqual([resp.status, resp.reason], [505, 'Version Not Supported']);
      assert.deepEqual(getHeaders(resp, 'Via'), ['SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw']);
      assert.deepEqual(getHeaders(resp, 'Call-ID'), ['badvers.31417@c.example.com']);
    },
  },
  mismatch01: { kind: 'request', status: 400, canRespond: true, reason: /CSeq method INVITE does not match OPTIONS/ },
  mismatch02: { kind: 'request', status: 400, canRespond: true, reason: /CSeq method INVITE does not match NEWMETHOD/ },
  bigcode: { kind: 'response', status: undefined, canRespond: false, reason: /malformed Status-Line/ },
  insuf: {
    kind: 'request', status: 400, canRespond: true, reason: /missing From header field/,
    extra(err) {
      const ctx = err.context!;
      assert.deepEqual([ctx.from, ctx.to, ctx.callId, ctx.cseq, ctx.complete], [undefined, undefined, undefined, '193942 INVITE', false]);
      const resp = buildErrorResponse(err)!;
      assert.deepEqual(resp.headers.map((h) => h.name), ['Via', 'CSeq']);
    },
  },
  multi01: {
    // CSeq is the first single-valued field repeated, in message order
    kind: 'request', status: 400, canRespond: true, reason: /^multiple CSeq header fields$/,
    extra(err) {
      assert.equal(err.context?.complete, false);
      assert.equal(err.context?.callId, undefined);
    },
  },
  mcl01: { kind: 'request', status: 400, canRespond: true, reason: /multiple Content-Length header fields/ },
  test: {
    kind: 'request', status: 400, canRespond: false, reason: /malformed Request-Line/,
    extra(err) {
      assert.equal(err.context?.method, 'INVITE');
      assert.deepEqual(err.context?.vias, []);
      assert.equal(buildErrorResponse(err), undefined);
    },
  },
};

describe('RFC 4475 torture messages a strict parser rejects', () => {
  it('has a case for every message the corpus marks "reject"', () => {
    assert.deepEqual(Object.keys(cases).sort(), tortureNamesWith('reject'));
  });
  it('the outcome table covers exactly the 50 corpus files', () => {
    assert.equal(tortureNames().length, 50);
    assert.deepEqual(Object.keys(TORTURE_OUTCOME).sort(), tortureNames());
  });
  for (const [name, e] of Object.entries(cases)) {
    it(name, () => {
      const err = reject(name);
      assert.equal(err.kind, e.kind);
      assert.equal(err.status, e.status);
      assert.equal(err.canRespond, e.canRespond);
      assert.match(err.reason, e.reason);
      assert.equal(err.fatal, false);
      if (e.canRespond) {
        const resp = buildErrorResponse(err)!;
        assert.equal(resp.status, e.status);
        assert.ok(getHeaders(resp, 'Via').length > 0);
      } else {
        assert.equal(buildErrorResponse(err), undefined);
      }
      e.extra?.(err);
    });
  }
});

function feedStream(data: Buffer, chunk: number): ParseResult[] {
  const p = new SipStreamParser();
  const out: ParseResult[] = [];
  for (let i = 0; i < data.length; i += chunk) out.push(...p.push(data.subarray(i, i + chunk)));
  return out.concat(p.end());
}

describe('RFC 4475 framing cases over a stream transport', () => {
  it('clerr: waits for 9999 body octets, then fails at end of stream', () => {
    const p = new SipStreamParser();
    assert.deepEqual(p.push(loadTorture('clerr')), []);
    assert.equal(p.bufferedBytes, loadTorture('clerr').length);
    const [end] = p.end();
    assert.equal(end?.ok, false);
    assert.equal(end?.ok === false && end.error.fatal, true);
  });
  it('ncl: negative Content-Length is fatal', () => {
    const out = feedStream(loadTorture('ncl'), 64);
    assert.equal(out.length, 1);
    assert.ok(!out[0]!.ok && out[0]!.error.fatal && /invalid Content-Length/.test(out[0]!.error.reason));
  });
  it('mcl01: conflicting Content-Length values are fatal', () => {
    const out = feedStream(loadTorture('mcl01'), 7);
    assert.ok(out.length === 1 && !out[0]!.ok && out[0]!.error.fatal);
  });
  it('inv2543: missing Content-Length is fatal on a stream', () => {
    const out = feedStream(loadTorture('inv2543'), 1000);
    assert.ok(out.length === 1 && !out[0]!.ok && /missing Content-Length/.test(out[0]!.error.reason));
  });
  it('dblreq: both requests are framed; the leftover is an error at end', () => {
    const out = feedStream(loadTorture('dblreq'), 3);
    const methods = out.flatMap((r) => (r.ok && r.message.type === 'request' ? [r.message.method] : []));
    assert.deepEqual(methods, ['REGISTER', 'INVITE']);
    assert.equal(out.length, 3);
    assert.ok(!out[2]!.ok && out[2]!.error.fatal);
  });
});
