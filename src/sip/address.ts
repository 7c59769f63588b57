// name-addr / addr-spec with header parameters (RFC 3261 §20.10, §20.20, §20.39,
// §25.1): From, To, Contact, Route, Record-Route, Reply-To, Refer-To …

import { TOKEN, fail, parseDigits, quote, readQuoted, skipWs, spanClass, trimWs } from './chars.ts';
import { attempt } from './errors.ts';
import type { Result } from './errors.ts';
import { findParam, formatParams, readParams } from './params.ts';
import type { HeaderParam } from './params.ts';
import { formatUri, readUri } from './uri.ts';
import type { Uri } from './uri.ts';

export interface NameAddr {
  /** Display name text (quotes and quoted-pairs removed); undefined when absent. */
  displayName: string | undefined;
  uri: Uri;
  /** True when written as name-addr (URI in angle brackets). */
  bracketed: boolean;
  /** Header parameters (after the URI, or after ">"). */
  params: HeaderParam[];
}

/** From / To: a NameAddr with its tag (RFC 3261 §19.3). */
export interface PartyHeader extends NameAddr {
  tag: string | undefined;
}

export interface ContactHeader extends NameAddr {
  /** q parameter (RFC 3261 §20.10), 0..1. */
  q: number | undefined;
  /** expires parameter in seconds. */
  expires: number | undefined;
}

const MAX_DELTA_SECONDS = 0xffffffff;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * ( name-addr / addr-spec ) *( SEMI generic-param ). Throws SipParseError.
 * With requireBrackets (Route, Record-Route: rec-route = name-addr …) the
 * addr-spec form is rejected.
 */
export function readNameAddr(s: string, what: string, requireBrackets = false): NameAddr {
  let i = skipWs(s, 0);
  let displayName: string | undefined;
  let laquot = -1;
  if (s.charCodeAt(i) === 0x22) {
    // display-name = quoted-string
    const q = readQuoted(s, i);
    displayName = q.text;
    laquot = skipWs(s, q.end);
    if (s.charCodeAt(laquot) !== 0x3c) fail(`expected "<" after display name in ${what}`);
  } else {
    // display-name = *(token LWS); decide name-addr vs addr-spec by what ends the tokens
    let j = i;
    for (;;) {
      const k = spanClass(s, j, TOKEN);
      if (k === j) break;
      j = skipWs(s, k);
    }
    if (s.charCodeAt(j) === 0x3c) {
      laquot = j;
      const text = trimWs(s.slice(i, j));
      displayName = text.length > 0 ? text : undefined;
    }
  }
  let uriText: string;
  let rest: number;
  if (laquot >= 0) {
    const close = s.indexOf('>', laquot + 1);
    if (close < 0) fail(`missing ">" in ${what}`);
    uriText = s.slice(laquot + 1, close);
    for (let k = 0; k < uriText.length; k++) {
      if (isWs(uriText.charCodeAt(k))) fail(`whitespace inside <addr-spec> in ${what}`);
    }
    rest = close + 1;
  } else {
    if (requireBrackets) fail(`${what} requires a name-addr (<URI>)`);
    let end = i;
    while (end < s.length) {
      const c = s.charCodeAt(end);
      if (c === 0x3b || isWs(c)) break;
      end++;
    }
    uriText = s.slice(i, end);
    // RFC 3261 §20.10: a URI with a comma, question mark or semicolon must be in <>
    if (uriText.indexOf('?') >= 0 || uriText.indexOf(',') >= 0) fail(`URI with "?" or "," not in <> in ${what}`);
    rest = end;
  }
  if (uriText.length === 0) fail(`empty URI in ${what}`);
  const uri = readUri(uriText);
  const params = readParams(s, rest, what);
  return { displayName, uri, bracketed: laquot >= 0, params };
}

export function readPartyHeader(s: string, what: string): PartyHeader {
  const { displayName, uri, bracketed, params } = readNameAddr(s, what);
  const tag = findParam(params, 'tag');
  if (tag !== undefined && (tag.value === undefined || tag.value.charCodeAt(0) === 0x22)) {
    fail(`${what} tag must be a token`);
  }
  return { displayName, uri, bracketed, params, tag: tag?.value };
}

/** qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) (RFC 3261 §25.1). */
export function parseQValue(v: string): number | undefined {
  const c0 = v.charCodeAt(0);
  if (v.length === 0 || v.length > 5 || (c0 !== 0x30 && c0 !== 0x31)) return undefined;
  if (v.length > 1) {
    if (v.charCodeAt(1) !== 0x2e) return undefined;
    for (let i = 2; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c < 0x30 || c > 0x39 || (c0 === 0x31 && c !== 0x30)) return undefined;
    }
  }
  return Number(v);
}

export function readContactHeader(s: string): ContactHeader {
  const { displayName, uri, bracketed, params } = readNameAddr(s, 'Contact');
  const qParam = findParam(params, 'q');
  const expiresParam = findParam(params, 'expires');
  let q: number | undefined;
  let expires: number | undefined;
  if (qParam !== undefined) {
    q = qParam.value === undefined ? undefined : parseQValue(qParam.value);
    if (q === undefined) fail('invalid q value in Contact');
  }
  if (expiresParam !== undefined) {
    expires = expiresParam.value === undefined ? -1 : parseDigits(expiresParam.value, MAX_DELTA_SECONDS);
    if (expires < 0) fail('invalid expires value in Contact');
  }
  return { displayName, uri, bracketed, params, q, expires };
}

export function parseNameAddr(s: string): Result<NameAddr> {
  return attempt(() => readNameAddr(s, 'name-addr'));
}

/** Serializes as name-addr (always bracketed, which is always legal). */
export function formatNameAddr(na: Pick<NameAddr, 'displayName' | 'uri' | 'params'>): string {
  const dn = na.displayName === undefined ? '' : `${quote(na.displayName)} `;
  return `${dn}<${formatUri(na.uri)}>${formatParams(na.params)}`;
}
