import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getCSeq, getCallId, getFrom, getTopVia } from '../accessors.ts';
import { getHeader, getHeaders } from '../message.ts';
import type { SipRequest } from '../message.ts';
import { computeDigestResponse, computeHa1 } from './algorithms.ts';
import { challengeTo, invite } from './auth.fixture.ts';
import { createClientAuthState } from './client-state.ts';
import { authorize } from './client.ts';
import type { AuthorizeResult } from './client.ts';
import { formatChallenge, parseCredentials } from './digest-header.ts';

const creds = { username: 'alice', password: 'wonderland' };
const sha = formatChallenge({ realm: 'r', nonce: 'n1', algorithm: 'SHA-256', qop: ['auth'], opaque: 'op' });
const md5 = formatChallenge({ realm: 'r', nonce: 'n1', algorithm: 'MD5', qop: ['auth'] });
let counter = 0;
const options = { cnonce: () => `cn${++counter}` };

function ok(r: AuthorizeResult): SipRequest {
  if (!r.ok) return assert.fail(`authorize failed: ${r.reason}`);
  return r.request;
}

function cred(req: SipRequest, name = 'Authorization') {
  const values = getHeaders(req, name);
  assert.equal(values.length, 1, `one ${name}`);
  const r = parseCredentials(values[0]!);
  if (!r.ok) return assert.fail(r.error.reason);
  return r.value;
}

