import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addHeader, getHeaders } from '../message.ts';
import type { HeaderInit, SipRequest } from '../message.ts';
import { computeDigestResponse, computeHa1, hashOf } from './algorithms.ts';
import type { DigestAlgorithm } from './algorithms.ts';
import { REALM, SECRET, fakeClock, invite, lookup } from './auth.fixture.ts';
import { formatCredentials, parseChallenges } from './digest-header.ts';
import { DigestServer } from './server.ts';
import type { DigestServerOptions } from './server.ts';

function server(extra: Partial<DigestServerOptions> = {}) {
  const clock = fakeClock();
  return { clock, srv: new DigestServer({ realm: REALM, clock, secret: SECRET, ...extra }) };
}

function nonceOf(headers: readonly HeaderInit[], algorithm: DigestAlgorithm = 'SHA-256'): string {
  for (const h of headers) {
    const r = parseChallenges(h.value);
    if (r.ok && r.value[0]?.algorithm === algorithm) return r.value[0].nonce;
  }
  return assert.fail(`no ${algorithm} challenge`);
}

interface Sign {
  nonce: string;
  username?: string;
  password?: string;
  algorithm?: DigestAlgorithm;
  nc?: number;
  uri?: string;
  realm?: string;
  qop?: 'auth' | undefined;
  header?: string;
}

