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

// Digest authentication (RFC 3261 §22, RFC 2617, RFC 7616, RFC 8760): see auth/.
export {
  DEFAULT_NONCE_TTL_MS,
  DEFAULT_SERVER_ALGORITHMS,
  DIGEST_ALGORITHMS,
  DigestServer,
  DigestServerPool,
  NonceCountTracker,
  algorithmStrength,
  authParam,
  authorize,
  computeDigestResponse,
  computeHa1,
  createClientAuthState,
  formatChallenge,
  formatCredentials,
  hexDigestsEqual,
  normaliseDigestUri,
  parseAlgorithm,
  parseAuthItems,
  parseChallenges,
  parseCredentials,
  sameDigestUri,
} from './auth/index.ts';
export type {
  AuthItem,
  AuthParam,
  AuthorizeFailureReason,
  AuthorizeOptions,
  AuthorizeResult,
  ClientAuthState,
  CredentialHeaderName,
  DigestAlgorithm,
  DigestChallenge,
  DigestChallengeInit,
  DigestChallengeOptions,
  DigestCredentials,
  DigestCredentialsInit,
  DigestHashName,
  DigestLookup,
  DigestResponseInput,
  DigestSecret,
  DigestServerOptions,
  DigestUserCredentials,
  DigestVerifyFailureReason,
  DigestVerifyOptions,
  DigestVerifyResult,
  NonceCountCheck,
  NonceCountTrackerOptions,
} from './auth/index.ts';

// Transport layer (RFC 3261 §18, RFC 3581): UDP, TCP, both on one port, and a loop network for tests.
export {
  DEFAULT_SIP_PORT,
  DEFAULT_TRANSPORT_LIMITS,
  LoopNetwork,
  LoopTransport,
  MAX_UDP_PAYLOAD,
  SipTransportError,
  SipTransportSet,
  TcpTransport,
  UdpTransport,
  createLoopNetwork,
  createTransports,
  normalizeAddress,
  responseTarget,
  stampVia,
} from './transport/index.ts';
export type {
  LocalAddress,
  LoopDropFilter,
  LoopEndpointOptions,
  LoopNetworkOptions,
  LoopNetworkStats,
  SipTransport,
  SipTransportErrorCode,
  SocketTransportOptions,
  TcpTransportOptions,
  TransportHandlers,
  TransportLimits,
  TransportLogger,
  TransportSetOptions,
  TransportStats,
  UdpTransportOptions,
} from './transport/index.ts';

// Transaction layer (RFC 3261 §17, §9 CANCEL, §13.3.1.4): src/sip/transaction/.
export {
  BranchGenerator,
  DEFAULT_TIMERS,
  Invite2xxRetransmitter,
  InviteClientTransaction,
  InviteServerTransaction,
  NonInviteClientTransaction,
  NonInviteServerTransaction,
  TransactionLayer,
  buildAck,
  buildCancel,
  createTransactionContext,
  resolveTimers,
} from './transaction/index.ts';
export type {
  ClientTransaction,
  ClientTransactionHandlers,
  Invite2xxHandlers,
  Invite2xxState,
  InviteClientState,
  InviteServerState,
  NonInviteClientState,
  NonInviteServerState,
  ReceiveResult,
  SendFn,
  ServerTransaction,
  ServerTransactionHandlers,
  TimerConfig,
  Transaction,
  TransactionContext,
  TransactionCounters,
  TransactionHandlers,
  TransactionKind,
  TransactionLayerOptions,
  TransactionLayerStats,
} from './transaction/index.ts';

export { Registrar } from './registrar/registrar.ts';
export type { Binding, LocationStore, RegistrarDomain, RegistrarOptions, RegisterOutcome } from './registrar/registrar.ts';
export { UserAgent, IncomingCall, OutgoingCall, SipCall, SourceRateLimiter, remoteOfUri } from './ua/index.ts';
export type { UserAgentOptions, Refusal, SignalEvent, OutgoingCallOptions, CallEvents, EndReason } from './ua/index.ts';
export {
  uasDialog, uacDialog, confirmUacDialog, inDialogRequest, receiveInDialog, refreshTarget, dialogKey, dialogIdOfRequest, newTag, newCallId,
} from './dialog/state.ts';
export type { DialogState, DialogId, InDialogOptions } from './dialog/state.ts';
