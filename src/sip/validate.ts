// Semantic checks a strict element applies before a message reaches the
// transaction layer (RFC 3261 §8.1.1, §8.2, §16.3, §18.3, §20; RFC 4475 §3.1.2,
// §3.3). Checks that depend on the element's policy (416, 420, 415, 483 …) are
// NOT here: see classify.ts.

import { attempt, SipParseError } from './errors.ts';
import type { ResponseContext } from './errors.ts';
import type { Head } from './head.ts';
import { contactOf, cseqOf, fromOf, getRequestUri, mediaTypeOf, routeOf, toOf, viaOf } from './accessors.ts';
import { parseDigits, trimWs } from './chars.ts';
import { sameHeaderName } from './header-names.ts';
import type { SipHeader, SipMessage, SipRequest } from './message.ts';
import { readCSeq, readCallId, readDate, readExpires, readMaxForwards } from './values.ts';
import { readVia } from './via.ts';

/** Fields that must appear at most once (RFC 3261 §7.3.1: not list-valued). */
const SINGLE = ['From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards', 'Content-Length', 'Content-Type', 'Expires', 'Date'];
/** Mandatory in every request and response (RFC 3261 §8.1.1; Max-Forwards tolerated absent, RFC 4475 §3.4.1). */
const MANDATORY = ['Via', 'From', 'To', 'Call-ID', 'CSeq'];

function values(headers: readonly SipHeader[], name: string): string[] {
  const out: string[] = [];
  for (const h of headers) if (h.name === name || sameHeaderName(h.name, name)) out.push(h.value);
  return out;
}

function one(headers: readonly SipHeader[], name: string): string | undefined {
  const v = values(headers, name);
  return v.length === 1 ? v[0] : undefined;
}

/** What a transport needs to answer a broken request (RFC 3261 §8.2.6.2). */
export function buildContext(head: Head): ResponseContext | undefined {
  if (head.kind !== 'request' || head.method === undefined) return undefined;
  const vias = values(head.headers, 'Via');
  const from = one(head.headers, 'From');
  const to = one(head.headers, 'To');
  const callId = one(head.headers, 'Call-ID');
  const cseq = one(head.headers, 'CSeq');
  const addressable = vias.length > 0 && attempt(() => readVia(vias[0]!)).ok;
  const complete =
    addressable &&
    from !== undefined &&
    to !== undefined &&
    callId !== undefined &&
    attempt(() => readCallId(callId)).ok &&
    cseq !== undefined &&
    attempt(() => readCSeq(cseq)).ok;
  return { method: head.method, vias, from, to, callId, cseq, addressable, complete };
}

export type Framing = { ok: true; length: number | undefined } | { ok: false; error: SipParseError };

/**
 * Content-Length as needed for framing (RFC 3261 §18.3, §20.14): undefined when
 * absent; an error when repeated, negative, not numeric or over the body limit.
 */
export function framingLength(head: Head, maxBodySize: number): Framing {
  const list = values(head.headers, 'Content-Length');
  if (list.length === 0) return { ok: true, length: undefined };
  if (list.length > 1) return { ok: false, error: new SipParseError('multiple Content-Length header fields') };
  const v = trimWs(list[0]!);
  const n = parseDigits(v, Number.MAX_SAFE_INTEGER);
  if (n < 0) return { ok: false, error: new SipParseError(`invalid Content-Length "${v.slice(0, 24)}"`) };
  if (n > maxBodySize) return { ok: false, error: new SipParseError('body larger than limit', { status: 413 }) };
  return { ok: true, length: n };
}

function check<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SipParseError) throw new SipParseError(`${what}: ${err.reason}`, { status: err.status });
    throw err;
  }
}

/** The fields the validator looks at, gathered in one pass over the headers. */
interface Fields {
  via: SipHeader[];
  contact: SipHeader[];
  route: SipHeader[];
  recordRoute: SipHeader[];
  single: Map<string, SipHeader>;
}

const SINGLE_SET: ReadonlySet<string> = new Set(SINGLE);

function gather(headers: readonly SipHeader[]): Fields {
  const f: Fields = { via: [], contact: [], route: [], recordRoute: [], single: new Map() };
  for (const h of headers) {
    switch (h.name) {
      case 'Via': f.via.push(h); break;
      case 'Contact': f.contact.push(h); break;
      case 'Route': f.route.push(h); break;
      case 'Record-Route': f.recordRoute.push(h); break;
      default:
        if (SINGLE_SET.has(h.name)) {
          if (f.single.has(h.name)) throw new SipParseError(`multiple ${h.name} header fields`);
          f.single.set(h.name, h);
        }
    }
  }
  return f;
}

function validateRequestUri(req: SipRequest): void {
  // ltgtruri: a Request-URI is never enclosed in <> (RFC 4475 §3.1.2.7)
  if (req.uri.charCodeAt(0) === 0x3c) throw new SipParseError('Request-URI enclosed in <>');
  const uri = check('Request-URI', () => getRequestUri(req));
  // RFC 3261 §19.1.1 table: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11)
  if (uri.kind === 'sip' && uri.headers.length > 0) throw new SipParseError('headers in Request-URI');
}

/**
 * Validates a message assembled from a head without line-level errors.
 * Throws SipParseError with a suggested status. Parsed values land in the
 * accessor caches, so later accessor calls are free. Expects canonical header
 * names (as the parser produces).
 */
export function validateMessage(msg: SipMessage): void {
  if (msg.type === 'request') validateRequestUri(msg);
  const f = gather(msg.headers);
  if (f.via.length === 0) throw new SipParseError('missing Via header field');
  for (const name of MANDATORY) {
    if (name !== 'Via' && !f.single.has(name)) throw new SipParseError(`missing ${name} header field`);
  }
  for (const h of f.via) check('Via', () => viaOf(h));
  check('From', () => fromOf(f.single.get('From')!));
  check('To', () => toOf(f.single.get('To')!));
  check('Call-ID', () => readCallId(f.single.get('Call-ID')!.value));
  const cseq = check('CSeq', () => cseqOf(f.single.get('CSeq')!));
  if (msg.type === 'request' && cseq.method !== msg.method) {
    // RFC 3261 §8.1.1.5, RFC 4475 §3.1.2.17-18
    throw new SipParseError(`CSeq method ${cseq.method} does not match ${msg.method}`);
  }
  const mf = f.single.get('Max-Forwards');
  if (mf !== undefined) check('Max-Forwards', () => readMaxForwards(mf.value));
  if (f.contact.length === 1 && trimWs(f.contact[0]!.value) === '*') {
    // RFC 3261 §10.2.2: the wildcard is for REGISTER only
    if (msg.type === 'request' && msg.method !== 'REGISTER') throw new SipParseError('wildcard Contact outside REGISTER');
  } else {
    for (const h of f.contact) check('Contact', () => contactOf(h));
  }
  for (const h of f.route) check('Route', () => routeOf(h));
  for (const h of f.recordRoute) check('Record-Route', () => routeOf(h));
  const ct = f.single.get('Content-Type');
  if (ct !== undefined) check('Content-Type', () => mediaTypeOf(ct));
  const expires = f.single.get('Expires');
  if (expires !== undefined) check('Expires', () => readExpires(expires.value));
  const date = f.single.get('Date');
  if (date !== undefined) check('Date', () => readDate(date.value));
  // RFC 3261 §20.15: a non-empty body must have a Content-Type
  if (msg.body.length > 0 && ct === undefined) throw new SipParseError('body without Content-Type');
}
