// Property test: no input makes the auth header parsers throw; every outcome is
// a value or a SipParseError, and whatever parses formats and parses back to
// the same fields. Seeded (mulberry32), so every run sees the same inputs.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { seededRandom } from '../../core/random.ts';
import { SipParseError } from '../errors.ts';
import type { Result } from '../errors.ts';
import { parseAuthItems } from './auth-params.ts';
import { formatChallenge, formatCredentials, parseChallenges, parseCredentials } from './digest-header.ts';
import type { DigestChallenge, DigestCredentials } from './digest-header.ts';

const ITERATIONS = 30_000;
const MAX_MS_PER_INPUT = 250;


const CORPUS = [
  'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
  'Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth", Digest realm="r", nonce="n", algorithm=MD5, qop="auth"',
  'Basic realm="x", Digest realm="a \\"b\\"", nonce=abc, stale=true, Newauth',
  'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
  'digest  USERNAME = "a\\\\b" , realm=r,nonce=n,uri="sip:x@y;lr",response=ab, algorithm="md5-sess", qop="auth", nc=0000000f, cnonce=c',
  'Basic dXNlcjpwYXNz==',
];
const PIECES = ['"', '\\', ',', '=', ' ', '\t', 'Digest ', 'realm=', 'nonce="', 'qop=auth', 'nc=00000001', '\u0000', '\r\n', 'é', '==', ',,', 'algorithm=SHA-256'];

function mutate(rng: () => number, s: string): string {
  const int = (n: number): number => Math.floor(rng() * n);
  let out = s;
  const rounds = 1 + int(4);
  for (let r = 0; r < rounds; r++) {
    const at = int(out.length + 1);
    switch (int(5)) {
      case 0: out = out.slice(0, at) + PIECES[int(PIECES.length)]! + out.slice(at); break;
      case 1: out = out.slice(0, at) + out.slice(at + 1 + int(8)); break;
      case 2: out = out.slice(0, at); break;
      case 3: out = out.slice(0, at) + String.fromCharCode(int(256)) + out.slice(at + 1); break;
      default: out = out.slice(0, at) + out.slice(int(out.length), int(out.length) + int(20)) + out.slice(at); break;
    }
  }
  return out;
}

function expectTyped<T>(r: Result<T>, input: string): T | undefined {
  if (r.ok) return r.value;
  assert.ok(r.error instanceof SipParseError, `not a SipParseError for ${JSON.stringify(input)}`);
  return undefined;
}

function challengeFields(c: DigestChallenge): unknown {
  return [c.realm, c.nonce, c.algorithm, c.qop, c.opaque, c.stale, c.domain];
}

function credentialFields(c: DigestCredentials): unknown {
  return [c.username, c.realm, c.nonce, c.uri, c.response, c.algorithm, c.qop, c.nc, c.cnonce, c.opaque];
}

function roundTripChallenges(list: readonly DigestChallenge[]): void {
  for (const c of list) {
    if (c.algorithm === undefined || (c.qop ?? []).some((q) => !/^[A-Za-z0-9.!%*_+`'~-]+$/.test(q))) continue;
    const again = parseChallenges(formatChallenge({ ...c, algorithm: c.algorithm }));
    assert.ok(again.ok);
    assert.deepEqual(challengeFields(again.value[0]!), challengeFields({ ...c, qop: c.qop?.length === 0 ? [] : c.qop }));
  }
}

function roundTripCredentials(c: DigestCredentials): void {
  if (c.algorithm === undefined || (c.qop !== undefined && c.qop !== 'auth')) return;
  const again = parseCredentials(formatCredentials({ ...c, algorithm: c.algorithm, qop: c.qop === 'auth' ? 'auth' : undefined }));
  assert.ok(again.ok);
  assert.deepEqual(credentialFields(again.value), credentialFields(c));
}

it(`${ITERATIONS} mutated and random auth headers: typed results only, round trips hold`, () => {
  const rng = seededRandom(0x2617);
  let parsed = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const input =
      i % 10 === 0
        ? Array.from({ length: Math.floor(rng() * 60) }, () => String.fromCharCode(Math.floor(rng() * 128))).join('')
        : mutate(rng, CORPUS[i % CORPUS.length]!);
    const started = performance.now();
    expectTyped(parseAuthItems(input), input);
    const ch = expectTyped(parseChallenges(input), input);
    const cr = expectTyped(parseCredentials(input), input);
    assert.ok(performance.now() - started < MAX_MS_PER_INPUT, `slow input ${JSON.stringify(input)}`);
    if (ch !== undefined) roundTripChallenges(ch);
    if (cr !== undefined) {
      roundTripCredentials(cr);
      parsed++;
    }
  }
  assert.ok(parsed > 100, `too few inputs parsed as credentials (${parsed}); the mutator is too destructive`);
});

it('a long hostile value is scanned in linear time', () => {
  const value = 'Digest ' + 'a=b, '.repeat(20_000) + 'realm="' + '\\"'.repeat(50_000) + '"';
  const started = performance.now();
  const r = parseChallenges(value);
  assert.ok(performance.now() - started < 2_000);
  assert.equal(r.ok, false); // no nonce
});
