import { STATUS_CODES } from 'node:http';
import { buildOutgoing, prepareTarget, type OutgoingHeaders, type Target } from './outgoing.ts';
import type { RetryOn } from './override.ts';
import { FAILURE_CODES, TransportError, type Transport, type TransportResponse } from './transport.ts';
import { MAX_BODY_BYTES, MAX_REDIRECTS, type WebhookFailure, type WebhookSuccess } from './types.ts';

// One attempt: the request and the redirects it leads to. Redirects are followed by hand so they
// can be counted (more than 10 → 11215) and re-signed per hop. Like a browser, a 301/302/303
// answer to a POST continues as a GET without the body; 307/308 repeat the method and body. A GET's
// params are added to the first URL only; a redirect's Location is requested as it is.

export interface AttemptContext {
  readonly transport: Transport;
  readonly target: Target;
  readonly method: 'GET' | 'POST';
  readonly params: Readonly<Record<string, string>>;
  readonly authToken: string;
  readonly headers: OutgoingHeaders;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly signal: AbortSignal;
  readonly maxBodyBytes: number;
  readonly oversize: 'truncate' | 'fail';
  readonly skipBody?: (contentType: string) => boolean;
}

type Bare<T> = Omit<T, 'attempts' | 'elapsedMs'>;

/** An attempt's result before the retry loop adds `attempts` and `elapsedMs`. */
export type AttemptResult =
  | Bare<WebhookSuccess>
  | (Bare<WebhookFailure> & { readonly retryOn?: RetryOn; readonly aborted?: true });

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function runAttempt(ctx: AttemptContext): Promise<AttemptResult> {
  let target = ctx.target;
  let method = ctx.method;
  for (let hop = 0; ; hop++) {
    const params = hop === 0 || method === 'POST' ? ctx.params : {};
    const out = buildOutgoing(target, method, params, ctx.authToken, ctx.headers);
    const url = out.url.href;
    let res: TransportResponse;
    try {
      res = await ctx.transport({
        method, url: out.url, headers: out.headers, ...(out.body !== undefined ? { body: out.body } : {}),
        connectTimeoutMs: ctx.connectTimeoutMs, readTimeoutMs: ctx.readTimeoutMs, signal: ctx.signal,
        maxBodyBytes: ctx.maxBodyBytes, ...(ctx.skipBody ? { skipBody: ctx.skipBody } : {}),
      });
    } catch (err) {
      return transportFailure(err, url);
    }
    const location = res.headers.location;
    if (!REDIRECTS.has(res.status) || location === undefined) return responseResult(res, url, ctx.oversize);
    if (hop >= MAX_REDIRECTS) {
      return { ...failureDetails(res), ok: false, code: 11215, message: `more than ${MAX_REDIRECTS} redirects`, url };
    }
    const next = prepareTarget(location, out.url);
    if (!next) {
      return { ...failureDetails(res), ok: false, code: 11200, message: `redirect to an unusable URL: ${location}`, url };
    }
    if (method === 'POST' && res.status <= 303) method = 'GET';
    target = next;
  }
}

function transportFailure(err: unknown, url: string): AttemptResult {
  const e = err instanceof TransportError ? err : new TransportError('connection', String(err), { cause: err });
  if (e.kind === 'aborted') return { ok: false, code: 11200, message: e.message, url, aborted: true };
  const retryOn: RetryOn | undefined =
    e.kind === 'connect-timeout' || e.kind === 'refused' ? 'ct' : e.kind === 'read-timeout' ? 'rt' : undefined;
  return { ok: false, code: FAILURE_CODES[e.kind], message: e.message, url, ...(retryOn ? { retryOn } : {}) };
}

function responseResult(res: TransportResponse, url: string, oversize: 'truncate' | 'fail'): AttemptResult {
  const contentType = res.headers['content-type'] ?? '';
  if (res.status < 200 || res.status > 299) {
    const retryOn: RetryOn | undefined = res.status >= 500 && res.status <= 599 ? '5xx' : res.status >= 400 && res.status <= 499 ? '4xx' : undefined;
    const reason = STATUS_CODES[res.status] ?? '';
    return {
      ...failureDetails(res), ok: false, code: 11200, message: `the app answered HTTP ${res.status}${reason ? ` ${reason}` : ''}`, url,
      ...(retryOn ? { retryOn } : {}),
    };
  }
  if (res.truncated && oversize === 'fail') {
    return { ...failureDetails(res), ok: false, code: 11750, message: `the response body is over ${res.body.length} bytes`, url };
  }
  return { ok: true, status: res.status, headers: res.headers, body: decodeBody(res.body, contentType), contentType, url };
}

function failureDetails(res: TransportResponse): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: res.status,
    headers: res.headers,
    body: decodeBody(res.body.subarray(0, MAX_BODY_BYTES), res.headers['content-type'] ?? ''),
  };
}

/** Decodes with the Content-Type's charset when Node knows it, else UTF-8. */
export function decodeBody(bytes: Uint8Array, contentType: string): string {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
  if (charset) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // an unknown label: fall through to UTF-8
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}
