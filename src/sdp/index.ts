// Public surface of the SDP engine: RFC 4566 descriptions (parsed and written through
// sdp-transform) and RFC 3264 offer/answer for one audio stream. Pure: text in, text and
// negotiated parameters out; no sockets, timers, store or bus.

export { SDP_ERROR_CODES, SdpError } from './errors.ts';
export type { SdpErrorCode, SdpResult } from './errors.ts';

export { mediaConnection, mediaDirection } from './model.ts';
export type { Connection, Direction, IpVersion, MediaDescription, Origin, PayloadType, RtcpAttribute, SessionDescription } from './model.ts';
export { parseSdp } from './parse.ts';
export { writeSdp } from './write.ts';

export { CODECS, SUPPORTED_EVENTS, TELEPHONE_EVENT, codecOf, formatEvents, parseEvents, staticPayload } from './codecs.ts';
export type { CodecInfo, CodecName } from './codecs.ts';

export { DEFAULT_PTIME } from './local.ts';
export type { LocalMedia, Ptime } from './local.ts';
export { choosePtime, intersect, isNullAddress, mirror } from './negotiate.ts';
export type { AnswerResult, Negotiated, NegotiatedCodec, NegotiationResult, PreviousExchange, RemoteMedia } from './negotiate.ts';

export { answer } from './answer.ts';
export { DEFAULT_TELEPHONE_EVENT_PT, createOffer, processAnswer } from './offer.ts';
export type { LocalOffer } from './offer.ts';
