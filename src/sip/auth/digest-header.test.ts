import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SipParseError } from '../errors.ts';
import { parseAuthItems } from './auth-params.ts';
import { formatChallenge, formatCredentials, parseChallenges, parseCredentials } from './digest-header.ts';

function challenges(v: string) {
  const r = parseChallenges(v);
  if (!r.ok) assert.fail(`expected a parse, got: ${r.error.reason}`);
  return r.value;
}

function credentials(v: string) {
  const r = parseCredentials(v);
  if (!r.ok) assert.fail(`expected a parse, got: ${r.error.reason}`);
  return r.value;
}

describe('challenges', () => {
  it('reads every field of a full challenge', () => {
    const [c] = challenges(
      'Digest realm="atlanta.com", domain="sip:boxesbybob.com", qop="auth", ' +
        'nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5',
    );
    assert.ok(c);
    assert.equal(c.realm, 'atlanta.com');
    assert.equal(c.domain, 'sip:boxesbybob.com');
    assert.deepEqual(c.qop, ['auth']);
    assert.equal(c.nonce, 'f84f1cec41e6cbe5aea9c8e88d359');
    assert.equal(c.opaque, '');
    assert.equal(c.stale, false);
    assert.equal(c.algorithm, 'MD5');
  });

  it('takes any parameter order, case-insensitive names and scheme, spaces around "=", empty list elements', () => {
    const [c] = challenges('  dIgEsT   NONCE = "abc" ,, Algorithm =sha-256,  QOP= "auth-int , auth" , REALM="r" ,Stale = TRUE ');
    assert.ok(c);
    assert.equal(c.realm, 'r');
    assert.equal(c.nonce, 'abc');
    assert.equal(c.algorithm, 'SHA-256');
    assert.equal(c.algorithmName, 'sha-256');
    assert.deepEqual(c.qop, ['auth-int', 'auth']);
    assert.equal(c.stale, true);
  });

  it('reads escaped quotes and backslashes in quoted strings, and commas inside them', () => {
    const [c] = challenges('Digest realm="say \\"hi\\", \\\\ then, leave", nonce="n,1"');
    assert.equal(c?.realm, 'say "hi", \\ then, leave');
    assert.equal(c?.nonce, 'n,1');
  });

  it('splits several challenges in one value (MD5 and SHA-256) and skips other schemes', () => {
    const list = challenges(
      'Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth", Basic realm="b", ' +
        'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Digest nonce="n", realm="r", algorithm=MD5',
    );
    assert.deepEqual(list.map((c) => c.algorithm), ['SHA-256', 'MD5']);
    const items = parseAuthItems('Basic dXNlcjpwYXNz==, Digest realm="r", nonce="n", Bearer');
    assert.ok(items.ok);
    assert.deepEqual(items.value.map((i) => [i.scheme, i.token68 ?? null, i.params.length]), [
      ['Basic', 'dXNlcjpwYXNz==', 0],
      ['Digest', null, 2],
      ['Bearer', null, 0],
    ]);
  });

  it('keeps an unknown algorithm visible but untyped', () => {
    const [c] = challenges('Digest realm="r", nonce="n", algorithm=SHA3-999');
    assert.equal(c?.algorithm, undefined);
    assert.equal(c?.algorithmName, 'SHA3-999');
  });

  it('accepts unquoted base64 values that peers send bare', () => {
    const [c] = challenges('Digest realm=r, nonce=7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v==');
    assert.equal(c?.nonce, '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v==');
  });

  for (const [why, value] of [
    ['missing realm', 'Digest nonce="n"'],
    ['missing nonce', 'Digest realm="r"'],
    ['repeated parameter', 'Digest realm="r", nonce="n", realm="s"'],
    ['unterminated quote', 'Digest realm="r, nonce="n'],
    ['missing value', 'Digest realm=, nonce="n"'],
    ['no comma between params', 'Digest realm="r" nonce="n"'],
    ['bare word after scheme', 'Digest foo bar'],
    ['empty', '   '],
    ['control character', 'Digest realm="a\u0001b", nonce="n"'],
  ] as const) {
    it(`rejects ${why} with a typed error`, () => {
      const r = parseChallenges(value);
      assert.equal(r.ok, false);
      if (!r.ok) assert.ok(r.error instanceof SipParseError);
    });
  }

  it('formats and parses back', () => {
    const value = formatChallenge({ realm: 'a "q" \\ b', nonce: 'n/+=', algorithm: 'SHA-256', qop: ['auth'], opaque: 'o', stale: true, domain: 'sip:d' });
    assert.equal(value, 'Digest realm="a \\"q\\" \\\\ b", domain="sip:d", nonce="n/+=", opaque="o", stale=true, algorithm=SHA-256, qop="auth"');
    const [c] = challenges(value);
    assert.deepEqual(
      { realm: c?.realm, nonce: c?.nonce, algorithm: c?.algorithm, qop: c?.qop, opaque: c?.opaque, stale: c?.stale, domain: c?.domain },
      { realm: 'a "q" \\ b', nonce: 'n/+=', algorithm: 'SHA-256', qop: ['auth'], opaque: 'o', stale: true, domain: 'sip:d' },
    );
  });

  it('refuses to format a header injection', () => {
    assert.throws(() => formatChallenge({ realm: 'r\r\nVia: evil', nonce: 'n' }), RangeError);
  });
});

