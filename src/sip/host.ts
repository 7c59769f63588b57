// host / hostport (RFC 3261 §25.1: hostname, IPv4address, IPv6reference).

import { isIPv6 } from 'node:net';
import { ALNUM, ALPHA, DIGIT, fail, hasClass, parseDigits } from './chars.ts';

export type HostType = 'domain' | 'ipv4' | 'ipv6';

export interface HostPort {
  /** As written; an IPv6 reference keeps its brackets: "[2001:db8::1]". */
  host: string;
  hostType: HostType;
  port: number | undefined;
}

/** IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each 0-255. */
export function isIPv4(s: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || value > 255) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return false;
      value = value * 10 + (c - 0x30);
    } else return false;
  }
  return parts === 4;
}

/** IPv6address without brackets (no zone id, which SIP does not allow). */
export function isIPv6Address(s: string): boolean {
  return s.length > 1 && s.indexOf('%') === -1 && isIPv6(s);
}

/**
 * hostname = *( domainlabel "." ) toplabel [ "." ]
 * domainlabel = alphanum / alphanum *( alphanum / "-" ) alphanum
 * toplabel = ALPHA / ALPHA *( alphanum / "-" ) alphanum
 */
export function isHostname(s: string): boolean {
  const n = s.length > 1 && s.charCodeAt(s.length - 1) === 0x2e ? s.length - 1 : s.length;
  if (n === 0) return false;
  let labelStart = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (i === labelStart) return false;
      if (s.charCodeAt(i - 1) === 0x2d) return false;
      labelStart = i + 1;
    } else if (c === 0x2d) {
      if (i === labelStart) return false;
    } else if (!hasClass(c, ALNUM)) return false;
  }
  // the last label (toplabel) must start with a letter
  const lastDot = s.lastIndexOf('.', n - 1);
  return hasClass(s.charCodeAt(lastDot + 1), ALPHA);
}

/** Classifies a host (IPv6 with brackets). Returns undefined when invalid. */
export function hostType(host: string): HostType | undefined {
  if (host.length === 0) return undefined;
  const c = host.charCodeAt(0);
  if (c === 0x5b) {
    return host.charCodeAt(host.length - 1) === 0x5d && isIPv6Address(host.slice(1, -1)) ? 'ipv6' : undefined;
  }
  if (hasClass(c, DIGIT) && isIPv4(host)) return 'ipv4';
  return isHostname(host) ? 'domain' : undefined;
}

/** hostport = host [ ":" port ] over s[from, to); no whitespace allowed. */
export function readHostPort(s: string, from: number, to: number, what: string): HostPort {
  let hostEnd: number;
  let portStart = -1;
  if (s.charCodeAt(from) === 0x5b) {
    const close = s.indexOf(']', from);
    if (close < 0 || close >= to) fail(`unterminated IPv6 reference in ${what}`);
    hostEnd = close + 1;
    if (hostEnd < to) {
      if (s.charCodeAt(hostEnd) !== 0x3a) fail(`junk after IPv6 reference in ${what}`);
      portStart = hostEnd + 1;
    }
  } else {
    const colon = s.indexOf(':', from);
    hostEnd = colon >= 0 && colon < to ? colon : to;
    if (hostEnd < to) portStart = hostEnd + 1;
  }
  const host = s.slice(from, hostEnd);
  const type = hostType(host);
  if (type === undefined) fail(`invalid host "${host}" in ${what}`);
  let port: number | undefined;
  if (portStart >= 0) {
    port = parseDigits(s.slice(portStart, to), 65535);
    if (port < 0) fail(`invalid port in ${what}`);
  }
  return { host, hostType: type, port };
}

export function formatHostPort(host: string, port: number | undefined): string {
  return port === undefined ? host : `${host}:${port}`;
}
