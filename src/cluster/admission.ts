// Admission of new outbound calls: every call waits here until its account's and its trunk's
// calls-per-second and concurrency allow it (ARCHITECTURE: the multitenant call queue). Waiting
// calls are served in arrival order per limiter; a call holds a slot of each of its limiters until
// its ticket is released. Time comes from the injected scheduler, so tests run on a fake clock.

import type { Scheduler } from '../core/index.ts';

export interface Limits {
  /** Calls started per second (token bucket refilled continuously, burst = max(1, cps)). */
  maxCps: number;
  maxConcurrent: number;
}

export interface AdmissionRequest {
  /** Limiter keys and their limits, e.g. `account:AC…` and `trunk:carrier`. */
  limits: ReadonlyArray<{ key: string; limits: Limits }>;
  /** Aborts the wait (the call was canceled while queued). */
  signal?: AbortSignal;
}

export interface Ticket {
  /** Milliseconds spent queued. */
  readonly waitedMs: number;
  release(): void;
}

export class AdmissionAbortedError extends Error {
  constructor() {
    super('the call left the admission queue before it was admitted');
    this.name = 'AdmissionAbortedError';
  }
}

interface Bucket {
  tokens: number;
  at: number;
  active: number;
  limits: Limits;
}

interface Waiter {
  req: AdmissionRequest;
  since: number;
  resolve: (t: Ticket) => void;
  reject: (e: Error) => void;
}

export class Admission {
  private readonly buckets = new Map<string, Bucket>();
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<Scheduler['setTimer']> | undefined;

  constructor(private readonly scheduler: Scheduler) {}

  /** Calls waiting now. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Active calls holding a slot of `key`. */
  active(key: string): number {
    return this.buckets.get(key)?.active ?? 0;
  }

  /** Resolves with a ticket once every limiter of the request has room. */
  admit(req: AdmissionRequest): Promise<Ticket> {
    return new Promise<Ticket>((resolve, reject) => {
      if (req.signal?.aborted) return reject(new AdmissionAbortedError());
      const waiter: Waiter = { req, since: this.scheduler.now(), resolve, reject };
      this.queue.push(waiter);
      req.signal?.addEventListener('abort', () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) {
          this.queue.splice(i, 1);
          reject(new AdmissionAbortedError());
        }
      }, { once: true });
      this.pump();
    });
  }

  private bucket(key: string, limits: Limits, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: Math.max(1, limits.maxCps), at: now, active: 0, limits };
      this.buckets.set(key, b);
    }
    b.limits = limits;
    const burst = Math.max(1, limits.maxCps);
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * limits.maxCps);
    b.at = now;
    return b;
  }

  /** Admits waiters in order while they fit; a waiter that does not fit keeps those behind it on the same keys waiting. */
  private pump(): void {
    const now = this.scheduler.now();
    const blocked = new Set<string>();
    let nextMs = Infinity;
    for (let i = 0; i < this.queue.length; ) {
      const w = this.queue[i]!;
      const buckets = w.req.limits.map(({ key, limits }) => ({ key, b: this.bucket(key, limits, now) }));
      const fits = buckets.every(({ key, b }) => !blocked.has(key) && b.tokens >= 1 && b.active < b.limits.maxConcurrent);
      if (!fits) {
        for (const { key, b } of buckets) {
          blocked.add(key);
          if (b.tokens < 1 && b.limits.maxCps > 0) nextMs = Math.min(nextMs, ((1 - b.tokens) / b.limits.maxCps) * 1000);
        }
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      for (const { b } of buckets) {
        b.tokens -= 1;
        b.active++;
      }
      let released = false;
      w.resolve({
        waitedMs: now - w.since,
        release: () => {
          if (released) return;
          released = true;
          for (const { b } of buckets) b.active--;
          this.pump();
        },
      });
    }
    if (this.timer) this.scheduler.clearTimer(this.timer);
    this.timer = undefined;
    if (this.queue.length > 0 && Number.isFinite(nextMs)) this.timer = this.scheduler.setTimer(Math.max(1, Math.ceil(nextMs)), () => this.pump());
  }
}
