// Digest algorithms and the response computation: RFC 2617 §3.2.2 (MD5, qop),
// RFC 7616 §3.4 (SHA-256, SHA-512-256, "-sess" variants), RFC 8760 (their
// use in SIP). Strings are hashed as UTF-8. Only node:crypto is used.

import { createHash, timingSafeEqual } from 'node:crypto';

/** Hash functions of the IANA "HTTP Digest Algorithm Values" registry that SIP uses (RFC 8760). */
export type DigestHashName = 'MD5' | 'SHA-256' | 'SHA-512-256';

/** An algorithm parameter value, canonically spelled. */
export type DigestAlgorithm =
  | DigestHashName
  | 'MD5-sess'
  | 'SHA-256-sess'
  | 'SHA-512-256-sess';

export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = [
  'SHA-512-256',
  'SHA-512-256-sess',
  'SHA-256',
  'SHA-256-sess',
  'MD5',
  'MD5-sess',
];

const NODE_HASH: Readonly<Record<DigestHashName, string>> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
  'SHA-512-256': 'sha512-256',
};

/** Hex length of a digest for each hash (MD5 32, the SHA-2 ones 64). */
export const DIGEST_HEX_LENGTH: Readonly<Record<DigestHashName, number>> = {
  MD5: 32,
  'SHA-256': 64,
  'SHA-512-256': 64,
};

const BY_LOWER = new Map<string, DigestAlgorithm>(DIGEST_ALGORITHMS.map((a) => [a.toLowerCase(), a]));

/**
 * Canonical algorithm for a parameter value (case-insensitive, RFC 7616 §3.3);
 * undefined when unknown. An absent parameter means MD5 (RFC 2617 §3.2.1).
 */
export function parseAlgorithm(value: string | undefined): DigestAlgorithm | undefined {
  if (value === undefined) return 'MD5';
  return BY_LOWER.get(value.toLowerCase());
}

export function hashOf(algorithm: DigestAlgorithm): DigestHashName {
  return (algorithm.endsWith('-sess') ? algorithm.slice(0, -5) : algorithm) as DigestHashName;
}

export function isSessionAlgorithm(algorithm: DigestAlgorithm): boolean {
  return algorithm.endsWith('-sess');
}

/** Higher is stronger: SHA-512-256 > SHA-256 > MD5; a plain variant ranks above its "-sess" twin. */
export function algorithmStrength(algorithm: DigestAlgorithm): number {
  return DIGEST_ALGORITHMS.length - DIGEST_ALGORITHMS.indexOf(algorithm);
}

/** Lower-case hex digest of the UTF-8 text. */
export function digestHex(hash: DigestHashName, text: string): string {
  return createHash(NODE_HASH[hash]).update(text, 'utf8').digest('hex');
}

/** H(username ":" realm ":" password), RFC 7616 §3.4.2; what a user store may keep instead of the password. */
export function computeHa1(hash: DigestHashName, username: string, realm: string, password: string): string {
  return digestHex(hash, `${username}:${realm}:${password}`);
}

/** Inputs of one response computation (RFC 7616 §3.4.1). */
export interface DigestResponseInput {
  algorithm: DigestAlgorithm;
  /** H(username:realm:password) for the algorithm's hash, lower-case hex. */
  ha1: string;
  method: string;
  /** The digest-uri parameter, exactly as sent. */
  uri: string;
  nonce: string;
  /** Present for qop=auth; undefined for RFC 2069 compatibility (no qop). */
  qop: 'auth' | undefined;
  /** nc as 8 hex digits (required with qop). */
  nc: string | undefined;
  /** Required with qop and with a "-sess" algorithm. */
  cnonce: string | undefined;
}

/**
 * The request-digest: with qop, H(HA1:nonce:nc:cnonce:qop:HA2); without,
 * H(HA1:nonce:HA2) (RFC 2617 §3.2.2.1). For "-sess" algorithms HA1 becomes
 * H(HA1:nonce:cnonce) (RFC 7616 §3.4.2). Throws RangeError on missing inputs.
 */
export function computeDigestResponse(input: DigestResponseInput): string {
  const hash = hashOf(input.algorithm);
  let ha1 = input.ha1.toLowerCase();
  if (isSessionAlgorithm(input.algorithm)) {
    if (input.cnonce === undefined) throw new RangeError('a -sess algorithm needs a cnonce');
    ha1 = digestHex(hash, `${ha1}:${input.nonce}:${input.cnonce}`);
  }
  const ha2 = digestHex(hash, `${input.method}:${input.uri}`);
  if (input.qop === undefined) return digestHex(hash, `${ha1}:${input.nonce}:${ha2}`);
  if (input.nc === undefined || input.cnonce === undefined) throw new RangeError('qop=auth needs nc and cnonce');
  return digestHex(hash, `${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

/**
 * Constant-time comparison of two hex digests (case-insensitive). Unequal
 * lengths return false at once; the length is public (it follows the algorithm).
 */
export function hexDigestsEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'latin1');
  const b = Buffer.from(given.toLowerCase(), 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}
