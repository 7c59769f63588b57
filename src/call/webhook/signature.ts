import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// X-Twilio-Signature (twilio-surface §3.4). Form requests: HMAC-SHA1 with the account's auth token
// over the exact URL followed by every parameter name and value, names in sorted order; a repeated
// name contributes each distinct value, sorted. JSON bodies: the URL carries
// `bodySHA256=<hex sha256 of the body>` and only the URL is signed.

export type SignedParams = Record<string, string | readonly string[]>;

function signedPayload(url: string, params: SignedParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const v of values) data += name + v;
  }
  return data;
}

/** The X-Twilio-Signature for a form-encoded request (POST body params, or none for GET). */
export function twilioSignature(authToken: string, url: string, params: SignedParams = {}): string {
  return createHmac('sha1', authToken).update(signedPayload(url, params), 'utf8').digest('base64');
}

/** Hex SHA-256 of a raw body, the value of the `bodySHA256` query parameter. */
export function bodySha256(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * For a JSON (or other non-form) body: the URL with `bodySHA256` added, and the signature over
 * that URL alone.
 */
export function signJsonRequest(authToken: string, url: string, body: string | Buffer): { url: string; signature: string } {
  const u = new URL(url);
  u.searchParams.set('bodySHA256', bodySha256(body));
  const signedUrl = u.toString();
  return { url: signedUrl, signature: twilioSignature(authToken, signedUrl) };
}

/** Constant-time check of a received signature (for our own receivers, e.g. tests and relays). */
export function signatureMatches(authToken: string, signature: string, url: string, params: SignedParams = {}): boolean {
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const got = Buffer.from(signature);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
