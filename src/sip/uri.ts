// URIs: SIP and SIPS (RFC 3261 §19.1, §25.1), tel (RFC 3966), and any other
// absoluteURI (kept opaque so a server can answer 416, RFC 3261 §8.2.2.1).

import {
  ALNUM,
  ALPHA,
  DIGIT,
  HEX,
  HNV_UNRESERVED,
  PARAM_UNRESERVED,
  PASSWORD_EXTRA,
  RESERVED,
  UNRESERVED,
  USER_UNRESERVED,
  escapeChars,
  fail,
  hasClass,
  unescapeChecked,
} from './chars.ts';
import { attempt } from './errors.ts';
import type { Result } from './errors.ts';
import { formatHostPort, readHostPort } from './host.ts';
import type { HostType } from './host.ts';

/** A uri-parameter or uri-header; names and values are %-decoded. */
export interface UriParam {
  name: string;
  /** undefined for a parameter without "=value" (e.g. ";lr"). */
  value: string | undefined;
}

export interface SipUri {
  kind: 'sip';
  scheme: 'sip' | 'sips';
  /** %-decoded user part; undefined when there is no userinfo. */
  user: string | undefined;
  password: string | undefined;
  /** As written; IPv6 references keep their brackets. */
  host: string;
  hostType: HostType;
  port: number | undefined;
  params: UriParam[];
  headers: UriParam[];
}

export interface TelUri {
  kind: 'tel';
  scheme: 'tel';
  /** telephone-subscriber number part as written, e.g. "+1-201-555-0123". */
  number: string;
  global: boolean;
  params: UriParam[];
}

/** Any other scheme: parsed only as far as RFC 3261 absoluteURI allows. */
export interface OtherUri {
  kind: 'other';
  /** Lower-cased scheme. */
  scheme: string;
  /** Everything after "scheme:", as written. */
  opaque: string;
}

export type Uri = SipUri | TelUri | OtherUri;

const USER_CHARS = UNRESERVED | USER_UNRESERVED;
const PASSWORD_CHARS = UNRESERVED | PASSWORD_EXTRA;
const PARAM_CHARS = UNRESERVED | PARAM_UNRESERVED;
const HNV_CHARS = UNRESERVED | HNV_UNRESERVED;
const URIC = UNRESERVED | RESERVED;

/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ); returns index of ":" or -1. */
function schemeEnd(s: string): number {
  if (s.length === 0 || !hasClass(s.charCodeAt(0), ALPHA)) return -1;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3a) return i;
    if (!hasClass(c, ALNUM) && c !== 0x2b && c !== 0x2d && c !== 0x2e) return -1;
  }
  return -1;
}

/** Parses a URI; throws SipParseError. Use parseUri for a Result. */
export function readUri(s: string): Uri {
  const colon = schemeEnd(s);
  if (colon < 0) fail(`invalid URI scheme in "${s.slice(0, 64)}"`);
  const scheme = s.slice(0, colon).toLowerCase();
  if (scheme === 'sip' || scheme === 'sips') return readSipUri(s, colon + 1, scheme);
  if (scheme === 'tel') return readTelUri(s, colon + 1);
  return readOtherUri(s, colon + 1, scheme);
}

export function parseUri(s: string): Result<Uri> {
  return attempt(() => readUri(s));
}

function readSipUri(s: string, from: number, scheme: 'sip' | 'sips'): SipUri {
  let user: string | undefined;
  let password: string | undefined;
  let p = from;
  const at = s.indexOf('@', from);
  if (at >= 0) {
    // userinfo = ( user / telephone-subscriber ) [ ":" password ] "@"
    const colon = s.indexOf(':', from);
    const userEnd = colon >= 0 && colon < at ? colon : at;
    if (userEnd === from) fail('empty user part in SIP URI');
    user = unescapeChecked(s, from, userEnd, USER_CHARS, 'URI user');
    if (userEnd < at) password = unescapeChecked(s, userEnd + 1, at, PASSWORD_CHARS, 'URI password');
    p = at + 1;
  }
  let hostEnd = p;
  while (hostEnd < s.length) {
    const c = s.charCodeAt(hostEnd);
    if (c === 0x3b || c === 0x3f) break;
    if (c === 0x5b) {
      const close = s.indexOf(']', hostEnd);
      hostEnd = close < 0 ? s.length : close + 1;
      continue;
    }
    hostEnd++;
  }
  if (hostEnd === p) fail('missing host in SIP URI');
  const hp = readHostPort(s, p, hostEnd, 'SIP URI');
  const params: UriParam[] = [];
  const headers: UriParam[] = [];
  p = hostEnd;
  // uri-parameters = *( ";" uri-parameter ), uri-parameter = pname [ "=" pvalue ]
  while (p < s.length && s.charCodeAt(p) === 0x3b) {
    const end = indexOfEither(s, p + 1, 0x3b, 0x3f);
    params.push(readPair(s, p + 1, end, PARAM_CHARS, 'URI parameter', false));
    p = end;
  }
  if (p < s.length) {
    // headers = "?" header *( "&" header ), header = hname "=" hvalue
    p++;
    for (;;) {
      let end = s.indexOf('&', p);
      if (end < 0) end = s.length;
      headers.push(readPair(s, p, end, HNV_CHARS, 'URI header', true));
      if (end >= s.length) break;
      p = end + 1;
    }
  }
  return { kind: 'sip', scheme, user, password, host: hp.host, hostType: hp.hostType, port: hp.port, params, headers };
}

