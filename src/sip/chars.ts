// Character classes and small scanners shared by the SIP value parsers.
// Grammar: RFC 3261 §25.1 (basic rules). Every scanner is a linear loop over a
// lookup table: no regular expressions, so no backtracking on hostile input.

import { isUtf8 } from 'node:buffer';
import { SipParseError } from './errors.ts';

export const ALNUM = 1 << 0;
/** mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")" */
export const MARK = 1 << 1;
/** token chars: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" */
export const TOKEN = 1 << 2;
/** user-unreserved = "&" / "=" / "+" / "$" / "," / ";" / "?" / "/" */
export const USER_UNRESERVED = 1 << 3;
/** password extras: "&" / "=" / "+" / "$" / "," */
export const PASSWORD_EXTRA = 1 << 4;
/** param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$" */
export const PARAM_UNRESERVED = 1 << 5;
/** hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$" */
export const HNV_UNRESERVED = 1 << 6;
/** word chars (Call-ID): token chars plus ( ) < > : \ DQUOTE / [ ] ? { } */
export const WORD = 1 << 7;
/** reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / "," */
export const RESERVED = 1 << 8;
export const HEX = 1 << 9;
export const DIGIT = 1 << 10;
export const ALPHA = 1 << 11;

export const UNRESERVED = ALNUM | MARK;

const TABLE = new Uint16Array(128);

function mark(chars: string, flag: number): void {
  for (let i = 0; i < chars.length; i++) TABLE[chars.charCodeAt(i)]! |= flag;
}

(function init(): void {
  for (let c = 0x30; c <= 0x39; c++) TABLE[c]! |= ALNUM | TOKEN | WORD | HEX | DIGIT;
  for (let c = 0x41; c <= 0x5a; c++) TABLE[c]! |= ALNUM | TOKEN | WORD | ALPHA;
  for (let c = 0x61; c <= 0x7a; c++) TABLE[c]! |= ALNUM | TOKEN | WORD | ALPHA;
  mark('abcdefABCDEF', HEX);
  mark("-_.!~*'()", MARK);
  mark("-.!%*_+`'~", TOKEN | WORD);
  mark('()<>:\\"/[]?{}', WORD);
  mark('&=+$,;?/', USER_UNRESERVED);
  mark('&=+$,', PASSWORD_EXTRA);
  mark('[]/:&+$', PARAM_UNRESERVED);
  mark('[]/?:+$', HNV_UNRESERVED);
  mark(';/?:@&=+$,', RESERVED);
})();

export function hasClass(code: number, flags: number): boolean {
  return code < 128 && (TABLE[code]! & flags) !== 0;
}

/** Index of the first char at or after `from` that is not in `flags`. */
export function spanClass(s: string, from: number, flags: number): number {
  let i = from;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (TABLE[c]! & flags) === 0) break;
    i++;
  }
  return i;
}

export function isToken(s: string): boolean {
  return s.length > 0 && spanClass(s, 0, TOKEN) === s.length;
}

/** Skips SP and HTAB (LWS after unfolding, RFC 3261 §25.1). */
export function skipWs(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) break;
    i++;
  }
  return i;
}

/** Trims SP/HTAB on both sides (String#trim would also eat other Unicode spaces). */
export function trimWs(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 0x20 || s.charCodeAt(a) === 0x09)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 0x20 || s.charCodeAt(b - 1) === 0x09)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

export function fail(reason: string): never {
  throw new SipParseError(reason);
}

export interface Quoted {
  /** Index just after the closing DQUOTE. */
  end: number;
  /** Content with quoted-pairs resolved. */
  text: string;
}

/**
 * quoted-string = SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE (RFC 3261 §25.1).
 * `s[from]` must be the opening DQUOTE. qdtext excludes raw control characters;
 * quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F).
 */
export function readQuoted(s: string, from: number): Quoted {
  let i = from + 1;
  let segStart = i;
  let text = '';
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      text += s.slice(segStart, i);
      return { end: i + 1, text };
    }
    if (c === 0x5c) {
      const next = s.charCodeAt(i + 1);
      if (i + 1 >= n || next === 0x0a || next === 0x0d || next > 0x7f) fail('invalid quoted-pair');
      text += s.slice(segStart, i) + s[i + 1];
      i += 2;
      segStart = i;
      continue;
    }
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) fail('control character in quoted-string');
    i++;
  }
  return fail('unterminated quoted-string');
}

/** Quotes `text` as a quoted-string, escaping DQUOTE and backslash. */
export function quote(text: string): string {
  let out = '"';
  let seg = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) {
      out += text.slice(seg, i) + '\\' + text[i];
      seg = i + 1;
    }
  }
  return out + text.slice(seg) + '"';
}

/** Parses 1*DIGIT with an upper bound; returns -1 when not digits or over `max`. */
export function parseDigits(s: string, max: number): number {
  if (s.length === 0) return -1;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
    if (v > max) return -1;
  }
  return v;
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Checks that every char of s[from, to) is in `flags` or is an escape "%" HEX HEX,
 * then returns the %-decoded text (RFC 3261 §19.1.2, §25.1 escaped).
 * Decoded octets are read as UTF-8 when valid, else as Latin-1 (lossless).
 */
export function unescapeChecked(s: string, from: number, to: number, flags: number, what: string): string {
  let hasEscape = false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      if (i + 2 >= to || hexVal(s.charCodeAt(i + 1)) < 0 || hexVal(s.charCodeAt(i + 2)) < 0) {
        fail(`bad %-escape in ${what}`);
      }
      hasEscape = true;
      i += 2;
      continue;
    }
    if (c >= 128 || (TABLE[c]! & flags) === 0) fail(`invalid character in ${what}`);
  }
  if (!hasEscape) return s.slice(from, to);
  const bytes: number[] = [];
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      bytes.push(hexVal(s.charCodeAt(i + 1)) * 16 + hexVal(s.charCodeAt(i + 2)));
      i += 2;
    } else bytes.push(c);
  }
  const buf = Buffer.from(bytes);
  return buf.toString(isUtf8(buf) ? 'utf8' : 'latin1');
}

const HEXCHARS = '0123456789ABCDEF';

/** %-escapes every octet of `text` (UTF-8) that is not in `flags`. */
export function escapeChars(text: string, flags: number): string {
  let i = 0;
  while (i < text.length && hasClass(text.charCodeAt(i), flags)) i++;
  if (i === text.length) return text;
  let out = text.slice(0, i);
  for (const byte of Buffer.from(text.slice(i), 'utf8')) {
    if (hasClass(byte, flags)) out += String.fromCharCode(byte);
    else out += '%' + HEXCHARS[byte >> 4] + HEXCHARS[byte & 15];
  }
  return out;
}
