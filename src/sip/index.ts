// Public surface of the SIP message layer (RFC 3261 §7, §19, §20, §25).
// A pure engine: bytes in, messages out; no sockets, timers, store or bus.

export { SipParseError } from './errors.ts';
export type { ResponseContext, Result, SipMessageKind, SipParseErrorInit } from './errors.ts';

export {
  SIP_VERSION,
  addHeader,
  createRequest,
  createResponse,
  getHeader,
  getHeaderEntries,
  getHeaders,
  hasHeader,
  header,
  isRequest,
  isResponse,
  prependHeader,
  removeHeader,
  setHeader,
} from './message.ts';
export type { HeaderInit, SipHeader, SipMessage, SipRequest, SipResponse } from './message.ts';

export { COMPACT_FORMS, LIST_HEADERS, canonicalHeaderName, sameHeaderName, splitList } from './header-names.ts';

export { DEFAULT_LIMITS } from './head.ts';
export type { SipParserLimits } from './head.ts';
export { parseDatagram, parseMessage } from './parser.ts';
export type { DatagramParseResult, ParseResult, SipParserOptions } from './parser.ts';
export { SipStreamParser } from './stream.ts';

export { serializeHead, serializeMessage } from './serializer.ts';
export { REASON_PHRASES, buildErrorResponse, buildResponse, reasonPhrase } from './response.ts';
export type { BuildResponseOptions } from './response.ts';
export { DEFAULT_METHODS, classifyRequest, isAcceptable } from './classify.ts';
export type { Rejection, RequestPolicy } from './classify.ts';

export {
  getCSeq,
  getCallId,
  getContacts,
  getContentType,
  getDate,
  getExpires,
  getFrom,
  getMaxForwards,
  getRecordRoutes,
  getRequestUri,
  getRoutes,
  getTo,
  getTopVia,
  getVias,
} from './accessors.ts';

export { formatUri, isSipUri, parseUri, uriParam } from './uri.ts';
export type { OtherUri, SipUri, TelUri, Uri, UriParam } from './uri.ts';
export type { HostType } from './host.ts';
export { findParam, formatParams, unquote } from './params.ts';
export type { HeaderParam } from './params.ts';
export { formatNameAddr, parseNameAddr, parseQValue } from './address.ts';
export type { ContactHeader, NameAddr, PartyHeader } from './address.ts';
export { BRANCH_MAGIC_COOKIE, formatVia, isRfc3261Branch, parseVia } from './via.ts';
export type { ViaHeader } from './via.ts';
export { formatCSeq, parseAuthScheme, parseCSeq, parseMediaType } from './values.ts';
export type { CSeqHeader, MediaType } from './values.ts';

export { isReliable, remoteKey } from './remote.ts';
export type { Remote, TransportName } from './remote.ts';
