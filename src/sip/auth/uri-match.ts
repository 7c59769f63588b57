// digest-uri versus Request-URI (RFC 2617 §3.2.2.5, RFC 3261 §22.4). Both are
// normalised, then compared as strings. Normalisation follows the URI
// comparison rules of RFC 3261 §19.1.4 as far as a string can: escapes
// decoded, scheme / host / parameter names and values lower-cased, user and
// password kept case-sensitive, parameters and headers in sorted order, no
// default port filled in. A URI that does not parse is compared as written.

import { trimWs } from '../chars.ts';
import { parseUri } from '../uri.ts';
import type { UriParam } from '../uri.ts';

function params(list: readonly UriParam[], lowerValues: boolean): string[] {
  return list
    .map((p) => [p.name.toLowerCase(), p.value === undefined ? null : lowerValues ? p.value.toLowerCase() : p.value])
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0))
    .map((p) => JSON.stringify(p));
}

/** Visual separators carry no meaning in a telephone number (RFC 3966 §5.1.1). */
function bareNumber(n: string): string {
  let out = '';
  for (const ch of n) if (ch !== '-' && ch !== '.' && ch !== '(' && ch !== ')') out += ch.toLowerCase();
  return out;
}

/** Canonical string form of a URI for comparison (not for the wire). */
export function normaliseDigestUri(raw: string): string {
  const s = trimWs(raw);
  const parsed = parseUri(s);
  if (!parsed.ok) return JSON.stringify(['raw', s]);
  const u = parsed.value;
  switch (u.kind) {
    case 'sip':
      return JSON.stringify([
        u.scheme,
        u.user ?? null,
        u.password ?? null,
        u.host.toLowerCase(),
        u.port ?? null,
        params(u.params, true),
        params(u.headers, false),
      ]);
    case 'tel':
      return JSON.stringify(['tel', bareNumber(u.number), params(u.params, true)]);
    default:
      return JSON.stringify([u.scheme, u.opaque]);
  }
}

export function sameDigestUri(digestUri: string, requestUri: string): boolean {
  return normaliseDigestUri(digestUri) === normaliseDigestUri(requestUri);
}
