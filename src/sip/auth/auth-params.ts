// Generic scanner for authentication header values (RFC 7235 §2.1 and §4.1,
// RFC 3261 §25.1 challenge / credentials):
//   challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//   auth-param  = token BWS "=" BWS ( token / quoted-string )
// A WWW-Authenticate or Proxy-Authenticate value may hold several challenges
// separated by commas ("Digest realm=…, algorithm=MD5, Digest realm=…"); a name
// after a comma that is not followed by "=" starts the next challenge.
// Linear, no regular expressions; throws SipParseError (see attempt()).

import { TOKEN, fail, readQuoted, skipWs, spanClass } from '../chars.ts';
import { attempt } from '../errors.ts';
import type { Result } from '../errors.ts';

export interface AuthParam {
  /** Lower-cased parameter name (names are case-insensitive, RFC 7235 §2.1). */
  name: string;
  /** Text of the value: quotes and quoted-pairs removed. */
  value: string;
  /** True when the value was written as a quoted-string. */
  quoted: boolean;
}

export interface AuthItem {
  /** The auth-scheme as written ("Digest", "digest", "Basic" …). */
  scheme: string;
  /** token68 form (e.g. Basic credentials); undefined when parameters were used. */
  token68: string | undefined;
  params: AuthParam[];
}

const COMMA = 0x2c;
const EQUALS = 0x3d;
const DQUOTE = 0x22;

/** Skips whitespace and empty list elements ("a, , b" is allowed by the #rule, RFC 7230 §7). */
function skipSeparators(s: string, from: number): number {
  let i = skipWs(s, from);
  while (i < s.length && s.charCodeAt(i) === COMMA) i = skipWs(s, i + 1);
  return i;
}

/** token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
function token68End(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
      c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e || c === 0x2b || c === 0x2f;
    if (!ok) break;
    i++;
  }
  if (i === from) return from;
  while (s.charCodeAt(i) === EQUALS) i++;
  return i;
}

/**
 * Unquoted values: a token in the grammar, but peers write base64 nonces and
 * URIs bare, so any visible ASCII except DQUOTE, comma and backslash is taken.
 */
function bareValueEnd(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === DQUOTE || c === COMMA || c === 0x5c) break;
    i++;
  }
  return i;
}

/** True when s[from] starts `token BWS "="` followed by a value (i.e. an auth-param, not a token68 or a scheme). */
function startsParam(s: string, from: number): boolean {
  const nameEnd = spanClass(s, from, TOKEN);
  if (nameEnd === from) return false;
  const eq = skipWs(s, nameEnd);
  if (s.charCodeAt(eq) !== EQUALS) return false;
  const v = skipWs(s, eq + 1);
  // "abc==" is a token68, not abc with the value "=" (RFC 7235 §2.1)
  return v < s.length && s.charCodeAt(v) !== EQUALS && (s.charCodeAt(v) === DQUOTE || bareValueEnd(s, v) > v);
}

/** Reads one auth-param at `from`; returns the index after it. */
function readParam(s: string, from: number, out: AuthParam[]): number {
  const nameEnd = spanClass(s, from, TOKEN);
  const name = s.slice(from, nameEnd).toLowerCase();
  let i = skipWs(s, skipWs(s, nameEnd) + 1);
  let value: string;
  let quoted = false;
  if (s.charCodeAt(i) === DQUOTE) {
    const q = readQuoted(s, i);
    value = q.text;
    quoted = true;
    i = q.end;
  } else {
    const end = bareValueEnd(s, i);
    if (end === i) fail(`missing value for auth-param "${name}"`);
    value = s.slice(i, end);
    i = end;
  }
  for (const p of out) if (p.name === name) fail(`repeated auth-param "${name}"`);
  out.push({ name, value, quoted });
  return i;
}

/** Reads the params of one challenge; returns the index where the next challenge (if any) starts. */
function readParams(s: string, from: number, out: AuthParam[]): number {
  let i = from;
  for (let first = true; ; first = false) {
    i = skipWs(s, i);
    if (i >= s.length) return i;
    if (!startsParam(s, i)) {
      if (first || spanClass(s, i, TOKEN) === i) fail(`unexpected "${s[i]}" in authentication parameters`);
      return i; // a bare token after a comma: the next challenge's scheme
    }
    i = skipWs(s, readParam(s, i, out));
    if (i >= s.length) return i;
    if (s.charCodeAt(i) !== COMMA) fail(`unexpected "${s[i]}" after authentication parameter`);
    i = skipSeparators(s, i);
  }
}

/** Every challenge (or the credentials) in one header value, in order. Throws SipParseError. */
export function readAuthItems(s: string): AuthItem[] {
  const items: AuthItem[] = [];
  let i = skipSeparators(s, 0);
  while (i < s.length) {
    const schemeEnd = spanClass(s, i, TOKEN);
    if (schemeEnd === i) fail(`invalid authentication scheme at "${s.slice(i, i + 16)}"`);
    const item: AuthItem = { scheme: s.slice(i, schemeEnd), token68: undefined, params: [] };
    items.push(item);
    const j = skipWs(s, schemeEnd);
    if (j >= s.length) break;
    if (s.charCodeAt(j) === COMMA) {
      i = skipSeparators(s, j);
      continue;
    }
    if (j === schemeEnd) fail('missing space after authentication scheme');
    const t68 = token68End(s, j);
    const afterT68 = skipWs(s, t68);
    if (t68 > j && !startsParam(s, j) && (afterT68 >= s.length || s.charCodeAt(afterT68) === COMMA)) {
      item.token68 = s.slice(j, t68);
      i = skipSeparators(s, afterT68);
      continue;
    }
    i = readParams(s, j, item.params);
  }
  if (items.length === 0) fail('empty authentication header');
  return items;
}

export function parseAuthItems(s: string): Result<AuthItem[]> {
  return attempt(() => readAuthItems(s));
}

/** Case-insensitive parameter lookup. */
export function authParam(item: Pick<AuthItem, 'params'>, name: string): AuthParam | undefined {
  const lower = name.toLowerCase();
  for (const p of item.params) if (p.name === lower) return p;
  return undefined;
}
