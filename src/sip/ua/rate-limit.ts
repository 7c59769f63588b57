/**
 * Token buckets per source address: a flood from one source gets 503 with Retry-After while others
 * are served. Idle buckets are dropped so the map stays bounded by active sources.
 */
export class SourceRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {}

  /** Takes one token for `source`; false when the source is over its rate. */
  take(source: string): boolean {
    const t = this.now();
    if (t - this.lastSweep > 10_000) this.sweep(t);
    const b = this.buckets.get(source) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    this.buckets.set(source, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Seconds until the source has a token again (for Retry-After). */
  retryAfter(source: string): number {
    const b = this.buckets.get(source);
    return b ? Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond)) : 1;
  }

  private sweep(t: number): void {
    this.lastSweep = t;
    const full = (this.burst / this.perSecond) * 1000;
    for (const [k, b] of this.buckets) if (t - b.at > full) this.buckets.delete(k);
  }
}
