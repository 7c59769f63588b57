// Typed Digest challenges (WWW-Authenticate / Proxy-Authenticate, RFC 3261
// §20.44 / §20.27, RFC 7616 §3.3) and credentials (Authorization /
// Proxy-Authorization, RFC 3261 §20.7 / §20.28, RFC 7616 §3.4), parsed from and
// formatted to header values. Parsers return Result<T> and never throw.

import { fail, isToken, quote } from '../chars.ts';
import { attempt } from '../errors.ts';
import type { Result } from '../errors.ts';
import { parseAlgorithm } from './algorithms.ts';
import type { DigestAlgorithm } from './algorithms.ts';
import { authParam, readAuthItems } from './auth-params.ts';
import type { AuthItem, AuthParam } from './auth-params.ts';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  /** Canonical algorithm; undefined when the parameter names one this engine does not know. */
  algorithm: DigestAlgorithm | undefined;
  /** The algorithm parameter as written ("MD5" when absent, RFC 2617 §3.2.1). */
  algorithmName: string;
  /** Lower-cased qop-options; undefined when absent (RFC 2069 compatibility). */
  qop: string[] | undefined;
  opaque: string | undefined;
  /** stale=true (case-insensitive, RFC 2617 §3.2.1). */
  stale: boolean;
  domain: string | undefined;
  /** Every parameter, for extensions. */
  params: AuthParam[];
}

export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  /** digest-uri, as written. */
  uri: string;
  /** request-digest, hex as written. */
  response: string;
  algorithm: DigestAlgorithm | undefined;
  algorithmName: string;
  /** Lower-cased message-qop; undefined when absent. */
  qop: string | undefined;
  /** nonce-count: exactly 8 hex digits when present. */
  nc: string | undefined;
  cnonce: string | undefined;
  opaque: string | undefined;
  params: AuthParam[];
}

/** What formatChallenge writes. */
export interface DigestChallengeInit {
  realm: string;
  nonce: string;
  algorithm?: DigestAlgorithm | undefined;
  /** Written as a quoted, comma-separated list (RFC 2617 §3.2.1). */
  qop?: readonly string[] | undefined;
  opaque?: string | undefined;
  stale?: boolean | undefined;
  domain?: string | undefined;
}

/** What formatCredentials writes. */
export interface DigestCredentialsInit {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm?: DigestAlgorithm | undefined;
  qop?: 'auth' | undefined;
  nc?: string | undefined;
  cnonce?: string | undefined;
  opaque?: string | undefined;
}

export function isDigestScheme(scheme: string): boolean {
  return scheme.length === 6 && scheme.toLowerCase() === 'digest';
}

function text(item: AuthItem, name: string): string | undefined {
  return authParam(item, name)?.value;
}

function required(item: AuthItem, name: string, what: string): string {
  const v = text(item, name);
  if (v === undefined) fail(`${what} has no ${name} parameter`);
  return v;
}

function algorithmOf(item: AuthItem): { algorithm: DigestAlgorithm | undefined; algorithmName: string } {
  const written = text(item, 'algorithm');
  return { algorithm: parseAlgorithm(written), algorithmName: written ?? 'MD5' };
}

