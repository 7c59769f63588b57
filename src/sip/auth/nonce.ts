// Stateless, self-validating server nonces (RFC 7616 §3.3 suggests
// "time-stamp H(time-stamp ":" ETag ":" secret-data)"; here an HMAC). Any node
// holding the same secret validates a nonce another node issued; expiry comes
// from the embedded timestamp, so nothing is stored per nonce.
//
//   nonce = base64url( issued-at (48-bit ms) | random (9 octets) | HMAC-SHA256(secret, label | realm | issued-at | random)[0..18) )
//
// 33 octets, so 44 base64url characters with no padding. The random part keeps
// nonces issued in the same millisecond distinct (replay tracking is per nonce).

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const LABEL = 'switchboard/sip-digest-nonce/v1';
const TS_LEN = 6;
const RAND_LEN = 9;
const MAC_LEN = 18;
const RAW_LEN = TS_LEN + RAND_LEN + MAC_LEN;
export const NONCE_LENGTH = (RAW_LEN / 3) * 4;
/** Below this a secret is refused (128 bits). */
export const MIN_SECRET_BYTES = 16;

export type NonceCheck =
  | { status: 'valid'; issuedAt: number }
  | { status: 'expired'; issuedAt: number }
  | { status: 'invalid' };

export interface NonceCheckOptions {
  realm: string;
  ttlMs: number;
  /** How far in the future an issue time may be (clock skew between nodes). */
  maxSkewMs: number;
}

export function secretBytes(secret: string | Uint8Array): Buffer {
  const b = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (b.length < MIN_SECRET_BYTES) throw new RangeError(`the nonce secret must be at least ${MIN_SECRET_BYTES} bytes`);
  return b;
}

function mac(secret: Buffer, realm: string, body: Buffer): Buffer {
  return createHmac('sha256', secret)
    .update(LABEL)
    .update('\0')
    .update(realm, 'utf8')
    .update('\0')
    .update(body)
    .digest()
    .subarray(0, MAC_LEN);
}

/** A fresh nonce stamped with `now` (epoch ms). */
export function issueNonce(secret: Buffer, realm: string, now: number): string {
  const body = Buffer.alloc(TS_LEN + RAND_LEN);
  body.writeUIntBE(Math.max(0, Math.floor(now)) % 2 ** 48, 0, TS_LEN);
  randomBytes(RAND_LEN).copy(body, TS_LEN);
  return Buffer.concat([body, mac(secret, realm, body)]).toString('base64url');
}

function isBase64Url(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f;
    if (!ok) return false;
  }
  return true;
}

/** Checks the MAC in constant time, then the age. A nonce from the future (beyond maxSkewMs) is invalid. */
export function checkNonce(secret: Buffer, options: NonceCheckOptions, nonce: string, now: number): NonceCheck {
  if (nonce.length !== NONCE_LENGTH || !isBase64Url(nonce)) return { status: 'invalid' };
  const raw = Buffer.from(nonce, 'base64url');
  if (raw.length !== RAW_LEN) return { status: 'invalid' };
  const body = raw.subarray(0, TS_LEN + RAND_LEN);
  if (!timingSafeEqual(mac(secret, options.realm, body), raw.subarray(TS_LEN + RAND_LEN))) return { status: 'invalid' };
  const issuedAt = body.readUIntBE(0, TS_LEN);
  if (issuedAt > now + options.maxSkewMs) return { status: 'invalid' };
  return now - issuedAt > options.ttlMs ? { status: 'expired', issuedAt } : { status: 'valid', issuedAt };
}