function indexOfEither(s: string, from: number, a: number, b: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === a || c === b) return i;
  }
  return s.length;
}

function readPair(s: string, from: number, to: number, chars: number, what: string, needsValue: boolean): UriParam {
  let eq = s.indexOf('=', from);
  if (eq >= to) eq = -1;
  const nameEnd = eq < 0 ? to : eq;
  if (nameEnd === from) fail(`empty ${what} name`);
  const name = unescapeChecked(s, from, nameEnd, chars, what);
  if (eq < 0) {
    if (needsValue) fail(`${what} without "="`);
    return { name, value: undefined };
  }
  // pvalue = 1*paramchar; hvalue = *( hnv-unreserved / unreserved / escaped )
  if (eq + 1 === to && !needsValue) fail(`empty ${what} value`);
  return { name, value: unescapeChecked(s, eq + 1, to, chars, what) };
}

/** RFC 3966 telephone-subscriber with parameters (phone-context required for local numbers). */
function readTelUri(s: string, from: number): TelUri {
  let end = s.indexOf(';', from);
  if (end < 0) end = s.length;
  const number = s.slice(from, end);
  const global = number.charCodeAt(0) === 0x2b;
  let significant = 0;
  for (let i = global ? 1 : 0; i < number.length; i++) {
    const c = number.charCodeAt(i);
    const visual = c === 0x2d || c === 0x2e || c === 0x28 || c === 0x29;
    const ok = global ? hasClass(c, DIGIT) : hasClass(c, HEX) || c === 0x2a || c === 0x23;
    if (ok) significant++;
    else if (!visual) fail('invalid character in tel URI number');
  }
  if (significant === 0) fail('empty tel URI number');
  const params: UriParam[] = [];
  let p = end;
  while (p < s.length) {
    let next = s.indexOf(';', p + 1);
    if (next < 0) next = s.length;
    const param = readPair(s, p + 1, next, PARAM_CHARS, 'tel URI parameter', false);
    for (let i = 0; i < param.name.length; i++) {
      const c = param.name.charCodeAt(i);
      if (!hasClass(c, ALNUM) && c !== 0x2d) fail('invalid tel URI parameter name');
    }
    params.push(param);
    p = next;
  }
  if (!global && !params.some((q) => q.name.toLowerCase() === 'phone-context')) {
    fail('local tel URI without phone-context');
  }
  return { kind: 'tel', scheme: 'tel', number, global, params };
}

function readOtherUri(s: string, from: number, scheme: string): OtherUri {
  if (from >= s.length) fail(`empty ${scheme} URI`);
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      if (!hasClass(s.charCodeAt(i + 1), HEX) || !hasClass(s.charCodeAt(i + 2), HEX)) fail('bad %-escape in URI');
      i += 2;
    } else if (!hasClass(c, URIC) && c !== 0x5b && c !== 0x5d) {
      fail(`invalid character in ${scheme} URI`);
    }
  }
  return { kind: 'other', scheme, opaque: s.slice(from) };
}

/** Case-insensitive parameter lookup (RFC 3261 §19.1.4). */
export function uriParam(uri: Uri, name: string): UriParam | undefined {
  if (uri.kind === 'other') return undefined;
  const lower = name.toLowerCase();
  for (const p of uri.params) if (p.name.toLowerCase() === lower) return p;
  return undefined;
}

export function isSipUri(uri: Uri): uri is SipUri {
  return uri.kind === 'sip';
}

function formatPairs(list: readonly UriParam[], lead: string, sep: string, chars: number): string {
  let out = '';
  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    out += (i === 0 ? lead : sep) + escapeChars(p.name, chars);
    if (p.value !== undefined) out += '=' + escapeChars(p.value, chars);
  }
  return out;
}

/** Serializes a URI, %-escaping only what the grammar requires. */
export function formatUri(uri: Uri): string {
  if (uri.kind === 'other') return `${uri.scheme}:${uri.opaque}`;
  if (uri.kind === 'tel') return `tel:${uri.number}${formatPairs(uri.params, ';', ';', PARAM_CHARS)}`;
  let out = uri.scheme + ':';
  if (uri.user !== undefined) {
    out += escapeChars(uri.user, USER_CHARS);
    if (uri.password !== undefined) out += ':' + escapeChars(uri.password, PASSWORD_CHARS);
    out += '@';
  }
  out += formatHostPort(uri.host, uri.port);
  out += formatPairs(uri.params, ';', ';', PARAM_CHARS);
  out += formatPairs(uri.headers, '?', '&', HNV_CHARS);
  return out;
}
