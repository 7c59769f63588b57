// Public surface of src/media/bridge/: the Bridge engine that relays media between two call legs
// (payload forward, µ-law ↔ A-law by table, re-framing between ptimes), RFC 4733 passthrough,
// PCM taps for recording. No sockets and no clock: the leg endpoints feed it packets and send
// what it hands their LegSink.

export { Bridge } from './bridge.ts';
export { choosePath } from './audio-relay.ts';
export type {
  BridgeDirectionStats,
  BridgeDtmf,
  BridgeEvents,
  BridgeOptions,
  BridgeRtpIn,
  BridgeTap,
  DtmfRelayOutcome,
  G711Codec,
  LegFormat,
  LegId,
  LegSink,
  RelayPath,
  RelayedEventPacket,
} from './types.ts';
