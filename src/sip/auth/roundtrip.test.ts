// Client and server together, over the wire format: each message is serialised
// and parsed again between the two engines, as a transport would.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getTopVia } from '../accessors.ts';
import { getHeaders, setHeader } from '../message.ts';
import type { SipMessage, SipRequest, SipResponse } from '../message.ts';
import { parseDatagram } from '../parser.ts';
import { serializeMessage } from '../serializer.ts';
import { formatVia } from '../via.ts';
import type { DigestAlgorithm } from './algorithms.ts';
import { REALM, SECRET, fakeClock, invite, lookup } from './auth.fixture.ts';
import { createClientAuthState } from './client-state.ts';
import { authorize } from './client.ts';
import type { DigestUserCredentials } from './client.ts';
import { DigestServer } from './server.ts';
import type { DigestLookup } from './server.ts';

function wire<T extends SipMessage>(msg: T): T {
  const r = parseDatagram(serializeMessage(msg));
  if (!r.ok) return assert.fail(`did not parse: ${r.error.reason}`);
  return r.message as T;
}

let branches = 0;
/** What the transaction layer does with the request authorize() returns: a fresh branch. */
function newBranch(req: SipRequest): SipRequest {
  const via = getTopVia(req);
  assert.ok(via !== undefined && via.branch === undefined);
  setHeader(req, 'Via', formatVia({ ...via, params: [{ name: 'branch', value: `z9hG4bKretry${++branches}` }, ...via.params] }));
  return req;
}

async function exchange(
  srv: DigestServer,
  proxy: boolean,
  credentials: DigestUserCredentials,
  users: DigestLookup = lookup,
  algorithms?: readonly DigestAlgorithm[],
) {
  const state = createClientAuthState();
  const first = wire(invite());
  const initial = await srv.verify(first, users, { proxy });
  assert.deepEqual(initial, { ok: false, reason: 'missing', stale: false });
  const challenge = wire<SipResponse>(srv.challengeResponse(first, { proxy, toTag: 'uas1' }));
  const next = authorize(first, challenge, credentials, state, algorithms === undefined ? {} : { algorithms });
  if (!next.ok) return assert.fail(`authorize: ${next.reason}`);
  const second = wire(newBranch(next.request));
  return { state, first, challenge, second, result: await srv.verify(second, users, { proxy }) };
}

describe('client → server round trips', () => {
  const cases: [string, readonly DigestAlgorithm[], DigestAlgorithm][] = [
    ['default offer (SHA-256, MD5) → SHA-256', ['SHA-256', 'MD5'], 'SHA-256'],
    ['MD5 first in the offer still → SHA-256', ['MD5', 'SHA-256'], 'SHA-256'],
    ['MD5 only', ['MD5'], 'MD5'],
    ['SHA-256 only', ['SHA-256'], 'SHA-256'],
    ['SHA-512-256 offered', ['SHA-512-256', 'SHA-256', 'MD5'], 'SHA-512-256'],
    ['SHA-256-sess only', ['SHA-256-sess'], 'SHA-256-sess'],
  ];
  for (const proxy of [false, true]) {
    for (const [name, offered, expected] of cases) {
      it(`${proxy ? '407' : '401'}: ${name}`, async () => {
        const srv = new DigestServer({ realm: REALM, clock: fakeClock(), secret: SECRET, algorithms: offered });
        const { challenge, second, result } = await exchange(srv, proxy, { username: 'alice', password: 'wonderland' });
        assert.equal(challenge.status, proxy ? 407 : 401);
        assert.equal(getHeaders(challenge, proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate').length, offered.length);
        assert.equal(getHeaders(second, proxy ? 'Proxy-Authorization' : 'Authorization').length, 1);
        assert.equal(getHeaders(second, proxy ? 'Authorization' : 'Proxy-Authorization').length, 0);
        assert.deepEqual(result, { ok: true, username: 'alice', algorithm: expected });
      });
    }
  }

  it('a client restricted to MD5 gets through a server offering both', async () => {
    const srv = new DigestServer({ realm: REALM, clock: fakeClock(), secret: SECRET });
    const { result } = await exchange(srv, false, { username: 'alice', password: 'wonderland' }, lookup, ['MD5']);
    assert.deepEqual(result, { ok: true, username: 'alice', algorithm: 'MD5' });
  });

  it('usernames and passwords with quotes, backslashes and non-ASCII', async () => {
    const srv = new DigestServer({ realm: REALM, clock: fakeClock(), secret: SECRET });
    const username = 'd\\a"v e ✓';
    const users: DigestLookup = async (u) => (u === username ? { password: 'p"w\\ ü' } : undefined);
    const { result } = await exchange(srv, false, { username, password: 'p"w\\ ü' }, users);
    assert.deepEqual(result, { ok: true, username, algorithm: 'SHA-256' });
  });

  it('the exact authorised message sent again is a replay', async () => {
    const srv = new DigestServer({ realm: REALM, clock: fakeClock(), secret: SECRET });
    const { second, result } = await exchange(srv, false, { username: 'alice', password: 'wonderland' });
    assert.equal(result.ok, true);
    assert.deepEqual(await srv.verify(wire(second), lookup), { ok: false, reason: 'replay', stale: false });
  });

  it('wrong password: re-challenged without stale, then the client gives up', async () => {
    const srv = new DigestServer({ realm: REALM, clock: fakeClock(), secret: SECRET });
    const creds = { username: 'alice', password: 'not-it' };
    const { state, second, result } = await exchange(srv, false, creds);
    assert.deepEqual(result, { ok: false, reason: 'bad-response', stale: false });
    const again = wire<SipResponse>(srv.challengeResponse(second, { stale: result.ok ? false : result.stale }));
    assert.deepEqual(authorize(second, again, creds, state), { ok: false, reason: 'rejected', realm: REALM });
  });

  it('unknown user: re-challenged, then the client gives up', async () => {
    const srv = new DigestServer({ realm: REALM, clock: fakeClock(), secret: SECRET });
    const creds = { username: 'mallory', password: 'x' };
    const { state, second, result } = await exchange(srv, false, creds);
    assert.deepEqual(result, { ok: false, reason: 'unknown-user', stale: false });
    assert.equal(authorize(second, wire<SipResponse>(srv.challengeResponse(second)), creds, state).ok, false);
  });

  it('expired nonce: stale=true, the client retries with the new nonce and gets in', async () => {
    const clock = fakeClock();
    const srv = new DigestServer({ realm: REALM, clock, secret: SECRET, nonceTtlMs: 30_000 });
    const creds = { username: 'alice', password: 'wonderland' };
    const state = createClientAuthState();
    const first = wire(invite());
    const challenge = wire<SipResponse>(srv.challengeResponse(first));
    const a = authorize(first, challenge, creds, state);
    assert.ok(a.ok);
    clock.advance(30_001); // the request sat in a queue
    const late = wire(newBranch(a.request));
    const verdict = await srv.verify(late, lookup);
    assert.deepEqual(verdict, { ok: false, reason: 'stale-nonce', stale: true });
    const stale = wire<SipResponse>(srv.challengeResponse(late, { stale: true }));
    const b = authorize(late, stale, creds, state);
    assert.ok(b.ok && b.stale);
    assert.deepEqual(await srv.verify(wire(newBranch(b.request)), lookup), { ok: true, username: 'alice', algorithm: 'SHA-256' });
  });
});
