import { requestWebhook } from './request.ts';
import { MAX_BODY_BYTES, type RequestOptions, type WebhookFailure, type WebhookRequest } from './types.ts';

// Fetching a document to run (Url/VoiceUrl, action, Redirect …). Twilio's "Your Response" page:
//
//   text/xml, application/xml, text/html → the body is TwiML
//   audio/*                               → play the file, then hang up
//   text/plain                            → read the text out loud, then hang up
//
// so the result is always a TwiML string: audio becomes <Play>url</Play> (the body is not read;
// the player fetches the URL again) and text becomes <Say>text</Say>. Anything else → 12300.
// A body that is empty or only whitespace → 11770 (an empty 200/204 gives the interpreter nothing
// to run; 12100 is left to the parser for bodies that are not well-formed XML). Over 64 KiB →
// 11750. Well-formedness and TwiML validity are the parser's business, not checked here.

export type TwimlSource = 'twiml' | 'play' | 'say';

export interface TwimlSuccess {
  readonly ok: true;
  /** The document to run. */
  readonly xml: string;
  /** What the app answered: TwiML, audio (wrapped in <Play>) or text (wrapped in <Say>). */
  readonly source: TwimlSource;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly contentType: string;
  /** The URL finally requested: relative URLs in the document resolve against it. */
  readonly url: string;
  readonly attempts: number;
  readonly elapsedMs: number;
}

export type TwimlResult = TwimlSuccess | WebhookFailure;

export const TWIML_ACCEPT = 'text/xml, application/xml, text/html;q=0.9, text/plain;q=0.8, audio/*;q=0.8, */*;q=0.1';

const XML_TYPES = new Set(['text/xml', 'application/xml', 'text/html']);

/** The media type without parameters, lower case (`Text/XML; charset=utf-8` → `text/xml`). */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

const isAudio = (contentType: string): boolean => mediaType(contentType).startsWith('audio/');

export async function fetchTwiml(req: WebhookRequest, opts: RequestOptions = {}): Promise<TwimlResult> {
  const res = await requestWebhook(
    { ...req, accept: req.accept ?? TWIML_ACCEPT },
    { ...opts, maxBodyBytes: opts.maxBodyBytes ?? MAX_BODY_BYTES, oversize: 'fail', skipBody: isAudio },
  );
  if (!res.ok) return res;
  const type = mediaType(res.contentType);
  const base = {
    ok: true as const, status: res.status, headers: res.headers, contentType: res.contentType,
    url: res.url, attempts: res.attempts, elapsedMs: res.elapsedMs,
  };
  const failure = (code: number, message: string): WebhookFailure => ({
    ok: false, code, message, status: res.status, headers: res.headers, body: res.body,
    url: res.url, attempts: res.attempts, elapsedMs: res.elapsedMs,
  });
  if (type.startsWith('audio/')) return { ...base, source: 'play', xml: `<Response><Play>${escapeXml(res.url)}</Play></Response>` };
  if (res.body.trim() === '') return failure(11770, `the app answered HTTP ${res.status} with an empty body`);
  if (XML_TYPES.has(type)) return { ...base, source: 'twiml', xml: res.body };
  if (type === 'text/plain') return { ...base, source: 'say', xml: `<Response><Say>${escapeXml(res.body.trim())}</Say></Response>` };
  return failure(12300, res.contentType ? `Content-Type ${res.contentType} is not TwiML` : 'the response has no Content-Type');
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c] ?? ''};`);
}
