// Datagram parser (RFC 3261 §18.3 for UDP): one message per datagram. Also the
// shared step that turns a parsed head plus body into a message or an error.

import { isAscii, isUtf8 } from 'node:buffer';
import { SipParseError, toSipParseError } from './errors.ts';
import { DEFAULT_LIMITS, parseHead } from './head.ts';
import type { Head, SipParserLimits } from './head.ts';
import { RequestMessage } from './message.ts';
import type { SipMessage } from './message.ts';
import { buildContext, framingLength, validateMessage } from './validate.ts';

export type SipParserOptions = Partial<SipParserLimits>;

export type ParseResult = { ok: true; message: SipMessage } | { ok: false; error: SipParseError };

export type DatagramParseResult =
  | {
      ok: true;
      message: SipMessage;
      /** Octets after Content-Length that were discarded (RFC 3261 §18.3). */
      extraBytes: number;
    }
  | { ok: false; error: SipParseError };

export const CRLF_CRLF = Buffer.from('\r\n\r\n', 'latin1');

export function resolveLimits(options: SipParserOptions | undefined): SipParserLimits {
  return options === undefined ? DEFAULT_LIMITS : { ...DEFAULT_LIMITS, ...options };
}

export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Header text is UTF-8 (RFC 3261 §7.3.1); ASCII is decoded as Latin-1, which is faster and identical. */
export function decodeHead(buf: Buffer, start: number, end: number): string {
  const view = buf.subarray(start, end);
  if (isAscii(view)) return buf.toString('latin1', start, end);
  if (isUtf8(view)) return buf.toString('utf8', start, end);
  throw new SipParseError('header section is not valid UTF-8');
}

/** Re-issues an error with what the head tells about the message (kind, response context). */
export function failure(err: unknown, head: Head | undefined, fatal = false): { ok: false; error: SipParseError } {
  const e = toSipParseError(err);
  return {
    ok: false,
    error: new SipParseError(e.reason, {
      status: e.status,
      kind: head?.kind ?? e.kind,
      fatal,
      context: head === undefined ? undefined : buildContext(head),
    }),
  };
}

/** Builds the message from a head without line errors and validates it. */
export function completeMessage(head: Head, body: Buffer): ParseResult {
  if (head.error !== undefined) return failure(head.error, head);
  let message: SipMessage;
  if (head.request !== undefined) {
    const { method, uri, version } = head.request;
    message = new RequestMessage(method, uri, version, head.headers, body);
  } else if (head.response !== undefined) {
    const { status, reason, version } = head.response;
    message = { type: 'response', status, reason, version, headers: head.headers, body };
  } else {
    return failure(new SipParseError('malformed start-line'), head);
  }
  try {
    validateMessage(message);
  } catch (err) {
    return failure(err, head);
  }
  return { ok: true, message };
}

/** CRLF keep-alives (and a lax peer's bare LF) before the start-line are skipped (RFC 3261 §7.5). */
function skipLeadingCrlf(data: Buffer, from: number): number {
  let i = from;
  while (i < data.length && (data[i] === 0x0d || data[i] === 0x0a)) i++;
  return i;
}

function parseDatagramUnchecked(data: Buffer, limits: SipParserLimits): DatagramParseResult {
  const start = skipLeadingCrlf(data, 0);
  if (start >= data.length) throw new SipParseError('empty datagram (keep-alive)');
  let headEnd = data.indexOf(CRLF_CRLF, start);
  const terminated = headEnd >= 0;
  if (!terminated) {
    headEnd = data.length;
    if (data[headEnd - 1] === 0x0a && data[headEnd - 2] === 0x0d) headEnd -= 2;
  }
  if (headEnd - start > limits.maxHeaderBytes) throw new SipParseError('header section too large', { status: 513 });
  const head = parseHead(decodeHead(data, start, headEnd), limits);
  if (!terminated) {
    // RFC 3261 §7: the empty line MUST be present even without a body
    return failure(head.error ?? new SipParseError('header section not terminated by an empty line'), head);
  }
  const framing = framingLength(head, limits.maxBodySize);
  if (!framing.ok) return failure(head.error ?? framing.error, head);
  const bodyStart = headEnd + 4;
  const available = data.length - bodyStart;
  // RFC 3261 §18.3: without Content-Length over UDP the body runs to the end of the datagram
  const length = framing.length ?? available;
  if (length > limits.maxBodySize) return failure(new SipParseError('body larger than limit', { status: 413 }), head);
  if (length > available) {
    return failure(head.error ?? new SipParseError(`body shorter than Content-Length (${available} < ${length})`), head);
  }
  const result = completeMessage(head, data.subarray(bodyStart, bodyStart + length));
  return result.ok ? { ok: true, message: result.message, extraBytes: available - length } : result;
}

/**
 * Parses one datagram. Never throws: every failure is a SipParseError in the
 * result. The body is a view into `data` (no copy).
 */
export function parseDatagram(data: Uint8Array, options?: SipParserOptions): DatagramParseResult {
  try {
    return parseDatagramUnchecked(asBuffer(data), resolveLimits(options));
  } catch (err) {
    return failure(err, undefined);
  }
}

/** Parses a complete message held in a string or buffer (tests, tools). */
export function parseMessage(data: string | Uint8Array, options?: SipParserOptions): DatagramParseResult {
  return parseDatagram(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, options);
}
