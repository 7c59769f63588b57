import { twilioSignature } from './signature.ts';

// What goes on the wire for one hop of a webhook, and how it is signed (twilio-surface §3.4):
//
// * POST: the params form-encoded in the body; the signature covers the URL + the sorted params.
// * GET: the params appended to the URL's query (after any query it already has); the signature
//   covers that full URL and no params.
// * The signed URL is exactly the one requested: no fragment (the `#ct=…` overrides are ours, and
//   no server ever receives a fragment) and no `user:pass@` (sent as Basic auth instead). Both are
//   what a validator rebuilding the URL from the Host header and path (twilio.webhook()) sees.
//   Whether Twilio itself signs the fragment is not documented; signing what is requested is the
//   only choice an app can verify.

export interface Target {
  /** http(s) URL without fragment or credentials. */
  readonly url: URL;
  /** `Basic …` from credentials that were in the URL. */
  readonly authorization?: string;
}

export interface Outgoing {
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface OutgoingHeaders {
  readonly accept: string;
  readonly userAgent: string;
  readonly idempotencyToken: string;
}

/** Parses `raw` (relative to `base` when given); undefined unless it is http(s). */
export function prepareTarget(raw: string, base?: URL): Target | undefined {
  let url: URL;
  try {
    url = base ? new URL(raw, base) : new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  if (!url.username && !url.password) return { url };
  const user = `${decodeSafe(url.username)}:${decodeSafe(url.password)}`;
  url.username = '';
  url.password = '';
  return { url, authorization: `Basic ${Buffer.from(user, 'utf8').toString('base64')}` };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `raw` without `user:pass@`, for anything shown or stored. */
export function stripCredentials(raw: string): string {
  try {
    const url = new URL(raw);
    if (!url.username && !url.password) return raw;
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
  }
}

/** The request for one hop: final URL, headers (signature included) and body. */
export function buildOutgoing(
  target: Target,
  method: 'GET' | 'POST',
  params: Readonly<Record<string, string>>,
  authToken: string,
  h: OutgoingHeaders,
): Outgoing {
  const form = new URLSearchParams(params).toString();
  let href = target.url.href;
  if (method === 'GET' && form) href += (target.url.search ? '&' : href.endsWith('?') ? '' : '?') + form;
  const headers: Record<string, string> = {
    'user-agent': h.userAgent,
    accept: h.accept,
    'x-twilio-signature': method === 'POST' ? twilioSignature(authToken, href, params) : twilioSignature(authToken, href),
    'i-twilio-idempotency-token': h.idempotencyToken,
  };
  if (target.authorization) headers.authorization = target.authorization;
  if (method === 'GET') return { url: new URL(href), headers };
  headers['content-type'] = 'application/x-www-form-urlencoded';
  return { url: new URL(href), headers, body: form };
}
