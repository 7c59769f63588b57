// The SIP message model (RFC 3261 §7): a start-line, an ordered header list and
// an octet body. Header names are stored in canonical form (compact forms
// expanded); list-valued fields hold one entry per element (§7.3.1).

import { canonicalHeaderName, sameHeaderName } from './header-names.ts';

export const SIP_VERSION = 'SIP/2.0';

export interface SipHeader {
  /** Canonical name ("Via", "Call-ID"); unknown names keep their spelling. */
  readonly name: string;
  /** Value with line folding replaced by single spaces and outer LWS trimmed. */
  value: string;
}

interface SipMessageCommon {
  /** "SIP/2.0" (upper-cased as received). */
  version: string;
  headers: SipHeader[];
  body: Buffer;
}

export interface SipRequest extends SipMessageCommon {
  type: 'request';
  method: string;
  /** Request-URI as written; getRequestUri() gives the parsed form. */
  uri: string;
}

export interface SipResponse extends SipMessageCommon {
  type: 'response';
  status: number;
  reason: string;
}

export type SipMessage = SipRequest | SipResponse;

export interface HeaderInit {
  name: string;
  value: string;
}

/**
 * The header entry the parser and header() create. Besides name and value it
 * holds a private parse cache, so a typed accessor parses a value at most once
 * (re-parsing only if `value` is changed). Plain { name, value } objects work
 * everywhere too; they are just parsed on every access.
 */
export class HeaderField implements SipHeader {
  readonly name: string;
  value: string;
  #raw: string | undefined = undefined;
  #reader: unknown = undefined;
  #parsed: unknown = undefined;

  constructor(name: string, value: string) {
    this.name = name;
    this.value = value;
  }

  /** `read(h.value)`, cached on HeaderField entries per reader function. */
  static parsed<T>(h: SipHeader, read: (raw: string) => T): T {
    if (!(h instanceof HeaderField)) return read(h.value);
    if (h.#reader === read && h.#raw === h.value) return h.#parsed as T;
    const v = read(h.value);
    h.#raw = h.value;
    h.#reader = read;
    h.#parsed = v;
    return v;
  }
}

/** A header entry with its name canonicalised (compact forms expanded). */
export function header(name: string, value: string): SipHeader {
  return new HeaderField(canonicalHeaderName(name), value);
}

function toHeaders(list: readonly HeaderInit[] | undefined): SipHeader[] {
  return list === undefined ? [] : list.map((h) => header(h.name, h.value));
}

/**
 * The request object the parser and createRequest() build: the SipRequest
 * fields plus a private cache for the parsed Request-URI (see getRequestUri).
 */
export class RequestMessage implements SipRequest {
  readonly type = 'request' as const;
  method: string;
  uri: string;
  version: string;
  headers: SipHeader[];
  body: Buffer;
  #uriRaw: string | undefined = undefined;
  #uriParsed: unknown = undefined;

  constructor(method: string, uri: string, version: string, headers: SipHeader[], body: Buffer) {
    this.method = method;
    this.uri = uri;
    this.version = version;
    this.headers = headers;
    this.body = body;
  }

  /** `read(req.uri)`, cached on RequestMessage objects while `uri` is unchanged. */
  static parsedUri<T>(req: SipRequest, read: (raw: string) => T): T {
    if (!(req instanceof RequestMessage)) return read(req.uri);
    if (req.#uriRaw === req.uri) return req.#uriParsed as T;
    const v = read(req.uri);
    req.#uriRaw = req.uri;
    req.#uriParsed = v;
    return v;
  }
}

export function createRequest(init: {
  method: string;
  uri: string;
  headers?: readonly HeaderInit[];
  body?: Buffer;
}): SipRequest {
  return new RequestMessage(init.method, init.uri, SIP_VERSION, toHeaders(init.headers), init.body ?? Buffer.alloc(0));
}

export function createResponse(init: {
  status: number;
  reason: string;
  headers?: readonly HeaderInit[];
  body?: Buffer;
}): SipResponse {
  return {
    type: 'response',
    status: init.status,
    reason: init.reason,
    version: SIP_VERSION,
    headers: toHeaders(init.headers),
    body: init.body ?? Buffer.alloc(0),
  };
}

export function isRequest(msg: SipMessage): msg is SipRequest {
  return msg.type === 'request';
}

export function isResponse(msg: SipMessage): msg is SipResponse {
  return msg.type === 'response';
}

/** First value of the named field (case-insensitive, compact forms accepted). */
export function getHeader(msg: Pick<SipMessage, 'headers'>, name: string): string | undefined {
  const key = canonicalHeaderName(name);
  for (const h of msg.headers) if (h.name === key || sameHeaderName(h.name, key)) return h.value;
  return undefined;
}

/** Every value of the named field, in message order. */
export function getHeaders(msg: Pick<SipMessage, 'headers'>, name: string): string[] {
  const key = canonicalHeaderName(name);
  const out: string[] = [];
  for (const h of msg.headers) if (h.name === key || sameHeaderName(h.name, key)) out.push(h.value);
  return out;
}

/** The header entries (objects) of the named field, in message order. */
export function getHeaderEntries(msg: Pick<SipMessage, 'headers'>, name: string): SipHeader[] {
  const key = canonicalHeaderName(name);
  const out: SipHeader[] = [];
  for (const h of msg.headers) if (h.name === key || sameHeaderName(h.name, key)) out.push(h);
  return out;
}

export function hasHeader(msg: Pick<SipMessage, 'headers'>, name: string): boolean {
  return getHeader(msg, name) !== undefined;
}

/** Appends a value after the existing ones. */
export function addHeader(msg: Pick<SipMessage, 'headers'>, name: string, value: string): void {
  msg.headers.push(header(name, value));
}

/** Inserts a value before the existing ones (e.g. a new top Via or Record-Route). */
export function prependHeader(msg: Pick<SipMessage, 'headers'>, name: string, value: string): void {
  const key = canonicalHeaderName(name);
  const at = msg.headers.findIndex((h) => sameHeaderName(h.name, key));
  msg.headers.splice(at < 0 ? msg.headers.length : at, 0, header(key, value));
}

/** Removes every value of the field; returns how many were removed. */
export function removeHeader(msg: Pick<SipMessage, 'headers'>, name: string): number {
  const key = canonicalHeaderName(name);
  const before = msg.headers.length;
  msg.headers = msg.headers.filter((h) => !sameHeaderName(h.name, key));
  return before - msg.headers.length;
}

/** Replaces every value of the field with one value, at the first one's position. */
export function setHeader(msg: Pick<SipMessage, 'headers'>, name: string, value: string): void {
  const key = canonicalHeaderName(name);
  const at = msg.headers.findIndex((h) => sameHeaderName(h.name, key));
  removeHeader(msg, key);
  msg.headers.splice(at < 0 ? msg.headers.length : at, 0, header(key, value));
}
