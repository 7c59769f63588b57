import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NONCE_LENGTH, checkNonce, issueNonce, secretBytes } from './nonce.ts';

const secret = secretBytes('0123456789abcdef0123456789abcdef');
const opts = { realm: 'r.example', ttlMs: 300_000, maxSkewMs: 30_000 };
const T0 = Date.UTC(2026, 0, 1);

describe('stateless nonces', () => {
  it('are 44 base64url characters, distinct even within one millisecond', () => {
    const a = issueNonce(secret, opts.realm, T0);
    const b = issueNonce(secret, opts.realm, T0);
    assert.equal(a.length, NONCE_LENGTH);
    assert.equal(NONCE_LENGTH, 44);
    assert.match(a, /^[A-Za-z0-9_-]{44}$/);
    assert.notEqual(a, b);
  });

  it('validate on any node with the same secret until the TTL, then report expired', () => {
    const n = issueNonce(secret, opts.realm, T0);
    const otherNode = secretBytes(Buffer.from('0123456789abcdef0123456789abcdef'));
    assert.deepEqual(checkNonce(otherNode, opts, n, T0 + 1000), { status: 'valid', issuedAt: T0 });
    assert.deepEqual(checkNonce(secret, opts, n, T0 + opts.ttlMs), { status: 'valid', issuedAt: T0 });
    assert.deepEqual(checkNonce(secret, opts, n, T0 + opts.ttlMs + 1), { status: 'expired', issuedAt: T0 });
  });

  it('reject another secret, another realm, a flipped bit, a bad length or alphabet', () => {
    const n = issueNonce(secret, opts.realm, T0);
    assert.equal(checkNonce(secretBytes('another-secret-of-enough-length'), opts, n, T0).status, 'invalid');
    assert.equal(checkNonce(secret, { ...opts, realm: 'other' }, n, T0).status, 'invalid');
    for (let i = 0; i < n.length; i++) {
      const flipped = n.slice(0, i) + (n[i] === 'A' ? 'B' : 'A') + n.slice(i + 1);
      assert.equal(checkNonce(secret, opts, flipped, T0).status, 'invalid', `position ${i}`);
    }
    assert.equal(checkNonce(secret, opts, n.slice(1), T0).status, 'invalid');
    assert.equal(checkNonce(secret, opts, `${n.slice(0, -1)}=`, T0).status, 'invalid');
    assert.equal(checkNonce(secret, opts, '', T0).status, 'invalid');
  });

  it('a forged timestamp breaks the MAC; a genuine future one is refused beyond the skew', () => {
    const raw = Buffer.from(issueNonce(secret, opts.realm, T0), 'base64url');
    raw.writeUIntBE(T0 + 10 * 60_000, 0, 6); // try to extend the life
    assert.equal(checkNonce(secret, opts, raw.toString('base64url'), T0).status, 'invalid');
    const future = issueNonce(secret, opts.realm, T0 + 60_000);
    assert.equal(checkNonce(secret, opts, future, T0).status, 'invalid');
    assert.equal(checkNonce(secret, opts, issueNonce(secret, opts.realm, T0 + 20_000), T0).status, 'valid');
  });

  it('refuses a short secret without echoing it', () => {
    assert.throws(() => secretBytes('short'), (e: unknown) => e instanceof RangeError && !e.message.includes('short'));
  });
});
