// Server side of SIP digest authentication (RFC 3261 §22.1–§22.4, RFC 7616,
// RFC 8760): challenges for 401 (WWW-Authenticate) and 407 (Proxy-Authenticate)
// and verification of the credentials a request brings back. A pure engine:
// time comes from the injected Clock, users from the injected lookup; nonces
// are stateless (nonce.ts), and only nonce-counts are remembered (replay.ts).

import type { Clock } from '../../core/index.ts';
import type { HeaderInit, SipRequest, SipResponse } from '../message.ts';
import { getHeaders } from '../message.ts';
import { buildResponse } from '../response.ts';
import { computeDigestResponse, computeHa1, hashOf, hexDigestsEqual, parseAlgorithm } from './algorithms.ts';
import type { DigestAlgorithm, DigestHashName } from './algorithms.ts';
import { formatChallenge, isDigestScheme, parseCredentials } from './digest-header.ts';
import type { DigestCredentials } from './digest-header.ts';
import { checkNonce, issueNonce, secretBytes } from './nonce.ts';
import { NonceCountTracker } from './replay.ts';
import { sameDigestUri } from './uri-match.ts';

/** What a user store returns: the password, or HA1 = H(username:realm:password) per hash. */
export type DigestSecret = { password: string } | { ha1: Partial<Record<DigestHashName, string>> };

/** Resolves a user of a realm; undefined for an unknown user. Errors propagate to the caller of verify(). */
export type DigestLookup = (username: string, realm: string) => Promise<DigestSecret | undefined>;

export type DigestVerifyFailureReason =
  | 'missing'
  | 'unknown-user'
  | 'bad-response'
  | 'stale-nonce'
  | 'bad-nonce'
  | 'replay'
  | 'realm-mismatch'
  | 'uri-mismatch'
  | 'unsupported-algorithm'
  | 'malformed';

export type DigestVerifyResult =
  | { ok: true; username: string; algorithm: DigestAlgorithm }
  | {
      ok: false;
      reason: DigestVerifyFailureReason;
      /** Send stale=true in the new challenge (the credentials were right, only the nonce was not). */
      stale: boolean;
    };

export interface DigestServerOptions {
  realm: string;
  clock: Clock;
  /** HMAC key for stateless nonces; share it between nodes that must accept each other's nonces. At least 16 bytes. */
  secret: string | Uint8Array;
  /** Nonce lifetime (default 5 minutes). */
  nonceTtlMs?: number;
  /** Offered in this order, one challenge each (default ['SHA-256', 'MD5'], RFC 8760). */
  algorithms?: readonly DigestAlgorithm[];
  /** Only qop=auth is offered (auth-int is not supported). */
  qop?: 'auth';
  /** Accept RFC 2069 responses without qop (no nonce-count, so no replay protection within a nonce's life). Default false. */
  allowNoQop?: boolean;
  /** Most nonces whose nonce-count is tracked at once (default 10,000). */
  maxTrackedNonces?: number;
  /** Tolerated clock difference between nodes for nonce issue times (default 30 s). */
  maxClockSkewMs?: number;
}

export interface DigestChallengeOptions {
  /** 407 with Proxy-Authenticate instead of 401 with WWW-Authenticate. */
  proxy?: boolean;
  /** Adds stale=true (RFC 2617 §3.2.1): the client retries without asking its user again. */
  stale?: boolean;
}

export interface DigestVerifyOptions {
  /** Read Proxy-Authorization (a proxy's 407 challenge) instead of Authorization. */
  proxy?: boolean;
}

export const DEFAULT_NONCE_TTL_MS = 5 * 60_000;
export const DEFAULT_SERVER_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'];

type Fail = Extract<DigestVerifyResult, { ok: false }>;
const failure = (reason: DigestVerifyFailureReason, stale = false): Fail => ({ ok: false, reason, stale });

export class DigestServer {
  readonly realm: string;
  readonly algorithms: readonly DigestAlgorithm[];
  readonly nonceTtlMs: number;
  readonly allowNoQop: boolean;
  readonly #clock: Clock;
  readonly #secret: Buffer;
  readonly #maxSkewMs: number;
  readonly #counts: NonceCountTracker;

  constructor(options: DigestServerOptions) {
    this.realm = options.realm;
    this.#clock = options.clock;
    this.#secret = secretBytes(options.secret);
    this.nonceTtlMs = options.nonceTtlMs ?? DEFAULT_NONCE_TTL_MS;
    this.algorithms = [...(options.algorithms ?? DEFAULT_SERVER_ALGORITHMS)];
    if (this.algorithms.length === 0) throw new RangeError('at least one digest algorithm is required');
    for (const a of this.algorithms) if (parseAlgorithm(a) !== a) throw new RangeError(`unknown digest algorithm ${a}`);
    this.allowNoQop = options.allowNoQop ?? false;
    this.#maxSkewMs = options.maxClockSkewMs ?? 30_000;
    this.#counts = new NonceCountTracker({ ttlMs: this.nonceTtlMs, capacity: options.maxTrackedNonces });
    formatChallenge({ realm: this.realm, nonce: 'x' }); // rejects a realm that cannot be written
  }

