// HTTP caching rules (RFC 9111) reduced to what a media fetcher needs: how long a response is
// fresh, whether it may be stored, and which validators to send when revalidating.
//
// Choices, deliberately conservative:
// - This cache is shared by every account in the process, so `private` is treated like
//   `no-store`, and `s-maxage` wins over `max-age`.
// - Freshness comes from `s-maxage`/`max-age` (minus the response's `Age`), else from
//   `Expires - Date` (both server times, so no clock skew). Without either the heuristic
//   freshness is 0: the entry is stored only if it has a validator (ETag / Last-Modified) and is
//   then revalidated on every use, which still saves the body transfer on a 304. A response with
//   neither freshness nor validators is not stored at all (it could never be reused).
// - Local age is measured on the injected clock from when the response arrived; the `Date`
//   header is not compared with the local clock.

export interface CachePolicy {
  /** Must not be stored (no-store, private). */
  readonly noStore: boolean;
  /** Must be revalidated before every use (no-cache). */
  readonly noCache: boolean;
  /** Freshness lifetime in ms measured from the response's arrival (already minus `Age`). */
  readonly freshForMs: number;
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
}

export interface HeaderSource {
  get(name: string): string | null;
}

/** Cache-Control directives, lower-cased names; value `true` for directives without `=`. */
export function parseCacheControl(value: string | null): Map<string, string | true> {
  const out = new Map<string, string | true>();
  if (!value) return out;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (!name) continue;
    const raw = eq < 0 ? true : part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (!out.has(name)) out.set(name, raw);
  }
  return out;
}

function seconds(value: string | true | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function httpDate(value: string | null): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

export function cachePolicy(headers: HeaderSource): CachePolicy {
  const cc = parseCacheControl(headers.get('cache-control'));
  const age = seconds(headers.get('age') ?? undefined) ?? 0;
  let lifetimeS = seconds(cc.get('s-maxage')) ?? seconds(cc.get('max-age'));
  if (lifetimeS === undefined && headers.get('expires') !== null) {
    const expires = httpDate(headers.get('expires'));
    const date = httpDate(headers.get('date'));
    // An unparsable Expires ("0", "-1") means already expired.
    lifetimeS = expires !== undefined && date !== undefined ? Math.max(0, Math.floor((expires - date) / 1000)) : 0;
  }
  return {
    noStore: cc.has('no-store') || cc.has('private'),
    noCache: cc.has('no-cache'),
    freshForMs: Math.max(0, (lifetimeS ?? 0) - age) * 1000,
    etag: headers.get('etag') ?? undefined,
    lastModified: headers.get('last-modified') ?? undefined,
  };
}

/** Worth storing: allowed, and reusable either while fresh or through a validator. */
export function isStorable(policy: CachePolicy): boolean {
  if (policy.noStore) return false;
  const hasValidator = policy.etag !== undefined || policy.lastModified !== undefined;
  return hasValidator || (!policy.noCache && policy.freshForMs > 0);
}

/**
 * Policy after a 304: headers present on the 304 replace the stored ones (RFC 9111 §4.3.4);
 * freshness is recomputed from the 304 when it carries any freshness information.
 */
export function mergeNotModified(stored: CachePolicy, headers: HeaderSource): CachePolicy {
  const fresh = cachePolicy(headers);
  const hasFreshness = headers.get('cache-control') !== null || headers.get('expires') !== null;
  return {
    noStore: hasFreshness ? fresh.noStore : stored.noStore,
    noCache: hasFreshness ? fresh.noCache : stored.noCache,
    freshForMs: hasFreshness ? fresh.freshForMs : stored.freshForMs,
    etag: fresh.etag ?? stored.etag,
    lastModified: fresh.lastModified ?? stored.lastModified,
  };
}
