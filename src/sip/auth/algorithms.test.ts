import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  algorithmStrength,
  computeDigestResponse,
  computeHa1,
  hexDigestsEqual,
  parseAlgorithm,
} from './algorithms.ts';
import { parseChallenges, parseCredentials } from './digest-header.ts';

const h = (alg: string, s: string): string => createHash(alg).update(s, 'utf8').digest('hex');

describe('RFC test vectors', () => {
  it('RFC 2617 §3.5: Mufasa / "Circle Of Life", MD5, qop=auth', () => {
    // the header values of §3.5, line folding already undone by the SIP parser
    const challenge = parseChallenges(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", ' +
        'opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    assert.ok(challenge.ok);
    assert.deepEqual(challenge.value[0]?.qop, ['auth', 'auth-int']);
    assert.equal(challenge.value[0]?.algorithm, 'MD5');
    const cred = parseCredentials(
      'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", ' +
        'uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", ' +
        'response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    assert.ok(cred.ok);
    const c = cred.value;
    const response = computeDigestResponse({
      algorithm: 'MD5',
      ha1: computeHa1('MD5', c.username, c.realm, 'Circle Of Life'),
      method: 'GET',
      uri: c.uri,
      nonce: c.nonce,
      qop: 'auth',
      nc: c.nc,
      cnonce: c.cnonce,
    });
    assert.equal(response, '6629fae49393a05397450978507c4ef1');
    assert.ok(hexDigestsEqual(response, c.response));
  });

  // RFC 7616 §3.9.1 uses the password "Circle of Life" (lower-case "of") and new nonce/cnonce values
  const rfc7616 = {
    username: 'Mufasa',
    realm: 'http-auth@example.org',
    uri: '/dir/index.html',
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    password: 'Circle of Life',
  };

  for (const [algorithm, expected] of [
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
  ] as const) {
    it(`RFC 7616 §3.9.1: ${algorithm} response ${expected.slice(0, 8)}…`, () => {
      const v = rfc7616;
      const response = computeDigestResponse({
        algorithm,
        ha1: computeHa1(algorithm, v.username, v.realm, v.password),
        method: 'GET',
        uri: v.uri,
        nonce: v.nonce,
        qop: 'auth',
        nc: '00000001',
        cnonce: v.cnonce,
      });
      assert.equal(response, expected);
      // and independently, straight from the definition in RFC 7616 §3.4.1
      const alg = algorithm === 'MD5' ? 'md5' : 'sha256';
      const ha1 = h(alg, `${v.username}:${v.realm}:${v.password}`);
      const ha2 = h(alg, `GET:${v.uri}`);
      assert.equal(h(alg, `${ha1}:${v.nonce}:00000001:${v.cnonce}:auth:${ha2}`), expected);
    });
  }
});

describe('algorithms', () => {
  it('SHA-512-256 and -sess variants match an independent computation', () => {
    const ha1 = h('sha512-256', 'u:r:p');
    const ha2 = h('sha512-256', 'INVITE:sip:x@y');
    const plain = h('sha512-256', `${ha1}:n:00000002:c:auth:${ha2}`);
    const input = { method: 'INVITE', uri: 'sip:x@y', nonce: 'n', qop: 'auth', nc: '00000002', cnonce: 'c' } as const;
    assert.equal(computeDigestResponse({ ...input, algorithm: 'SHA-512-256', ha1: computeHa1('SHA-512-256', 'u', 'r', 'p') }), plain);
    const sessHa1 = h('md5', `${h('md5', 'u:r:p')}:n:c`);
    const sess = h('md5', `${sessHa1}:n:00000002:c:auth:${h('md5', 'INVITE:sip:x@y')}`);
    assert.equal(computeDigestResponse({ ...input, algorithm: 'MD5-sess', ha1: computeHa1('MD5', 'u', 'r', 'p') }), sess);
  });

  it('RFC 2069 response without qop is H(HA1:nonce:HA2)', () => {
    const ha1 = computeHa1('MD5', 'u', 'r', 'p');
    const expected = h('md5', `${ha1}:n:${h('md5', 'REGISTER:sip:r')}`);
    const got = computeDigestResponse({ algorithm: 'MD5', ha1, method: 'REGISTER', uri: 'sip:r', nonce: 'n', qop: undefined, nc: undefined, cnonce: undefined });
    assert.equal(got, expected);
  });

  it('hashes UTF-8 text', () => {
    assert.equal(computeHa1('SHA-256', 'Zoë', 'r', 'pässword'), h('sha256', 'Zoë:r:pässword'));
  });

  it('names are case-insensitive; absent means MD5; unknown is undefined', () => {
    assert.equal(parseAlgorithm('sha-256'), 'SHA-256');
    assert.equal(parseAlgorithm('md5-SESS'), 'MD5-sess');
    assert.equal(parseAlgorithm(undefined), 'MD5');
    assert.equal(parseAlgorithm('SHA-1'), undefined);
  });

  it('ranks SHA-512-256 > SHA-256 > MD5', () => {
    assert.ok(algorithmStrength('SHA-512-256') > algorithmStrength('SHA-256'));
    assert.ok(algorithmStrength('SHA-256') > algorithmStrength('SHA-256-sess'));
    assert.ok(algorithmStrength('SHA-256-sess') > algorithmStrength('MD5'));
  });

  it('compares digests case-insensitively and rejects other lengths', () => {
    assert.ok(hexDigestsEqual('abcdef', 'ABCDEF'));
    assert.ok(!hexDigestsEqual('abcdef', 'abcdee'));
    assert.ok(!hexDigestsEqual('abcdef', 'abcdef0'));
    assert.ok(!hexDigestsEqual('abcdef', ''));
  });

  it('refuses to compute qop=auth without nc and cnonce', () => {
    assert.throws(() => computeDigestResponse({ algorithm: 'MD5', ha1: 'x', method: 'M', uri: 'u', nonce: 'n', qop: 'auth', nc: undefined, cnonce: undefined }), RangeError);
  });
});