describe('authorize', () => {
  it('401 → Authorization: same Call-ID, From tag and body, CSeq + 1, Via branch removed for the transaction layer', () => {
    const req = invite();
    const next = ok(authorize(req, challengeTo(req, 401, [sha]), creds, createClientAuthState(), options));
    assert.equal(getCallId(next), getCallId(req));
    assert.equal(getFrom(next).tag, 'a1');
    assert.deepEqual(getCSeq(next), { seq: 2, method: 'INVITE' });
    const via = getTopVia(next);
    assert.equal(via?.branch, undefined);
    assert.equal(via?.hasRport, true);
    assert.equal(getHeader(next, 'Proxy-Authorization'), undefined);
    assert.deepEqual(next.body, req.body);
    assert.equal(next.uri, req.uri);
    // the original request is untouched
    assert.equal(getTopVia(req)?.branch, 'z9hG4bKfirst');
    assert.equal(getHeader(req, 'Authorization'), undefined);
    const c = cred(next);
    assert.equal(c.algorithm, 'SHA-256');
    assert.equal(c.uri, req.uri);
    assert.equal(c.qop, 'auth');
    assert.equal(c.nc, '00000001');
    assert.equal(c.opaque, 'op');
    const expected = computeDigestResponse({
      algorithm: 'SHA-256', ha1: computeHa1('SHA-256', 'alice', 'r', 'wonderland'), method: 'INVITE',
      uri: req.uri, nonce: 'n1', qop: 'auth', nc: '00000001', cnonce: c.cnonce,
    });
    assert.equal(c.response, expected);
  });

  it('407 → Proxy-Authorization', () => {
    const req = invite();
    const next = ok(authorize(req, challengeTo(req, 407, [md5]), creds, createClientAuthState(), options));
    assert.equal(getHeader(next, 'Authorization'), undefined);
    assert.equal(cred(next, 'Proxy-Authorization').algorithm, 'MD5');
  });

  it('picks SHA-256 over MD5 whichever comes first, in one header or several', () => {
    for (const challenges of [[md5, sha], [sha, md5], [`${md5}, ${sha}`], [`Basic realm="r", ${md5}, ${sha}`]]) {
      const req = invite();
      const r = authorize(req, challengeTo(req, 401, challenges), creds, createClientAuthState(), options);
      assert.ok(r.ok);
      assert.equal(r.algorithm, 'SHA-256');
      assert.equal(cred(r.request).algorithm, 'SHA-256');
    }
  });

  it('falls back to what is allowed and known; skips auth-int-only and unknown algorithms', () => {
    const req = invite();
    const odd = [
      formatChallenge({ realm: 'r', nonce: 'a', algorithm: 'SHA-256', qop: ['auth-int'] }),
      'Digest realm="r", nonce="b", algorithm=SHA3-256, qop="auth"',
      md5,
    ];
    const r = authorize(req, challengeTo(req, 401, odd), creds, createClientAuthState(), options);
    assert.ok(r.ok && r.algorithm === 'MD5');
    const onlyMd5 = authorize(req, challengeTo(req, 401, [sha, md5]), creds, createClientAuthState(), { ...options, algorithms: ['MD5'] });
    assert.ok(onlyMd5.ok && onlyMd5.algorithm === 'MD5');
    const none = authorize(req, challengeTo(req, 401, [odd[0]!, odd[1]!]), creds, createClientAuthState(), options);
    assert.deepEqual(none, { ok: false, reason: 'no-supported-challenge' });
  });

  it('counts nc per nonce across requests in the same state', () => {
    const state = createClientAuthState();
    const ncs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const req = invite();
      ncs.push(cred(ok(authorize(req, challengeTo(req, 401, [sha]), creds, state, options))).nc ?? '');
    }
    const req = invite();
    const other = formatChallenge({ realm: 'r', nonce: 'n2', algorithm: 'SHA-256', qop: ['auth'] });
    ncs.push(cred(ok(authorize(req, challengeTo(req, 401, [other]), creds, state, options))).nc ?? '');
    assert.deepEqual(ncs, ['00000001', '00000002', '00000003', '00000001']);
  });

  it('stale=true: retries with the new nonce and the same credentials; a plain second 401 gives up', () => {
    const state = createClientAuthState();
    const first = invite();
    const second = ok(authorize(first, challengeTo(first, 401, [sha]), creds, state, options));
    const staleChallenge = formatChallenge({ realm: 'r', nonce: 'n9', algorithm: 'SHA-256', qop: ['auth'], stale: true });
    const r = authorize(second, challengeTo(second, 401, [staleChallenge]), creds, state, options);
    assert.ok(r.ok && r.stale);
    const third = r.request;
    assert.equal(getCSeq(third).seq, 3);
    assert.equal(getHeaders(third, 'Authorization').length, 1);
    assert.deepEqual([cred(third).nonce, cred(third).nc], ['n9', '00000001']);
    const fresh = formatChallenge({ realm: 'r', nonce: 'n10', algorithm: 'SHA-256', qop: ['auth'] });
    assert.deepEqual(authorize(third, challengeTo(third, 401, [fresh]), creds, state, options), { ok: false, reason: 'rejected', realm: 'r' });
    // stale=true with the very nonce just used is a loop, not a retry
    const same = formatChallenge({ realm: 'r', nonce: 'n9', algorithm: 'SHA-256', qop: ['auth'], stale: true });
    assert.deepEqual(authorize(third, challengeTo(third, 401, [same]), creds, state, options), { ok: false, reason: 'rejected', realm: 'r' });
  });

  it('a 401 then a 407: the Authorization is recomputed with the next nc, not replayed', () => {
    const state = createClientAuthState();
    const req = invite();
    const withAuth = ok(authorize(req, challengeTo(req, 401, [sha]), creds, state, options));
    const proxyChallenge = formatChallenge({ realm: 'proxy', nonce: 'p1', algorithm: 'MD5', qop: ['auth'] });
    const both = ok(authorize(withAuth, challengeTo(withAuth, 407, [proxyChallenge]), creds, state, options));
    assert.equal(cred(both).nc, '00000002');
    assert.equal(cred(both).nonce, 'n1');
    assert.equal(cred(both, 'Proxy-Authorization').realm, 'proxy');
    assert.equal(getCSeq(both).seq, 3);
  });

  it('answers an RFC 2069 challenge (no qop) without nc and cnonce', () => {
    const req = invite();
    const old = 'Digest realm="r", nonce="legacy"';
    const next = ok(authorize(req, challengeTo(req, 401, [old]), creds, createClientAuthState(), options));
    const c = cred(next);
    assert.deepEqual([c.qop, c.nc, c.cnonce, c.algorithm], [undefined, undefined, undefined, 'MD5']);
    assert.ok(!/algorithm|qop|nc=|cnonce/.test(getHeader(next, 'Authorization') ?? ''));
    const expected = computeDigestResponse({
      algorithm: 'MD5', ha1: computeHa1('MD5', 'alice', 'r', 'wonderland'), method: 'INVITE', uri: req.uri,
      nonce: 'legacy', qop: undefined, nc: undefined, cnonce: undefined,
    });
    assert.equal(c.response, expected);
  });

  it('a realm-bound credential is not offered to another realm', () => {
    const req = invite();
    const r = authorize(req, challengeTo(req, 401, [sha]), { ...creds, realm: 'elsewhere' }, createClientAuthState(), options);
    assert.deepEqual(r, { ok: false, reason: 'no-supported-challenge' });
  });

  it('refuses what is not a challenge to this request', () => {
    const req = invite();
    const state = createClientAuthState();
    const res = challengeTo(req, 401, [sha]);
    res.status = 403;
    assert.deepEqual(authorize(req, res, creds, state), { ok: false, reason: 'not-a-challenge' });
    assert.deepEqual(authorize(req, challengeTo(req, 401, []), creds, state), { ok: false, reason: 'not-a-challenge' });
    const other = invite([], 'sip:x@y');
    other.headers = other.headers.map((h) => (h.name === 'CSeq' ? { name: 'CSeq', value: '7 INVITE' } : h));
    assert.deepEqual(authorize(other, challengeTo(req, 401, [sha]), creds, state), { ok: false, reason: 'mismatched-response' });
    const ack = invite();
    ack.method = 'ACK';
    assert.deepEqual(authorize(ack, challengeTo(req, 401, [sha]), creds, state), { ok: false, reason: 'not-challengeable' });
  });

  it('keeps its memory bounded', () => {
    const state = createClientAuthState(8);
    for (let i = 0; i < 100; i++) {
      const req = invite();
      const ch = formatChallenge({ realm: `r${i}`, nonce: `n${i}`, algorithm: 'MD5', qop: ['auth'] });
      ok(authorize(req, challengeTo(req, 401, [ch]), creds, state, options));
    }
    assert.equal(state.nc.size, 8);
    assert.equal(state.challenges.size, 8);
  });
});
