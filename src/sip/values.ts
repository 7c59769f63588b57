// Scalar header values: CSeq (§20.16), Call-ID (§20.8), Max-Forwards (§20.22),
// Content-Length (§20.14), Expires (§20.19), Date (§20.17), Content-Type /
// Accept media types (§20.15, §20.1) and option tags (§20.32, §20.37). RFC 3261.

import { TOKEN, WORD, fail, isToken, parseDigits, skipWs, spanClass, trimWs } from './chars.ts';
import { attempt } from './errors.ts';
import type { Result } from './errors.ts';
import { readParams } from './params.ts';
import type { HeaderParam } from './params.ts';

export const MAX_CSEQ = 0xffffffff;
export const MAX_DELTA_SECONDS = 0xffffffff;

export interface CSeqHeader {
  seq: number;
  method: string;
}

/** CSeq = 1*DIGIT LWS Method; the number must fit 32 bits (RFC 4475 §3.1.2.4). */
export function readCSeq(s: string): CSeqHeader {
  const start = skipWs(s, 0);
  let i = start;
  while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  const seq = parseDigits(s.slice(start, i), MAX_CSEQ);
  if (seq < 0) fail(i === start ? 'CSeq has no sequence number' : 'CSeq number out of range');
  const m = skipWs(s, i);
  if (m === i) fail('missing whitespace in CSeq');
  const end = spanClass(s, m, TOKEN);
  if (end === m || skipWs(s, end) !== s.length) fail('invalid CSeq method');
  return { seq, method: s.slice(m, end) };
}

export function parseCSeq(s: string): Result<CSeqHeader> {
  return attempt(() => readCSeq(s));
}

export function formatCSeq(c: CSeqHeader): string {
  return `${c.seq} ${c.method}`;
}

/** callid = word [ "@" word ] */
export function readCallId(s: string): string {
  const v = trimWs(s);
  const w1 = spanClass(v, 0, WORD);
  if (w1 === 0) fail('empty Call-ID');
  if (w1 < v.length) {
    if (v.charCodeAt(w1) !== 0x40) fail('invalid character in Call-ID');
    const w2 = spanClass(v, w1 + 1, WORD);
    if (w2 === w1 + 1 || w2 !== v.length) fail('invalid Call-ID');
  }
  return v;
}

function readBoundedNumber(s: string, max: number, what: string): number {
  const n = parseDigits(trimWs(s), max);
  if (n < 0) fail(`invalid ${what} value`);
  return n;
}

/** Max-Forwards = 1*DIGIT, at most 255 (RFC 4475 §3.1.2.4). */
export function readMaxForwards(s: string): number {
  return readBoundedNumber(s, 255, 'Max-Forwards');
}

/** Content-Length = 1*DIGIT; `max` is the receiver's body limit. */
export function readContentLength(s: string, max: number = Number.MAX_SAFE_INTEGER): number {
  return readBoundedNumber(s, max, 'Content-Length');
}

/** Expires = delta-seconds, 0 .. 2**32-1 (RFC 3261 §20.19). */
export function readExpires(s: string): number {
  return readBoundedNumber(s, MAX_DELTA_SECONDS, 'Expires');
}

const WKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function twoDigits(s: string, at: number, max: number): number {
  const n = parseDigits(s.slice(at, at + 2), max);
  if (n < 0) fail('invalid Date');
  return n;
}

/**
 * SIP-date = rfc1123-date = wkday "," SP date1 SP time SP "GMT" (RFC 3261 §20.17).
 * Only GMT is allowed (RFC 4475 §3.1.2.12). Returns epoch milliseconds.
 */
export function readDate(s: string): number {
  const v = trimWs(s);
  // "Sat, 13 Nov 2010 23:29:00 GMT" is exactly 29 chars
  if (v.length !== 29 || v[3] !== ',' || v[4] !== ' ' || v[7] !== ' ' || v[11] !== ' ' || v[16] !== ' ') {
    fail('invalid Date');
  }
  if (!WKDAYS.includes(v.slice(0, 3)) || v[19] !== ':' || v[22] !== ':' || v[25] !== ' ') fail('invalid Date');
  if (v.slice(26) !== 'GMT') fail('Date must be in GMT');
  const month = MONTHS.indexOf(v.slice(8, 11));
  const year = parseDigits(v.slice(12, 16), 9999);
  if (month < 0 || year < 0) fail('invalid Date');
  const day = twoDigits(v, 5, 31);
  const ms = Date.UTC(year, month, day, twoDigits(v, 17, 23), twoDigits(v, 20, 59), twoDigits(v, 23, 60));
  if (day === 0 || new Date(ms).getUTCDate() !== day) fail('invalid Date');
  return ms;
}

export interface MediaType {
  /** Lower-cased m-type, e.g. "application" (or "*" in Accept). */
  type: string;
  /** Lower-cased m-subtype, e.g. "sdp". */
  subtype: string;
  params: HeaderParam[];
}

/** media-type = m-type SLASH m-subtype *(SEMI m-parameter) (RFC 3261 §20.15, §25.1). */
export function readMediaType(s: string, what = 'Content-Type'): MediaType {
  let i = skipWs(s, 0);
  const typeEnd = spanClass(s, i, TOKEN);
  if (typeEnd === i) fail(`invalid ${what}`);
  const type = s.slice(i, typeEnd).toLowerCase();
  i = skipWs(s, typeEnd);
  if (s.charCodeAt(i) !== 0x2f) fail(`invalid ${what}`);
  i = skipWs(s, i + 1);
  const subEnd = spanClass(s, i, TOKEN);
  if (subEnd === i) fail(`invalid ${what}`);
  const subtype = s.slice(i, subEnd).toLowerCase();
  const params = readParams(s, subEnd, what);
  return { type, subtype, params };
}

export function parseMediaType(s: string): Result<MediaType> {
  return attempt(() => readMediaType(s));
}

/** option-tag = token (Require, Proxy-Require, Supported, Unsupported values). */
export function readOptionTag(s: string): string {
  const v = trimWs(s);
  if (!isToken(v)) fail(`invalid option-tag "${v}"`);
  return v;
}

/**
 * Scheme of an Authorization / Proxy-Authorization / WWW-Authenticate value
 * (credentials = ("Digest" LWS digest-response) / other-response, RFC 3261 §25.1).
 * The rest is left to the auth layer; an unknown scheme is not a syntax error
 * (RFC 4475 §3.3.7).
 */
export function readAuthScheme(s: string): string {
  const i = skipWs(s, 0);
  const end = spanClass(s, i, TOKEN);
  if (end === i) fail('missing authentication scheme');
  return s.slice(i, end);
}

export function parseAuthScheme(s: string): Result<string> {
  return attempt(() => readAuthScheme(s));
}
