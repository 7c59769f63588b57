// Typed, lazily parsed views of header fields. Each parsed value is cached per
// header entry (and the Request-URI per request object) and re-parsed if the
// value string changes. The parser
// validates (and so caches) the fields below eagerly, so for a message that came
// out of parseDatagram / SipStreamParser these accessors never throw; for a
// hand-built message they throw SipParseError on a missing or malformed field.

import { readContactHeader, readNameAddr, readPartyHeader } from './address.ts';
import type { ContactHeader, NameAddr, PartyHeader } from './address.ts';
import { fail, trimWs } from './chars.ts';
import { sameHeaderName } from './header-names.ts';
import { HeaderField, RequestMessage } from './message.ts';
import type { SipHeader, SipMessage, SipRequest } from './message.ts';
import { readUri } from './uri.ts';
import type { Uri } from './uri.ts';
import { readCSeq, readCallId, readDate, readExpires, readMaxForwards, readMediaType } from './values.ts';
import type { CSeqHeader, MediaType } from './values.ts';
import { readVia } from './via.ts';
import type { ViaHeader } from './via.ts';

const readFrom = (s: string): PartyHeader => readPartyHeader(s, 'From');
const readTo = (s: string): PartyHeader => readPartyHeader(s, 'To');
const readRoute = (s: string): NameAddr => readNameAddr(s, 'Route', true);
const readContentType = (s: string): MediaType => readMediaType(s);

/** Per-entry parsers, cached on the entry (used by the validator and the accessors below). */
export const viaOf = (h: SipHeader): ViaHeader => HeaderField.parsed(h, readVia);
export const fromOf = (h: SipHeader): PartyHeader => HeaderField.parsed(h, readFrom);
export const toOf = (h: SipHeader): PartyHeader => HeaderField.parsed(h, readTo);
export const contactOf = (h: SipHeader): ContactHeader => HeaderField.parsed(h, readContactHeader);
export const routeOf = (h: SipHeader): NameAddr => HeaderField.parsed(h, readRoute);
export const cseqOf = (h: SipHeader): CSeqHeader => HeaderField.parsed(h, readCSeq);
export const mediaTypeOf = (h: SipHeader): MediaType => HeaderField.parsed(h, readContentType);

/** Entries of a field given its canonical name (no re-canonicalisation). */
function entries(msg: SipMessage, name: string): SipHeader[] {
  const out: SipHeader[] = [];
  for (const h of msg.headers) if (sameHeaderName(h.name, name)) out.push(h);
  return out;
}

function single(msg: SipMessage, name: string): SipHeader | undefined {
  let found: SipHeader | undefined;
  for (const h of msg.headers) {
    if (!sameHeaderName(h.name, name)) continue;
    if (found !== undefined) fail(`multiple ${name} header fields`);
    found = h;
  }
  return found;
}

function required(msg: SipMessage, name: string): SipHeader {
  const h = single(msg, name);
  if (h === undefined) fail(`missing ${name} header field`);
  return h;
}

/** Parsed Request-URI (any scheme; kind "other" means the server should answer 416). */
export function getRequestUri(req: SipRequest): Uri {
  return RequestMessage.parsedUri(req, readUri);
}

/** Every Via value, topmost first (RFC 3261 §20.42). */
export function getVias(msg: SipMessage): ViaHeader[] {
  return entries(msg, 'Via').map(viaOf);
}

export function getTopVia(msg: SipMessage): ViaHeader | undefined {
  for (const h of msg.headers) if (sameHeaderName(h.name, 'Via')) return viaOf(h);
  return undefined;
}

export function getFrom(msg: SipMessage): PartyHeader {
  return fromOf(required(msg, 'From'));
}

export function getTo(msg: SipMessage): PartyHeader {
  return toOf(required(msg, 'To'));
}

export function getCallId(msg: SipMessage): string {
  return readCallId(required(msg, 'Call-ID').value);
}

export function getCSeq(msg: SipMessage): CSeqHeader {
  return cseqOf(required(msg, 'CSeq'));
}

/** Max-Forwards, or undefined when absent (RFC 2543 peers omit it, RFC 4475 §3.4.1). */
export function getMaxForwards(msg: SipMessage): number | undefined {
  const h = single(msg, 'Max-Forwards');
  return h === undefined ? undefined : readMaxForwards(h.value);
}

/** Contact values; "*" for the REGISTER wildcard (RFC 3261 §10.2.2); [] when absent. */
export function getContacts(msg: SipMessage): ContactHeader[] | '*' {
  const list = entries(msg, 'Contact');
  if (list.length === 1 && trimWs(list[0]!.value) === '*') return '*';
  return list.map(contactOf);
}

export function getRoutes(msg: SipMessage): NameAddr[] {
  return entries(msg, 'Route').map(routeOf);
}

export function getRecordRoutes(msg: SipMessage): NameAddr[] {
  return entries(msg, 'Record-Route').map(routeOf);
}

export function getContentType(msg: SipMessage): MediaType | undefined {
  const h = single(msg, 'Content-Type');
  return h === undefined ? undefined : mediaTypeOf(h);
}

/** Expires header in seconds, or undefined when absent. */
export function getExpires(msg: SipMessage): number | undefined {
  const h = single(msg, 'Expires');
  return h === undefined ? undefined : readExpires(h.value);
}

/** Date header as epoch milliseconds, or undefined when absent. */
export function getDate(msg: SipMessage): number | undefined {
  const h = single(msg, 'Date');
  return h === undefined ? undefined : readDate(h.value);
}
