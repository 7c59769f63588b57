import type { LookupFunction } from 'node:net';

/** One webhook Switchboard sends to a customer app (twilio-surface §3). */
export interface WebhookRequest {
  /** Absolute http(s) URL; may carry `user:pass@` (sent as Basic auth) and a `#ct=…` override fragment. */
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly params: Readonly<Record<string, string>>;
  /** The owning (sub)account's auth token: signs the request, never sent, logged or returned. */
  readonly authToken: string;
  /** Total time for all attempts, ms (default 15000). A `#tt=` in the URL wins. */
  readonly timeoutMs?: number;
  /** Default: every type (star-slash-star), as Twilio sends. */
  readonly accept?: string;
  /** Default `TwilioProxy/1.1`, as Twilio sends. */
  readonly userAgent?: string;
}

export interface WebhookSuccess {
  readonly ok: true;
  readonly status: number;
  /** Response headers, lower-case names. */
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly contentType: string;
  /** The URL finally requested (after redirects; no fragment, no credentials). */
  readonly url: string;
  /** Attempts made (1 + retries); redirects do not count. */
  readonly attempts: number;
  readonly elapsedMs: number;
}

export interface WebhookFailure {
  readonly ok: false;
  /** 11100, 11200, 11201, 11202, 11203, 11205, 11206, 11210, 11215, 11220, 11243 or 11750. */
  readonly code: number;
  readonly message: string;
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** At most 64 KiB of the response body. */
  readonly body?: string;
  readonly url: string;
  readonly attempts: number;
  readonly elapsedMs: number;
}

export type WebhookResult = WebhookSuccess | WebhookFailure;

export interface RequestOptions {
  /** Send through this fetch instead of node:http (then #ct cannot be enforced separately). */
  readonly fetchImpl?: typeof fetch;
  /** Clock for `elapsedMs` (default Date.now). */
  readonly now?: () => number;
  /** DNS lookup for the node:http transport (tests inject failing or silent ones). */
  readonly lookup?: LookupFunction;
  /** TLS client options for the node:http transport. */
  readonly tls?: { readonly ca?: string | Buffer; readonly rejectUnauthorized?: boolean };
  /** Response bytes kept (default 64 KiB). */
  readonly maxBodyBytes?: number;
  /** A body over `maxBodyBytes`: 'truncate' (default) keeps the head, 'fail' returns 11750. */
  readonly oversize?: 'truncate' | 'fail';
  /** Content types whose body is not read at all (e.g. audio answering a TwiML fetch). */
  readonly skipBody?: (contentType: string) => boolean;
  /** Gives up early (e.g. the call hung up); the result is then 11200. */
  readonly signal?: AbortSignal;
  /** I-Twilio-Idempotency-Token; default a new UUID, the same across retries and redirects. */
  readonly idempotencyToken?: string;
}

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_REDIRECTS = 10;
