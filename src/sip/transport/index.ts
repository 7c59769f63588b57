// Public surface of the SIP transport layer (RFC 3261 §18, RFC 3581): UDP, TCP, both on one
// port, and an in-memory loop network for tests. See types.ts for the contract.
//
//   const transports = await createTransports({
//     host: '0.0.0.0', port: 5060,
//     onMessage: (msg, source) => layer.receive(msg, source),        // requests arrive Via-stamped
//     onTransportError: (target, err) => layer.transportError(target, err),
//   });
//   // requests go to the target; responses are routed from the request's source per §18.2.2
//   const send = (msg: SipMessage, target: Remote) => transports.send(msg, target);
//   ...
//   await transports.close();

export { SipTransportError } from './errors.ts';
export type { SipTransportErrorCode } from './errors.ts';
export { DEFAULT_SIP_PORT, DEFAULT_TRANSPORT_LIMITS, MAX_UDP_PAYLOAD, T1_MS } from './types.ts';
export type {
  LocalAddress,
  SipTransport,
  SocketTransportOptions,
  TransportHandlers,
  TransportLimits,
  TransportLogger,
  TransportStats,
} from './types.ts';
export { normalizeAddress, responseTarget, stampVia } from './via-route.ts';
export { UdpTransport } from './udp.ts';
export type { UdpTransportOptions } from './udp.ts';
export { TcpTransport } from './tcp.ts';
export type { TcpTransportOptions } from './tcp.ts';
export { SipTransportSet, createTransports } from './set.ts';
export type { TransportSetOptions } from './set.ts';
export { LoopNetwork, LoopTransport, createLoopNetwork } from './loop.ts';
export type { LoopDropFilter, LoopEndpointOptions, LoopNetworkOptions, LoopNetworkStats } from './loop.ts';