/** A copy of INVITE `req` with credentials computed as a client would. */
function signed(s: Sign, req: SipRequest = invite()): SipRequest {
  const algorithm = s.algorithm ?? 'SHA-256';
  const username = s.username ?? 'alice';
  const realm = s.realm ?? REALM;
  const uri = s.uri ?? req.uri;
  const qop = 'qop' in s ? s.qop : 'auth';
  const nc = qop === undefined ? undefined : (s.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = qop === undefined ? undefined : 'c0ffee';
  const ha1 = computeHa1(hashOf(algorithm), username, realm, s.password ?? 'wonderland');
  const response = computeDigestResponse({ algorithm, ha1, method: req.method, uri, nonce: s.nonce, qop, nc, cnonce });
  addHeader(req, s.header ?? 'Authorization', formatCredentials({ username, realm, nonce: s.nonce, uri, response, algorithm, qop, nc, cnonce }));
  return req;
}

describe('DigestServer.challenge', () => {
  it('401: one WWW-Authenticate per algorithm, SHA-256 first, one fresh nonce, qop=auth', () => {
    const { srv } = server();
    const headers = srv.challenge(invite());
    assert.deepEqual(headers.map((h) => h.name), ['WWW-Authenticate', 'WWW-Authenticate']);
    const parsed = headers.map((h) => parseChallenges(h.value));
    const list = parsed.map((r) => (r.ok ? r.value[0] : undefined));
    assert.deepEqual(list.map((c) => c?.algorithm), ['SHA-256', 'MD5']);
    assert.deepEqual(list.map((c) => c?.qop), [['auth'], ['auth']]);
    assert.deepEqual(list.map((c) => c?.realm), [REALM, REALM]);
    assert.equal(list[0]?.nonce, list[1]?.nonce);
    assert.equal(list[0]?.stale, false);
    assert.notEqual(nonceOf(srv.challenge(invite())), list[0]?.nonce);
  });

  it('407 uses Proxy-Authenticate; stale adds stale=true; the response builder sets the status', () => {
    const { srv } = server({ algorithms: ['SHA-512-256', 'SHA-256', 'MD5'] });
    const headers = srv.challenge(invite(), { proxy: true, stale: true });
    assert.deepEqual(headers.map((h) => h.name), ['Proxy-Authenticate', 'Proxy-Authenticate', 'Proxy-Authenticate']);
    assert.ok(headers.every((h) => /, stale=true,/.test(h.value)));
    const res = srv.challengeResponse(invite(), { proxy: true, toTag: 'x1' });
    assert.equal(res.status, 407);
    assert.equal(getHeaders(res, 'Proxy-Authenticate').length, 3);
    assert.equal(getHeaders(res, 'WWW-Authenticate').length, 0);
    assert.equal(srv.challengeResponse(invite()).status, 401);
  });

  it('never challenges CANCEL or ACK, and validates its options', () => {
    const { srv, clock } = server();
    const cancel = invite();
    cancel.method = 'CANCEL';
    assert.throws(() => srv.challenge(cancel), RangeError);
    assert.throws(() => new DigestServer({ realm: REALM, clock, secret: 'short' }), RangeError);
    assert.throws(() => new DigestServer({ realm: REALM, clock, secret: SECRET, algorithms: [] }), RangeError);
    assert.throws(() => new DigestServer({ realm: 'a\nb', clock, secret: SECRET }), RangeError);
  });
});

describe('DigestServer.verify', () => {
  it('accepts SHA-256 and MD5 answers to its own challenge', async () => {
    const { srv } = server();
    const headers = srv.challenge(invite());
    // both challenges share one nonce, so the second answer uses the next nc
    for (const [nc, algorithm] of [[1, 'SHA-256'], [2, 'MD5']] as const) {
      const result = await srv.verify(signed({ nonce: nonceOf(headers, algorithm), algorithm, nc }), lookup);
      assert.deepEqual(result, { ok: true, username: 'alice', algorithm });
    }
  });

  it('accepts precomputed HA1 values per algorithm', async () => {
    const { srv } = server();
    const nonce = nonceOf(srv.challenge(invite()));
    const ha1Lookup = async () => ({ ha1: { 'SHA-256': computeHa1('SHA-256', 'alice', REALM, 'wonderland') } });
    assert.equal((await srv.verify(signed({ nonce }), ha1Lookup)).ok, true);
    // no HA1 stored for MD5: that algorithm cannot be checked for this user
    const md5 = await srv.verify(signed({ nonce, algorithm: 'MD5', nc: 2 }), ha1Lookup);
    assert.deepEqual(md5, { ok: false, reason: 'unsupported-algorithm', stale: false });
  });

  it('missing: no Authorization, or only another scheme', async () => {
    const { srv } = server();
    assert.deepEqual(await srv.verify(invite(), lookup), { ok: false, reason: 'missing', stale: false });
    const basic = invite([{ name: 'Authorization', value: 'Basic YWxpY2U6d29uZGVybGFuZA==' }]);
    assert.equal((await srv.verify(basic, lookup)).ok, false);
    assert.deepEqual(await srv.verify(basic, lookup), { ok: false, reason: 'missing', stale: false });
  });

  it('malformed: an unreadable Digest value, or no qop when qop is required', async () => {
    const { srv } = server();
    const nonce = nonceOf(srv.challenge(invite()));
    const broken = invite([{ name: 'Authorization', value: 'Digest username="alice", realm=' }]);
    assert.deepEqual(await srv.verify(broken, lookup), { ok: false, reason: 'malformed', stale: false });
    assert.deepEqual(await srv.verify(signed({ nonce, qop: undefined }), lookup), { ok: false, reason: 'malformed', stale: false });
  });

  it('accepts RFC 2069 (no qop) responses only when allowed', async () => {
    const { srv } = server({ allowNoQop: true });
    const nonce = nonceOf(srv.challenge(invite()));
    assert.equal((await srv.verify(signed({ nonce, qop: undefined }), lookup)).ok, true);
  });

  it('unknown user and wrong password', async () => {
    const { srv } = server();
    const nonce = nonceOf(srv.challenge(invite()));
    assert.deepEqual(await srv.verify(signed({ nonce, username: 'mallory' }), lookup), { ok: false, reason: 'unknown-user', stale: false });
    assert.deepEqual(await srv.verify(signed({ nonce, password: 'Wonderland' }), lookup), { ok: false, reason: 'bad-response', stale: false });
  });

  it('expired nonce: stale=true with the right password, bad-response with a wrong one', async () => {
    const { srv, clock } = server({ nonceTtlMs: 60_000 });
    const nonce = nonceOf(srv.challenge(invite()));
    clock.advance(60_001);
    assert.deepEqual(await srv.verify(signed({ nonce }), lookup), { ok: false, reason: 'stale-nonce', stale: true });
    assert.deepEqual(await srv.verify(signed({ nonce, password: 'x' }), lookup), { ok: false, reason: 'bad-response', stale: false });
  });

  it('forged nonces and nonces of another secret or realm are bad-nonce', async () => {
    const { srv, clock } = server();
    const nonce = nonceOf(srv.challenge(invite()));
    const forged = `${nonce.slice(0, 10)}${nonce[10] === 'x' ? 'y' : 'x'}${nonce.slice(11)}`;
    assert.deepEqual(await srv.verify(signed({ nonce: forged }), lookup), { ok: false, reason: 'bad-nonce', stale: false });
    assert.deepEqual(await srv.verify(signed({ nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093' }), lookup), { ok: false, reason: 'bad-nonce', stale: false });
    const other = new DigestServer({ realm: REALM, clock, secret: 'a-different-secret-entirely' });
    const foreign = nonceOf(other.challenge(invite()));
    assert.equal((await srv.verify(signed({ nonce: foreign }), lookup)).ok, false);
    // same secret on another node: accepted
    const peer = new DigestServer({ realm: REALM, clock, secret: SECRET });
    assert.equal((await peer.verify(signed({ nonce }), lookup)).ok, true);
  });

  it('replayed nc is rejected; a higher nc on the same nonce is accepted', async () => {
    const { srv } = server();
    const nonce = nonceOf(srv.challenge(invite()));
    assert.equal((await srv.verify(signed({ nonce, nc: 1 }), lookup)).ok, true);
    assert.deepEqual(await srv.verify(signed({ nonce, nc: 1 }), lookup), { ok: false, reason: 'replay', stale: false });
    assert.equal((await srv.verify(signed({ nonce, nc: 2 }), lookup)).ok, true);
    assert.deepEqual(await srv.verify(signed({ nonce, nc: 2 }), lookup), { ok: false, reason: 'replay', stale: false });
  });

  it('bounded replay memory: old nonces are forgotten into stale=true, never accepted twice', async () => {
    const { srv, clock } = server({ maxTrackedNonces: 5 });
    const nonces: string[] = [];
    for (let i = 0; i < 20; i++) {
      const nonce = nonceOf(srv.challenge(invite()));
      nonces.push(nonce);
      assert.equal((await srv.verify(signed({ nonce }), lookup)).ok, true);
      assert.ok(srv.trackedNonces <= 5);
      clock.advance(10);
    }
    assert.deepEqual(await srv.verify(signed({ nonce: nonces[0]!, nc: 1 }), lookup), { ok: false, reason: 'stale-nonce', stale: true });
    clock.advance(5 * 60_000 + 1);
    const fresh = nonceOf(srv.challenge(invite()));
    assert.equal((await srv.verify(signed({ nonce: fresh }), lookup)).ok, true);
    assert.equal(srv.trackedNonces, 1); // the expired ones were dropped
  });

  it('uri-mismatch when the digest uri is not the Request-URI; normalised forms match', async () => {
    const { srv } = server();
    const nonce = nonceOf(srv.challenge(invite()));
    assert.deepEqual(await srv.verify(signed({ nonce, uri: 'sip:carol@sip.example.org' }), lookup), { ok: false, reason: 'uri-mismatch', stale: false });
    assert.equal((await srv.verify(signed({ nonce, uri: 'sip:bob@SIP.EXAMPLE.ORG', nc: 2 }), lookup)).ok, true);
  });

  it('realm-mismatch for credentials of another realm only; ours are picked among several', async () => {
    const { srv } = server();
    const nonce = nonceOf(srv.challenge(invite()));
    assert.deepEqual(await srv.verify(signed({ nonce, realm: 'other.example' }), lookup), { ok: false, reason: 'realm-mismatch', stale: false });
    const both = signed({ nonce, realm: 'other.example' });
    signed({ nonce }, both);
    assert.equal((await srv.verify(both, lookup)).ok, true);
  });

  it('unsupported-algorithm when the client uses one not offered', async () => {
    const { srv } = server({ algorithms: ['SHA-256'] });
    const nonce = nonceOf(srv.challenge(invite()));
    assert.deepEqual(await srv.verify(signed({ nonce, algorithm: 'MD5' }), lookup), { ok: false, reason: 'unsupported-algorithm', stale: false });
  });

  it('with proxy it reads Proxy-Authorization only', async () => {
    const { srv } = server();
    const nonce = nonceOf(srv.challenge(invite(), { proxy: true }));
    const req = signed({ nonce, header: 'Proxy-Authorization' });
    assert.deepEqual(await srv.verify(req, lookup), { ok: false, reason: 'missing', stale: false });
    assert.equal((await srv.verify(req, lookup, { proxy: true })).ok, true);
  });

  it('does not put the password in any result', async () => {
    const { srv } = server();
    const nonce = nonceOf(srv.challenge(invite()));
    const results = [await srv.verify(signed({ nonce, password: 'hunter2-secret' }), async () => ({ password: 'hunter2-secret-real' }))];
    assert.ok(!JSON.stringify(results).includes('hunter2'));
  });
});
