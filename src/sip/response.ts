// Building responses to requests (RFC 3261 §8.2.6) and default reason phrases (§21).

import { getTo } from './accessors.ts';
import { readPartyHeader } from './address.ts';
import { isToken } from './chars.ts';
import { attempt } from './errors.ts';
import type { ResponseContext, SipParseError } from './errors.ts';
import { sameHeaderName } from './header-names.ts';
import { HeaderField, SIP_VERSION, header } from './message.ts';
import type { HeaderInit, SipHeader, SipRequest, SipResponse } from './message.ts';

export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Trying', 180: 'Ringing', 181: 'Call Is Being Forwarded', 182: 'Queued', 183: 'Session Progress',
  199: 'Early Dialog Terminated', 200: 'OK', 202: 'Accepted', 204: 'No Notification',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Moved Temporarily', 305: 'Use Proxy',
  380: 'Alternative Service', 400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  407: 'Proxy Authentication Required', 408: 'Request Timeout', 410: 'Gone', 412: 'Conditional Request Failed',
  413: 'Request Entity Too Large', 414: 'Request-URI Too Long', 415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme', 417: 'Unknown Resource-Priority', 420: 'Bad Extension',
  421: 'Extension Required', 422: 'Session Interval Too Small', 423: 'Interval Too Brief',
  428: 'Use Identity Header', 429: 'Provide Referrer Identity', 433: 'Anonymity Disallowed',
  436: 'Bad Identity-Info', 437: 'Unsupported Certificate', 438: 'Invalid Identity Header',
  439: 'First Hop Lacks Outbound Support', 440: 'Max-Breadth Exceeded', 469: 'Bad Info Package',
  470: 'Consent Needed', 480: 'Temporarily Unavailable', 481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected', 483: 'Too Many Hops', 484: 'Address Incomplete', 485: 'Ambiguous',
  486: 'Busy Here', 487: 'Request Terminated', 488: 'Not Acceptable Here', 489: 'Bad Event',
  491: 'Request Pending', 493: 'Undecipherable', 494: 'Security Agreement Required',
  500: 'Server Internal Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Server Time-out', 505: 'Version Not Supported', 513: 'Message Too Large',
  580: 'Precondition Failure', 600: 'Busy Everywhere', 603: 'Decline', 604: 'Does Not Exist Anywhere',
  606: 'Not Acceptable', 607: 'Unwanted', 608: 'Rejected',
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? (status >= 200 && status < 300 ? 'OK' : 'Unknown');
}

export interface BuildResponseOptions {
  /** Tag added to To when the request's To has none (RFC 3261 §8.2.6.2). Ignored for 100. */
  toTag?: string;
  body?: Buffer;
}

function copied(headers: readonly SipHeader[], name: string): SipHeader[] {
  const out: SipHeader[] = [];
  for (const h of headers) if (sameHeaderName(h.name, name)) out.push(new HeaderField(name, h.value));
  return out;
}

function withTag(to: string, hasTag: boolean, tag: string | undefined): string {
  if (tag === undefined || hasTag) return to;
  if (!isToken(tag)) throw new RangeError('To tag must be a token');
  return `${to};tag=${tag}`;
}

function assemble(
  source: readonly SipHeader[],
  status: number,
  reason: string | undefined,
  extra: readonly HeaderInit[] | undefined,
  toValue: (value: string) => string,
  body: Buffer | undefined,
): SipResponse {
  const headers: SipHeader[] = [...copied(source, 'Via')];
  for (const h of copied(source, 'From')) headers.push(h);
  for (const h of copied(source, 'To')) headers.push(new HeaderField('To', toValue(h.value)));
  for (const name of ['Call-ID', 'CSeq']) for (const h of copied(source, name)) headers.push(h);
  // RFC 3261 §8.2.6.1: a 100 (Trying) copies Timestamp
  if (status === 100) for (const h of copied(source, 'Timestamp')) headers.push(h);
  if (extra !== undefined) for (const h of extra) headers.push(header(h.name, h.value));
  return {
    type: 'response',
    version: SIP_VERSION,
    status,
    reason: reason ?? reasonPhrase(status),
    headers,
    body: body ?? Buffer.alloc(0),
  };
}

/**
 * Response to `request` per RFC 3261 §8.2.6.2: Via (all, in order), From,
 * Call-ID and CSeq copied; To copied with `options.toTag` added when it had none.
 */
export function buildResponse(
  request: SipRequest,
  status: number,
  reason?: string,
  extraHeaders?: readonly HeaderInit[],
  options: BuildResponseOptions = {},
): SipResponse {
  const tag = status === 100 ? undefined : options.toTag;
  const hasTag = tag === undefined ? true : getTo(request).tag !== undefined;
  return assemble(request.headers, status, reason, extraHeaders, (to) => withTag(to, hasTag, tag), options.body);
}

/**
 * Answer to a request the parser rejected, from the error's response context.
 * Returns undefined when no response can be sent (error.canRespond is false).
 */
export function buildErrorResponse(
  error: SipParseError,
  options: { status?: number; reason?: string; toTag?: string; headers?: readonly HeaderInit[] } = {},
): SipResponse | undefined {
  const ctx: ResponseContext | undefined = error.context;
  if (!error.canRespond || ctx === undefined) return undefined;
  const status = options.status ?? error.status ?? 400;
  const source: SipHeader[] = ctx.vias.map((value) => ({ name: 'Via', value }));
  if (ctx.from !== undefined) source.push({ name: 'From', value: ctx.from });
  if (ctx.to !== undefined) source.push({ name: 'To', value: ctx.to });
  if (ctx.callId !== undefined) source.push({ name: 'Call-ID', value: ctx.callId });
  if (ctx.cseq !== undefined) source.push({ name: 'CSeq', value: ctx.cseq });
  const toValue = (to: string): string => {
    const parsed = attempt(() => readPartyHeader(to, 'To'));
    // an unreadable To is copied unchanged
    return parsed.ok ? withTag(to, parsed.value.tag !== undefined, options.toTag) : to;
  };
  const reason = options.reason ?? reasonPhrase(status);
  return assemble(source, status, reason, options.headers, toValue, undefined);
}