  /** Nonces whose nonce-count is currently remembered (bounded by maxTrackedNonces). */
  get trackedNonces(): number {
    return this.#counts.size;
  }

  /**
   * Header fields for a 401 (WWW-Authenticate) or, with `proxy`, a 407
   * (Proxy-Authenticate): one challenge per algorithm, most preferred first, all
   * with the same fresh nonce (RFC 8760). CANCEL and ACK cannot be
   * challenged (CANCEL: RFC 3261 §9.2; an ACK gets no response): RangeError.
   */
  challenge(request: SipRequest, options: DigestChallengeOptions = {}): HeaderInit[] {
    if (request.method === 'CANCEL' || request.method === 'ACK') {
      throw new RangeError(`${request.method} cannot be challenged`);
    }
    const name = options.proxy === true ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    const nonce = issueNonce(this.#secret, this.realm, this.#clock.now());
    return this.algorithms.map((algorithm) => ({
      name,
      value: formatChallenge({ realm: this.realm, nonce, algorithm, qop: ['auth'], stale: options.stale === true }),
    }));
  }

  /** The whole 401 / 407 response to `request` (RFC 3261 §8.2.6), with the challenges. */
  challengeResponse(request: SipRequest, options: DigestChallengeOptions & { toTag?: string } = {}): SipResponse {
    const status = options.proxy === true ? 407 : 401;
    const opts = options.toTag === undefined ? {} : { toTag: options.toTag };
    return buildResponse(request, status, undefined, this.challenge(request, options), opts);
  }

  /**
   * Checks the request's Authorization (or, with `proxy`, Proxy-Authorization)
   * for this realm. Every failure is answered with a new challenge, with
   * stale=true when `result.stale` is set.
   */
  async verify(request: SipRequest, lookup: DigestLookup, options: DigestVerifyOptions = {}): Promise<DigestVerifyResult> {
    const picked = this.#pick(getHeaders(request, options.proxy === true ? 'Proxy-Authorization' : 'Authorization'));
    if (!('username' in picked)) return picked;
    const c = picked;
    const algorithm = c.algorithm;
    if (algorithm === undefined || !this.algorithms.includes(algorithm)) return failure('unsupported-algorithm');
    if (c.qop === undefined ? !this.allowNoQop || algorithm.endsWith('-sess') : c.qop !== 'auth') {
      return failure('malformed');
    }
    if (!sameDigestUri(c.uri, request.uri)) return failure('uri-mismatch');
    const now = this.#clock.now();
    const nonce = checkNonce(this.#secret, { realm: this.realm, ttlMs: this.nonceTtlMs, maxSkewMs: this.#maxSkewMs }, c.nonce, now);
    if (nonce.status === 'invalid') return failure('bad-nonce');
    const secret = await lookup(c.username, c.realm);
    if (secret === undefined) return failure('unknown-user');
    const hash = hashOf(algorithm);
    const ha1 = 'password' in secret ? computeHa1(hash, c.username, c.realm, secret.password) : secret.ha1[hash];
    if (ha1 === undefined) return failure('unsupported-algorithm');
    const expected = computeDigestResponse({
      algorithm,
      ha1,
      method: request.method,
      uri: c.uri,
      nonce: c.nonce,
      qop: c.qop === undefined ? undefined : 'auth',
      nc: c.nc,
      cnonce: c.cnonce,
    });
    if (!hexDigestsEqual(expected, c.response)) return failure('bad-response');
    // only now is stale=true safe: the client proved it knows the password (RFC 2617 §3.2.1)
    if (nonce.status === 'expired') return failure('stale-nonce', true);
    if (c.nc !== undefined) {
      const seen = this.#counts.check(c.nonce, nonce.issuedAt, Number.parseInt(c.nc, 16), now);
      if (seen === 'replay') return failure('replay');
      if (seen === 'forgotten') return failure('stale-nonce', true);
    }
    return { ok: true, username: c.username, algorithm };
  }

  /** The Digest credentials for this realm among the header values, or why there are none. */
  #pick(values: readonly string[]): DigestCredentials | Fail {
    if (values.length === 0) return failure('missing');
    let malformed = false;
    let otherRealm = false;
    let chosen: DigestCredentials | undefined;
    for (const value of values) {
      const parsed = parseCredentials(value);
      if (!parsed.ok) {
        // another scheme (e.g. Basic) is not ours to judge; a broken Digest value is malformed
        if (isDigestValue(value)) malformed = true;
        continue;
      }
      const c = parsed.value;
      if (c.realm !== this.realm) {
        otherRealm = true;
        continue;
      }
      if (chosen === undefined || (this.#supports(c) && !this.#supports(chosen))) chosen = c;
    }
    if (chosen !== undefined) return chosen;
    if (malformed) return failure('malformed');
    return failure(otherRealm ? 'realm-mismatch' : 'missing');
  }

  #supports(c: DigestCredentials): boolean {
    return c.algorithm !== undefined && this.algorithms.includes(c.algorithm);
  }
}

function isDigestValue(value: string): boolean {
  let i = 0;
  while (value.charCodeAt(i) === 0x20 || value.charCodeAt(i) === 0x09) i++;
  return isDigestScheme(value.slice(i, i + 6)) && (i + 6 === value.length || value.charCodeAt(i + 6) <= 0x20);
}