describe('credentials', () => {
  const sample =
    'Digest username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", ' +
    'uri="sip:bob@biloxi.com", qop=auth, nc=00000001, cnonce="0a4f113b", ' +
    'response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"';

  it('reads an RFC 3261 §22.4 style Authorization', () => {
    const c = credentials(sample);
    assert.equal(c.username, 'bob');
    assert.equal(c.uri, 'sip:bob@biloxi.com');
    assert.equal(c.qop, 'auth');
    assert.equal(c.nc, '00000001');
    assert.equal(c.cnonce, '0a4f113b');
    assert.equal(c.algorithm, 'MD5');
    assert.equal(c.opaque, '5ccc069c403ebaf9f0171e9517f40e41');
  });

  it('accepts a quoted qop and algorithm, odd spacing and parameter order', () => {
    const c = credentials('digest   response = "ab" ,uri= "sip:x" , qop = "AUTH",nc=0000000A,cnonce=c,algorithm="SHA-256",nonce=n,realm=r,USERNAME="a\\"b"');
    assert.equal(c.username, 'a"b');
    assert.equal(c.qop, 'auth');
    assert.equal(c.nc, '0000000A');
    assert.equal(c.algorithm, 'SHA-256');
  });

  for (const [why, value] of [
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['two credentials', `${sample}, Digest username="x"`],
    ['missing response', 'Digest username="u", realm="r", nonce="n", uri="sip:x"'],
    ['qop without nc', 'Digest username="u", realm="r", nonce="n", uri="sip:x", response="0", qop=auth, cnonce="c"'],
    ['nc without qop', 'Digest username="u", realm="r", nonce="n", uri="sip:x", response="0", nc=00000001'],
    ['short nc', 'Digest username="u", realm="r", nonce="n", uri="sip:x", response="0", qop=auth, nc=1, cnonce="c"'],
    ['non-hex nc', 'Digest username="u", realm="r", nonce="n", uri="sip:x", response="0", qop=auth, nc=0000000g, cnonce="c"'],
  ] as const) {
    it(`rejects ${why}`, () => assert.equal(parseCredentials(value).ok, false));
  }

  it('formats and parses back', () => {
    const init = {
      username: 'carol "c"',
      realm: 'r',
      nonce: 'n',
      uri: 'sip:bob@example.org;transport=tcp',
      response: 'ab'.repeat(32),
      algorithm: 'SHA-256',
      qop: 'auth',
      nc: '0000002a',
      cnonce: 'cn',
      opaque: 'op',
    } as const;
    const c = credentials(formatCredentials(init));
    assert.deepEqual(
      { username: c.username, realm: c.realm, nonce: c.nonce, uri: c.uri, response: c.response, algorithm: c.algorithm, qop: c.qop, nc: c.nc, cnonce: c.cnonce, opaque: c.opaque },
      init,
    );
  });

  it('formatting checks qop inputs', () => {
    assert.throws(() => formatCredentials({ username: 'u', realm: 'r', nonce: 'n', uri: 'u', response: 'x', qop: 'auth', nc: '1', cnonce: 'c' }), RangeError);
  });
});
