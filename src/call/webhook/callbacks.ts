import { stripCredentials } from './outgoing.ts';
import { requestWebhook } from './request.ts';
import type { WebhookFailure, WebhookRequest, WebhookResult } from './types.ts';

// Status callbacks (twilio-surface §3.3) leave through this queue so a slow or dead app never
// holds up a call: `enqueue` returns at once. Callbacks for one key (a call SID) are delivered one
// after another in enqueue order, so the app sees initiated → ringing → answered → completed even
// when an early one is slow; different keys go out concurrently. Each delivery is a signed
// requestWebhook (which applies the URL's #rc/#rp overrides itself); when it still fails the
// queue tries again after a backoff (default 3 deliveries, 1 s then 2 s apart), then reports the
// failure to onFailure listeners (the router records a Notification). Failures that cannot get
// better are not retried: a bad URL or retry policy (11100, 11243) and 4xx answers other than
// 408/429.

export interface CallbackFailure {
  readonly key: string;
  /** The callback as configured, credentials removed; never the auth token. */
  readonly request: { readonly method: 'GET' | 'POST'; readonly url: string; readonly params: Readonly<Record<string, string>> };
  readonly result: WebhookFailure;
  /** Deliveries tried (each may have made several HTTP attempts, see result.attempts). */
  readonly deliveries: number;
}

export interface CallbackQueueOptions {
  /** Deliveries per callback, default 3. */
  readonly deliveries?: number;
  /** Wait before the 2nd, 3rd … delivery, ms; the last value repeats. Default [1000, 2000]. */
  readonly backoffMs?: readonly number[];
  /** Sends one callback; default requestWebhook. */
  readonly send?: (req: WebhookRequest) => Promise<WebhookResult>;
  /** Whether a failed delivery is worth repeating (default: see the header comment). */
  readonly retryable?: (failure: WebhookFailure) => boolean;
  /** Default a plain setTimeout (it keeps the process alive while `drain` waits). */
  readonly sleep?: (ms: number) => Promise<void>;
}

export type CallbackFailureListener = (failure: CallbackFailure) => void;

export function defaultRetryable(f: WebhookFailure): boolean {
  if (f.code === 11100 || f.code === 11243) return false;
  if (f.status !== undefined && f.status >= 400 && f.status <= 499) return f.status === 408 || f.status === 429;
  return true;
}

export class CallbackQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly listeners = new Set<CallbackFailureListener>();
  private queued = 0;
  private readonly deliveries: number;
  private readonly backoffMs: readonly number[];
  private readonly send: (req: WebhookRequest) => Promise<WebhookResult>;
  private readonly retryable: (failure: WebhookFailure) => boolean;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: CallbackQueueOptions = {}) {
    this.deliveries = Math.max(1, options.deliveries ?? 3);
    this.backoffMs = options.backoffMs ?? [1000, 2000];
    this.send = options.send ?? ((req) => requestWebhook(req));
    this.retryable = options.retryable ?? defaultRetryable;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Queues a callback behind earlier ones with the same key; never throws, never waits. */
  enqueue(key: string, req: WebhookRequest): void {
    this.queued++;
    const next = (this.tails.get(key) ?? Promise.resolve()).then(() => this.deliver(key, req));
    this.tails.set(key, next);
    void next.finally(() => {
      this.queued--;
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
  }

  /** Adds a listener for callbacks that failed for good; returns a function that removes it. */
  onFailure(listener: CallbackFailureListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Callbacks queued or in flight. */
  get size(): number {
    return this.queued;
  }

  /** Resolves when everything queued (including what is queued meanwhile) has been delivered or given up. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  private async deliver(key: string, req: WebhookRequest): Promise<void> {
    let failure: WebhookFailure | undefined;
    let n = 0;
    while (n < this.deliveries) {
      if (n > 0) await this.sleep(this.backoffMs[Math.min(n - 1, this.backoffMs.length - 1)] ?? 0);
      n++;
      const result = await this.trySend(req);
      if (result.ok) return;
      failure = result;
      if (!this.retryable(result)) break;
    }
    if (!failure) return;
    const report: CallbackFailure = {
      key,
      request: { method: req.method, url: stripCredentials(req.url), params: req.params },
      result: failure,
      deliveries: n,
    };
    for (const listener of this.listeners) {
      try {
        listener(report);
      } catch {
        // a listener's own failure must not stop the queue
      }
    }
  }

  private async trySend(req: WebhookRequest): Promise<WebhookResult> {
    try {
      return await this.send(req);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, code: 11200, message, url: stripCredentials(req.url), attempts: 0, elapsedMs: 0 };
    }
  }
}
