// Header field names: canonical spelling, compact forms (RFC 3261 §7.3.3 and the
// IANA SIP parameters registry) and which fields may carry comma-separated lists
// (RFC 3261 §7.3.1: only fields whose grammar is "#(values)").

import { fail, trimWs } from './chars.ts';

/** Compact form -> canonical long name. */
export const COMPACT_FORMS: Readonly<Record<string, string>> = {
  a: 'Accept-Contact',
  b: 'Referred-By',
  c: 'Content-Type',
  d: 'Request-Disposition',
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact',
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  n: 'Identity-Info',
  o: 'Event',
  r: 'Refer-To',
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events',
  v: 'Via',
  x: 'Session-Expires',
  y: 'Identity',
};

const KNOWN = [
  'Accept', 'Accept-Contact', 'Accept-Encoding', 'Accept-Language', 'Alert-Info', 'Allow', 'Allow-Events',
  'Authentication-Info', 'Authorization', 'Call-ID', 'Call-Info', 'Contact', 'Content-Disposition',
  'Content-Encoding', 'Content-Language', 'Content-Length', 'Content-Type', 'CSeq', 'Date', 'Diversion',
  'Error-Info', 'Event', 'Expires', 'From', 'History-Info', 'Identity', 'Identity-Info', 'In-Reply-To',
  'Max-Forwards', 'MIME-Version', 'Min-Expires', 'Min-SE', 'Organization', 'P-Asserted-Identity',
  'P-Preferred-Identity', 'Path', 'Priority', 'Privacy', 'Proxy-Authenticate', 'Proxy-Authorization',
  'Proxy-Require', 'RAck', 'Reason', 'Record-Route', 'Refer-To', 'Referred-By', 'Reject-Contact', 'Replaces',
  'Reply-To', 'Request-Disposition', 'Require', 'Retry-After', 'Route', 'RSeq', 'Security-Client',
  'Security-Server', 'Security-Verify', 'Server', 'Service-Route', 'Session-Expires', 'SIP-ETag',
  'SIP-If-Match', 'Subject', 'Subscription-State', 'Supported', 'Timestamp', 'To', 'Unsupported',
  'User-Agent', 'Via', 'Warning', 'WWW-Authenticate',
];

const CANONICAL = new Map<string, string>();
/** Exact spellings that need no case folding (the common case on the wire). */
const EXACT = new Map<string, string>();
for (const name of KNOWN) {
  CANONICAL.set(name.toLowerCase(), name);
  EXACT.set(name, name);
}
for (const [short, long] of Object.entries(COMPACT_FORMS)) {
  CANONICAL.set(short, long);
  EXACT.set(short, long);
  EXACT.set(short.toUpperCase(), long);
}

/**
 * Fields whose grammar is a comma-separated list, so "Via: a, b" equals two Via
 * lines (RFC 3261 §7.3.1). WWW-Authenticate, Authorization, Date, Retry-After …
 * contain commas that are NOT list separators and are never split.
 */
export const LIST_HEADERS: ReadonlySet<string> = new Set([
  'Accept', 'Accept-Contact', 'Accept-Encoding', 'Accept-Language', 'Alert-Info', 'Allow', 'Allow-Events',
  'Call-Info', 'Contact', 'Content-Encoding', 'Content-Language', 'Error-Info', 'History-Info', 'In-Reply-To',
  'P-Asserted-Identity', 'P-Preferred-Identity', 'Path', 'Proxy-Require', 'Reason', 'Record-Route',
  'Reject-Contact', 'Require', 'Route', 'Security-Client', 'Security-Server', 'Security-Verify',
  'Service-Route', 'Supported', 'Unsupported', 'Via', 'Warning',
]);

/** Canonical spelling for known names (compact forms expanded); other names as given. */
export function canonicalHeaderName(name: string): string {
  return EXACT.get(name) ?? CANONICAL.get(name.toLowerCase()) ?? name;
}

/**
 * Header name equality for a stored name `a` (canonical, as the parser and
 * header() produce) and a canonical key `b`: exact for known names,
 * case-insensitive for extension names.
 */
export function sameHeaderName(a: string, b: string): boolean {
  return a === b || (a.length === b.length && a.toLowerCase() === b.toLowerCase());
}

/**
 * Splits a list value on commas outside quoted-strings and <...> (RFC 3261 §7.3.1).
 * Elements are trimmed; an empty element ("a,,b") is a syntax error, but a wholly
 * empty value (e.g. "Supported:") stays a single empty element.
 */
export function splitList(value: string): string[] {
  if (value.indexOf(',') < 0) return [value];
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inQuote = false;
    } else if (c === 0x22) inQuote = true;
    else if (c === 0x3c) inAngle = true;
    else if (c === 0x3e) inAngle = false;
    else if (c === 0x2c && !inAngle) {
      out.push(trimWs(value.slice(start, i)));
      start = i + 1;
    }
  }
  out.push(trimWs(value.slice(start)));
  for (const v of out) if (v.length === 0) fail('empty element in comma-separated header value');
  return out;
}
