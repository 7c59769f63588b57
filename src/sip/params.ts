// Header parameters: *( SEMI generic-param ) with
// generic-param = token [ EQUAL gen-value ], gen-value = token / host / quoted-string
// (RFC 3261 §25.1; SEMI and EQUAL allow surrounding LWS).

import { TOKEN, fail, readQuoted, skipWs, spanClass } from './chars.ts';
import { isIPv6Address } from './host.ts';

export interface HeaderParam {
  name: string;
  /**
   * undefined for a flag parameter (";lr"). A quoted-string value keeps its
   * quotes, exactly as written; use unquote() for the text.
   */
  value: string | undefined;
}

/**
 * Reads parameters from s[from] to the end of s. Throws SipParseError on an
 * empty parameter (";;"), a missing value after "=", or trailing junk.
 */
export function readParams(s: string, from: number, what: string): HeaderParam[] {
  const params: HeaderParam[] = [];
  let i = skipWs(s, from);
  while (i < s.length) {
    if (s.charCodeAt(i) !== 0x3b) fail(`unexpected "${s[i]}" in ${what} parameters`);
    i = skipWs(s, i + 1);
    const nameEnd = spanClass(s, i, TOKEN);
    if (nameEnd === i) fail(`empty parameter in ${what}`);
    const name = s.slice(i, nameEnd);
    i = skipWs(s, nameEnd);
    let value: string | undefined;
    if (i < s.length && s.charCodeAt(i) === 0x3d) {
      i = skipWs(s, i + 1);
      const c = s.charCodeAt(i);
      let end: number;
      if (c === 0x22) {
        end = readQuoted(s, i).end;
      } else if (c === 0x5b) {
        end = s.indexOf(']', i) + 1;
        if (end === 0 || !isIPv6Address(s.slice(i + 1, end - 1))) fail(`invalid IPv6 reference in ${what}`);
      } else {
        end = spanClass(s, i, TOKEN);
        // via-received allows a bare IPv6address (RFC 3261 §20.42, §25.1)
        while (s.charCodeAt(end) === 0x3a && name.length === 8 && name.toLowerCase() === 'received') {
          end = spanClass(s, end + 1, TOKEN);
        }
        if (end === i) fail(`missing value for parameter "${name}" in ${what}`);
      }
      value = s.slice(i, end);
      i = skipWs(s, end);
    }
    params.push({ name, value });
  }
  return params;
}

/** Case-insensitive lookup (parameter names are case-insensitive, RFC 3261 §7.3.1). */
export function findParam(params: readonly HeaderParam[], name: string): HeaderParam | undefined {
  const lower = name.toLowerCase();
  for (const p of params) {
    if (p.name.length === lower.length && p.name.toLowerCase() === lower) return p;
  }
  return undefined;
}

/** Text of a parameter value: quotes and quoted-pairs removed. */
export function unquote(value: string): string {
  return value.charCodeAt(0) === 0x22 ? readQuoted(value, 0).text : value;
}

export function formatParams(params: readonly HeaderParam[]): string {
  let out = '';
  for (const p of params) out += p.value === undefined ? `;${p.name}` : `;${p.name}=${p.value}`;
  return out;
}
