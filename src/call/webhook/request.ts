import { randomUUID } from 'node:crypto';
import { runAttempt, type AttemptResult } from './attempt.ts';
import { fetchTransport } from './fetch-transport.ts';
import { httpTransport } from './http-transport.ts';
import { prepareTarget, stripCredentials } from './outgoing.ts';
import { parseOverrides } from './override.ts';
import { MAX_BODY_BYTES, type RequestOptions, type WebhookRequest, type WebhookResult } from './types.ts';

// How Switchboard calls a customer app (twilio-surface §3.1): a signed form POST or GET with
// Twilio's headers (`User-Agent: TwilioProxy/1.1`, `Accept: */*`, `X-Twilio-Signature`,
// `I-Twilio-Idempotency-Token`), Twilio's connection overrides from the URL fragment (see
// override.ts: by default one retry on a connect failure, 15 s in all), redirects followed by
// hand, and every failure mapped to Twilio's 112xx code. The auth token only ever feeds the HMAC.

const DEFAULT_USER_AGENT = 'TwilioProxy/1.1';
const DEFAULT_ACCEPT = '*/*';

export async function requestWebhook(req: WebhookRequest, opts: RequestOptions = {}): Promise<WebhookResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  const done = (r: AttemptResult, attempts: number): WebhookResult => {
    if (r.ok) return { ...r, attempts, elapsedMs: now() - started };
    const { retryOn: _retryOn, aborted: _aborted, ...failure } = r;
    return { ...failure, attempts, elapsedMs: now() - started };
  };

  const parsed = parseOverrides(req.url, req.timeoutMs === undefined ? {} : { totalTimeoutMs: req.timeoutMs });
  if (!parsed.ok) return done({ ok: false, code: parsed.code, message: parsed.message, url: stripCredentials(parsed.url) }, 0);
  const target = prepareTarget(parsed.url);
  if (!target) {
    return done({ ok: false, code: 11100, message: 'the webhook URL is not an absolute http(s) URL', url: stripCredentials(parsed.url) }, 0);
  }
  const o = parsed.overrides;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), o.totalTimeoutMs);
  const signal = opts.signal ? AbortSignal.any([deadline.signal, opts.signal]) : deadline.signal;
  const transport = opts.fetchImpl
    ? fetchTransport(opts.fetchImpl)
    : httpTransport({ ...(opts.lookup ? { lookup: opts.lookup } : {}), ...(opts.tls ? { tls: opts.tls } : {}) });
  const ctx = {
    transport, target, method: req.method, params: req.params, authToken: req.authToken,
    headers: {
      accept: req.accept ?? DEFAULT_ACCEPT,
      userAgent: req.userAgent ?? DEFAULT_USER_AGENT,
      idempotencyToken: opts.idempotencyToken ?? randomUUID(),
    },
    connectTimeoutMs: o.connectTimeoutMs, readTimeoutMs: o.readTimeoutMs, signal,
    maxBodyBytes: opts.maxBodyBytes ?? MAX_BODY_BYTES, oversize: opts.oversize ?? 'truncate',
    ...(opts.skipBody ? { skipBody: opts.skipBody } : {}),
  };
  try {
    for (let attempts = 1; ; attempts++) {
      const r = await runAttempt(ctx);
      if (!r.ok && r.aborted) {
        const total = deadline.signal.aborted;
        const message = total
          ? `HTTP communication total time out triggered after ${o.totalTimeoutMs} ms`
          : 'the request was abandoned before the app answered';
        return done({ ...r, code: total ? 11203 : 11200, message }, attempts);
      }
      if (r.ok || !r.retryOn || !o.retryPolicy.has(r.retryOn) || attempts > o.retryCount) return done(r, attempts);
    }
  } finally {
    clearTimeout(timer);
  }
}
