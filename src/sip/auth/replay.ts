// Nonce-count replay protection (RFC 7616 §3.3 and §5.4, RFC 2617 §3.2.2):
// for each nonce the highest nc accepted so far; a request whose nc is not
// greater is a replay. Memory is bounded:
//  - entries whose nonce has expired are dropped (oldest first; they are kept
//    in first-use order, which follows issue order closely);
//  - when `capacity` entries remain, the oldest is evicted and its issue time
//    becomes a watermark: a nonce issued at or before the watermark that is not
//    tracked any more is reported "forgotten", so the server answers stale=true
//    and the client moves to a fresh nonce. A replay is therefore never
//    accepted, whatever the load; at worst an honest client re-authenticates.

export type NonceCountCheck = 'ok' | 'replay' | 'forgotten';

export interface NonceCountTrackerOptions {
  /** Most nonces tracked at once (default 10,000). */
  capacity?: number;
  /** Nonce lifetime; an entry older than this is dropped. */
  ttlMs: number;
}

interface Entry {
  nc: number;
  issuedAt: number;
}

export const DEFAULT_TRACKER_CAPACITY = 10_000;

export class NonceCountTracker {
  readonly capacity: number;
  readonly ttlMs: number;
  readonly #entries = new Map<string, Entry>();
  #watermark = Number.NEGATIVE_INFINITY;

  constructor(options: NonceCountTrackerOptions) {
    this.capacity = options.capacity ?? DEFAULT_TRACKER_CAPACITY;
    if (!Number.isInteger(this.capacity) || this.capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.ttlMs = options.ttlMs;
  }

  /** Nonces currently tracked. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Accepts `nc` for `nonce` (issued at `issuedAt`) when it is greater than every
   * nc accepted before for that nonce, and records it.
   */
  check(nonce: string, issuedAt: number, nc: number, now: number): NonceCountCheck {
    this.#dropExpired(now);
    const entry = this.#entries.get(nonce);
    if (entry !== undefined) {
      if (nc <= entry.nc) return 'replay';
      entry.nc = nc;
      return 'ok';
    }
    if (issuedAt <= this.#watermark) return 'forgotten';
    if (this.#entries.size >= this.capacity) this.#evictOldest();
    this.#entries.set(nonce, { nc, issuedAt });
    return 'ok';
  }

  #dropExpired(now: number): void {
    for (const [nonce, e] of this.#entries) {
      if (now - e.issuedAt <= this.ttlMs) return;
      this.#entries.delete(nonce);
    }
  }

  #evictOldest(): void {
    for (const [nonce, e] of this.#entries) {
      this.#entries.delete(nonce);
      if (e.issuedAt > this.#watermark) this.#watermark = e.issuedAt;
      return;
    }
  }
}
