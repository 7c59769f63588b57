// Public surface of src/media/dtmf/: RFC 4733 receive and send, SIP INFO bodies, in-band
// (Goertzel) detection, and a small pcap reader for tests and tools. Pure engines: no sockets,
// no clock (times are passed in).

export { DTMF_KEYS, FLASH_EVENT, DtmfError, eventForKey, signalForEvent } from './types.ts';
export type { DtmfEnd, DtmfEndReason, DtmfErrorCode, DtmfKey, DtmfSignal, DtmfStart } from './types.ts';
export { TELEPHONE_EVENT_BLOCK, decodeTelephoneEvents, encodeTelephoneEvent } from './telephone-event.ts';
export type { TelephoneEvent } from './telephone-event.ts';
export { Rfc4733Receiver } from './receiver.ts';
export type {
  RtpDtmfEnd, RtpDtmfEvent, RtpDtmfStart, RtpEventMeta, RtpEventPacket, Rfc4733ReceiverOptions, Rfc4733ReceiverStats,
} from './receiver.ts';
export { DtmfSender, planDtmf, validateDigits } from './sender.ts';
export type { DtmfSendOptions, DtmfTxPacket } from './sender.ts';
export { DTMF_INFO_CONTENT_TYPES, isDtmfInfoContentType, parseDtmfInfo } from './info.ts';
export type { DtmfInfo, DtmfInfoOptions } from './info.ts';
export { DTMF_COL_HZ, DTMF_ROW_HZ, GoertzelDtmfDetector } from './goertzel.ts';
export type { GoertzelOptions } from './goertzel.ts';
export { LINKTYPE, readPcap, readPcapUdp } from './pcap.ts';
export type { PcapHeader, PcapRecord, PcapUdpDatagram } from './pcap.ts';
