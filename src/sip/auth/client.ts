// Client side of SIP digest authentication (RFC 3261 §8.1.3.5, §22.2, §22.3;
// RFC 7616 §3.4; RFC 8760): turns a request that drew a 401 or 407 into
// the request to send next, with Authorization (401) or Proxy-Authorization
// (407) for the strongest algorithm offered per realm (SHA-512-256 > SHA-256 >
// MD5, whatever the order of the challenges; a server that lists its preferred
// algorithm first, as RFC 8760 asks, gets the same choice unless it prefers a weaker one).
//
// The new request keeps Call-ID, From (and its tag), To, Route and body;
// its CSeq number is one higher (§8.1.3.5). It is a new transaction, so it
// needs a new branch: authorize() REMOVES the branch parameter from the top
// Via and leaves choosing the new one to the transaction layer
// (TransactionLayer.sendRequest adds a branch to a request without one).

import { getCSeq, getCallId } from '../accessors.ts';
import { attempt } from '../errors.ts';
import { canonicalHeaderName } from '../header-names.ts';
import { createRequest, getHeaders } from '../message.ts';
import type { HeaderInit, SipRequest, SipResponse } from '../message.ts';
import { formatCSeq, readCSeq } from '../values.ts';
import { formatVia, parseVia } from '../via.ts';
import { DIGEST_ALGORITHMS, algorithmStrength, computeDigestResponse, computeHa1, hashOf, isSessionAlgorithm } from './algorithms.ts';
import type { DigestAlgorithm } from './algorithms.ts';
import { credentialKey, nextNonceCount, randomCnonce, remember } from './client-state.ts';
import type { ClientAuthState, CredentialHeaderName } from './client-state.ts';
import { formatCredentials, parseChallenges, parseCredentials } from './digest-header.ts';
import type { DigestChallenge, DigestCredentials } from './digest-header.ts';

export interface DigestUserCredentials {
  username: string;
  password: string;
  /** When set, only challenges of this realm are answered (the password is not offered to others). */
  realm?: string;
}

export interface AuthorizeOptions {
  /** Algorithms this client will use (default: all it knows). */
  algorithms?: readonly DigestAlgorithm[];
  /** cnonce source (default: 128 random bits, hex). */
  cnonce?: () => string;
}

export type AuthorizeFailureReason =
  /** The response is not a 401 or 407, or carries no challenge header. */
  | 'not-a-challenge'
  /** The response's Call-ID or CSeq is not the request's. */
  | 'mismatched-response'
  /** ACK and CANCEL are never resent with credentials (an ACK gets no response; CANCEL: RFC 3261 §9.2). */
  | 'not-challengeable'
  /** No challenge this client can answer (unknown algorithm, auth-int only, other realm, unparsable). */
  | 'no-supported-challenge'
  /** A second 401/407 for the credentials just sent, without stale=true: they were refused. Give up. */
  | 'rejected';

export type AuthorizeResult =
  | {
      ok: true;
      /** The request to send next (Via branch removed, see above). */
      request: SipRequest;
      /** Realms answered, in challenge order. */
      realms: string[];
      /** Algorithm used for the first realm. */
      algorithm: DigestAlgorithm;
      /** True when this retry only follows a stale=true (new nonce, same credentials). */
      stale: boolean;
    }
  | { ok: false; reason: AuthorizeFailureReason; realm?: string };

interface Context {
  credentials: DigestUserCredentials;
  state: ClientAuthState;
  cnonce: () => string;
  method: string;
  uri: string;
}

type Fail = Extract<AuthorizeResult, { ok: false }>;
const failure = (reason: AuthorizeFailureReason, realm?: string): Fail =>
  realm === undefined ? { ok: false, reason } : { ok: false, reason, realm };

/**
 * The request to resend after `challengeResponse` (a 401 or 407 to `request`).
 * `state` carries nonce-counts across requests; keep one per account or trunk.
 * Throws RangeError when the username cannot be written in a header.
 */