function hasControl(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

/** Digest forbids token68; an escaped control character (quoted-pair of a NUL, say) could not be written back safely. */
function checkItem(item: AuthItem, what: string): void {
  if (item.token68 !== undefined) fail(`${what} must use parameters`);
  for (const p of item.params) if (hasControl(p.value)) fail(`control character in ${what} parameter "${p.name}"`);
}

function toChallenge(item: AuthItem): DigestChallenge {
  checkItem(item, 'Digest challenge');
  const qop = text(item, 'qop');
  return {
    realm: required(item, 'realm', 'Digest challenge'),
    nonce: required(item, 'nonce', 'Digest challenge'),
    ...algorithmOf(item),
    qop: qop === undefined ? undefined : qop.split(',').map((q) => q.trim().toLowerCase()).filter((q) => q !== ''),
    opaque: text(item, 'opaque'),
    stale: text(item, 'stale')?.toLowerCase() === 'true',
    domain: text(item, 'domain'),
    params: item.params,
  };
}

const HEX8 = /^[0-9a-fA-F]{8}$/;

function toCredentials(item: AuthItem): DigestCredentials {
  const what = 'Digest credentials';
  checkItem(item, what);
  const qop = text(item, 'qop')?.toLowerCase();
  const nc = text(item, 'nc');
  const cnonce = text(item, 'cnonce');
  if (nc !== undefined && !HEX8.test(nc)) fail('Digest nc must be 8 hex digits');
  // RFC 2617 §3.2.2: cnonce and nc MUST be sent when qop is, and MUST NOT be otherwise
  if (qop !== undefined && (nc === undefined || cnonce === undefined)) fail('Digest qop without nc and cnonce');
  if (qop === undefined && nc !== undefined) fail('Digest nc without qop');
  return {
    username: required(item, 'username', what),
    realm: required(item, 'realm', what),
    nonce: required(item, 'nonce', what),
    uri: required(item, 'uri', what),
    response: required(item, 'response', what),
    ...algorithmOf(item),
    qop,
    nc,
    cnonce,
    opaque: text(item, 'opaque'),
    params: item.params,
  };
}

/** Digest challenges in one WWW-Authenticate / Proxy-Authenticate value; other schemes are skipped. */
export function readChallenges(value: string): DigestChallenge[] {
  const out: DigestChallenge[] = [];
  for (const item of readAuthItems(value)) if (isDigestScheme(item.scheme)) out.push(toChallenge(item));
  return out;
}

export function parseChallenges(value: string): Result<DigestChallenge[]> {
  return attempt(() => readChallenges(value));
}

/** The Digest credentials in one Authorization / Proxy-Authorization value (exactly one credential). */
export function readCredentials(value: string): DigestCredentials {
  const items = readAuthItems(value);
  if (items.length !== 1) fail('an Authorization value holds exactly one credential');
  const item = items[0]!;
  if (!isDigestScheme(item.scheme)) fail(`unsupported authentication scheme "${item.scheme.slice(0, 32)}"`);
  return toCredentials(item);
}

export function parseCredentials(value: string): Result<DigestCredentials> {
  return attempt(() => readCredentials(value));
}

/** Header values must not smuggle CR, LF or other controls (header injection). */
function quoted(v: string): string {
  if (hasControl(v)) throw new RangeError('control character in a Digest parameter');
  return quote(v);
}

function token(v: string, name: string): string {
  if (!isToken(v)) throw new RangeError(`Digest ${name} must be a token`);
  return v;
}

/** `Digest realm="…", nonce="…", algorithm=…, qop="auth"[, opaque="…"][, stale=true]`. Throws RangeError on bad input. */
export function formatChallenge(c: DigestChallengeInit): string {
  const parts = [`realm=${quoted(c.realm)}`];
  if (c.domain !== undefined) parts.push(`domain=${quoted(c.domain)}`);
  parts.push(`nonce=${quoted(c.nonce)}`);
  if (c.opaque !== undefined) parts.push(`opaque=${quoted(c.opaque)}`);
  if (c.stale === true) parts.push('stale=true');
  if (c.algorithm !== undefined) parts.push(`algorithm=${token(c.algorithm, 'algorithm')}`);
  if (c.qop !== undefined) parts.push(`qop=${quoted(c.qop.map((q) => token(q, 'qop')).join(','))}`);
  return `Digest ${parts.join(', ')}`;
}

/** `Digest username="…", realm="…", nonce="…", uri="…", response="…", …`. Throws RangeError on bad input. */
export function formatCredentials(c: DigestCredentialsInit): string {
  const parts = [
    `username=${quoted(c.username)}`,
    `realm=${quoted(c.realm)}`,
    `nonce=${quoted(c.nonce)}`,
    `uri=${quoted(c.uri)}`,
    `response=${quoted(c.response)}`,
  ];
  if (c.algorithm !== undefined) parts.push(`algorithm=${token(c.algorithm, 'algorithm')}`);
  if (c.cnonce !== undefined) parts.push(`cnonce=${quoted(c.cnonce)}`);
  if (c.opaque !== undefined) parts.push(`opaque=${quoted(c.opaque)}`);
  if (c.qop !== undefined) {
    if (c.nc === undefined || !HEX8.test(c.nc) || c.cnonce === undefined) {
      throw new RangeError('qop=auth needs an 8-hex-digit nc and a cnonce');
    }
    parts.push(`qop=${c.qop}`, `nc=${c.nc}`);
  }
  return `Digest ${parts.join(', ')}`;
}