export function authorize(
  request: SipRequest,
  challengeResponse: SipResponse,
  credentials: DigestUserCredentials,
  state: ClientAuthState,
  options: AuthorizeOptions = {},
): AuthorizeResult {
  if (request.method === 'ACK' || request.method === 'CANCEL') return failure('not-challengeable');
  const status = challengeResponse.status;
  if (status !== 401 && status !== 407) return failure('not-a-challenge');
  if (!sameTransaction(request, challengeResponse)) return failure('mismatched-response');
  const kind: CredentialHeaderName = status === 401 ? 'Authorization' : 'Proxy-Authorization';
  const values = getHeaders(challengeResponse, status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate');
  if (values.length === 0) return failure('not-a-challenge');
  const chosen = chooseChallenges(values, credentials, options.algorithms ?? DIGEST_ALGORITHMS);
  if (chosen.length === 0) return failure('no-supported-challenge');
  const previous = credentialsByRealm(getHeaders(request, kind));
  for (const ch of chosen) {
    const prev = previous.get(ch.realm);
    // RFC 2617 §3.2.1: only stale=true (with a new nonce) means "same credentials, new nonce"
    if (prev !== undefined && prev.username === credentials.username && (!ch.stale || ch.nonce === prev.nonce)) {
      return failure('rejected', ch.realm);
    }
  }
  const ctx: Context = { credentials, state, cnonce: options.cnonce ?? randomCnonce, method: request.method, uri: request.uri };
  const headers = carriedHeaders(request, new Set(chosen.map((ch) => credentialKey(kind, ch.realm))), ctx);
  for (const ch of chosen) {
    remember(state.challenges, credentialKey(kind, ch.realm), ch, state.limit);
    headers.push({ name: kind, value: credentialsFor(ch, ctx) });
  }
  const next = createRequest({ method: request.method, uri: request.uri, headers, body: request.body });
  next.version = request.version;
  return { ok: true, request: next, realms: chosen.map((c) => c.realm), algorithm: chosen[0]!.algorithm!, stale: chosen.every((c) => c.stale) };
}

function sameTransaction(request: SipRequest, response: SipResponse): boolean {
  const a = attempt(() => [getCallId(request), getCSeq(request)] as const);
  const b = attempt(() => [getCallId(response), getCSeq(response)] as const);
  if (!a.ok || !b.ok) return false;
  const [idA, cseqA] = a.value;
  const [idB, cseqB] = b.value;
  return idA === idB && cseqA.seq === cseqB.seq && cseqA.method === cseqB.method;
}

function usable(ch: DigestChallenge, credentials: DigestUserCredentials, allowed: readonly DigestAlgorithm[]): boolean {
  const alg = ch.algorithm;
  if (alg === undefined || !allowed.includes(alg)) return false;
  if (credentials.realm !== undefined && credentials.realm !== ch.realm) return false;
  // without qop there is no cnonce, which a -sess algorithm needs (RFC 2617 §3.2.2.2)
  if (ch.qop === undefined) return !isSessionAlgorithm(alg);
  return ch.qop.includes('auth');
}

/** Per realm (in order of first appearance) the strongest usable challenge; on a tie the first offered. */
function chooseChallenges(values: readonly string[], credentials: DigestUserCredentials, allowed: readonly DigestAlgorithm[]): DigestChallenge[] {
  const best = new Map<string, DigestChallenge>();
  for (const value of values) {
    const parsed = parseChallenges(value);
    if (!parsed.ok) continue; // one unreadable header does not hide the others
    for (const ch of parsed.value) {
      if (!usable(ch, credentials, allowed)) continue;
      const current = best.get(ch.realm);
      if (current === undefined || algorithmStrength(ch.algorithm!) > algorithmStrength(current.algorithm!)) {
        best.set(ch.realm, ch);
      }
    }
  }
  return [...best.values()];
}

function credentialsByRealm(values: readonly string[]): Map<string, DigestCredentials> {
  const out = new Map<string, DigestCredentials>();
  for (const v of values) {
    const parsed = parseCredentials(v);
    if (parsed.ok && !out.has(parsed.value.realm)) out.set(parsed.value.realm, parsed.value);
  }
  return out;
}

/** Credentials header value answering `ch` with the next nonce-count for its nonce. */
function credentialsFor(ch: DigestChallenge, ctx: Context): string {
  const algorithm = ch.algorithm!;
  const { username, password } = ctx.credentials;
  const ha1 = computeHa1(hashOf(algorithm), username, ch.realm, password);
  const withQop = ch.qop !== undefined;
  const nc = withQop ? nextNonceCount(ctx.state, ch.nonce) : undefined;
  const cnonce = withQop ? ctx.cnonce() : undefined;
  const qop = withQop ? 'auth' : undefined;
  const response = computeDigestResponse({ algorithm, ha1, method: ctx.method, uri: ctx.uri, nonce: ch.nonce, qop, nc, cnonce });
  // echo the algorithm only when the challenge named it (an RFC 2069 server may not know the parameter)
  const named = ch.params.some((p) => p.name === 'algorithm') ? algorithm : undefined;
  return formatCredentials({ username, realm: ch.realm, nonce: ch.nonce, uri: ctx.uri, response, algorithm: named, qop, nc, cnonce, opaque: ch.opaque });
}

/** The old request's header fields as the new request carries them (top Via without branch, see rewriteHeader). */
function carriedHeaders(request: SipRequest, answered: ReadonlySet<string>, ctx: Context): HeaderInit[] {
  const headers: HeaderInit[] = [];
  let topVia = true;
  for (const h of request.headers) {
    const name = canonicalHeaderName(h.name);
    if (name === 'Via' && topVia) {
      topVia = false;
      headers.push({ name, value: withoutBranch(h.value) });
      continue;
    }
    const replaced = rewriteHeader(name, h.value, answered, ctx);
    if (replaced !== null) headers.push(replaced);
  }
  return headers;
}

/**
 * One header of the old request in the new one: null to drop it. CSeq goes up
 * by one; credentials for a realm answered now are dropped (replaced);
 * credentials for a realm answered earlier (say a 401 then a 407) are
 * recomputed with the next nc, since resending them unchanged would be a
 * replay. Anything else is copied.
 */
function rewriteHeader(name: string, value: string, answered: ReadonlySet<string>, ctx: Context): HeaderInit | null {
  if (name === 'CSeq') {
    const cseq = attempt(() => readCSeq(value));
    return cseq.ok ? { name, value: formatCSeq({ seq: (cseq.value.seq + 1) % 2 ** 32, method: cseq.value.method }) } : { name, value };
  }
  if (name !== 'Authorization' && name !== 'Proxy-Authorization') return { name, value };
  const parsed = parseCredentials(value);
  if (!parsed.ok) return { name, value };
  const key = credentialKey(name, parsed.value.realm);
  if (answered.has(key)) return null;
  const cached = ctx.state.challenges.get(key);
  const { username, realm } = ctx.credentials;
  const mine = parsed.value.username === username && (realm === undefined || realm === parsed.value.realm);
  return cached !== undefined && mine ? { name, value: credentialsFor(cached, ctx) } : { name, value };
}

/** The top Via without its branch parameter (other Via values are untouched). */
function withoutBranch(value: string): string {
  const via = parseVia(value);
  if (!via.ok) return value;
  return formatVia({ ...via.value, params: via.value.params.filter((p) => p.name.toLowerCase() !== 'branch') });
}
