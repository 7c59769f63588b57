// The contract between the SIP transport layer (RFC 3261 §18) and the layers above it
// (transactions, the core). A transport moves whole messages: it frames and parses what
// arrives, stamps Via per §18.2.1 / RFC 3581 §4, answers what the parser rejected, and
// serializes what it is given. It never retransmits: that is the transaction layer's job.

import type { SipParseError } from '../errors.ts';
import type { SipMessage, SipResponse } from '../message.ts';
import type { SipParserOptions } from '../parser.ts';
import type { Remote, TransportName } from '../remote.ts';
import type { SipTransportError } from './errors.ts';

/** Where a transport listens, as bound (port 0 is replaced by the real port after listen()). */
export interface LocalAddress {
  readonly address: string;
  readonly port: number;
}

/**
 * Callbacks into the layer above. They are called from socket events, never synchronously
 * from inside send(), so a transaction state machine is never re-entered mid-transition.
 * A handler that throws is caught, counted in stats.handlerErrors and logged; the transport
 * keeps serving.
 */
export interface TransportHandlers {
  /**
   * A parsed request (top Via already stamped with received/rport, §18.2.1, RFC 3581 §4)
   * or a response whose top Via names us (§18.1.2). `source` is where the octets came from:
   * for TCP, the connection's peer, so `send(response, source)` reuses that connection.
   */
  onMessage?: ((message: SipMessage, source: Remote) => void) | undefined;
  /**
   * Input the parser rejected. `answered` is true when the transport itself sent the
   * suggested 4xx/5xx back (§18.2.2); otherwise the input was dropped (responses, ACK,
   * garbage with no readable Via). Keep-alives (CRLF only) are not reported.
   */
  onParseError?: ((error: SipParseError, source: Remote, answered: boolean) => void) | undefined;
  /**
   * Sending to `target` failed, or the connection to it broke with an error (RFC 3261 §8.1.3.1,
   * §17.1.4: the transaction should fail now instead of waiting for Timer B/F).
   */
  onTransportError?: ((target: Remote, error: SipTransportError) => void) | undefined;
}

/** Counters for metrics and tests (plain integers, incremented in place). */
export interface TransportStats {
  /** Messages delivered to onMessage. */
  messagesIn: number;
  /** Messages handed to the socket by send() / sendResponse(). */
  messagesOut: number;
  /** Inputs the parser rejected (all of them, answered or not). */
  parseErrors: number;
  /** Parse errors the transport answered with a 4xx/5xx. */
  errorResponses: number;
  /** Responses dropped because their top Via does not name us (§18.1.2). */
  strayResponses: number;
  /** send() calls that failed (too large, refused, reset, timed out …). */
  sendErrors: number;
  /** Exceptions thrown by the handlers. */
  handlerErrors: number;
  /** TCP connections accepted / opened since start. */
  connectionsOpened: number;
  /** TCP connections currently open (inbound plus outbound). */
  connections: number;
}

export function newStats(): TransportStats {
  return {
    messagesIn: 0,
    messagesOut: 0,
    parseErrors: 0,
    errorResponses: 0,
    strayResponses: 0,
    sendErrors: 0,
    handlerErrors: 0,
    connectionsOpened: 0,
    connections: 0,
  };
}

/** What the layers above use; implemented by the UDP, TCP, combined and loop transports. */
export interface SipTransport {
  /** Protocols this transport can send on (`target.transport` must be one of them). */
  readonly protocols: readonly TransportName[];
  /** Bound address; valid after listen() resolved. */
  readonly local: LocalAddress;
  readonly stats: TransportStats;
  listen(): Promise<void>;
  /**
   * Serializes and sends `message`. A request goes to `target`. A response is routed per
   * §18.2.2 / RFC 3581 §4 with `target` taken as the Remote the request came from (what
   * onMessage gave): over TCP the same connection, or, if it has closed, a new one to the top
   * Via's received (or sent-by host) and sent-by port; over UDP received:rport, else the
   * sent-by address and port (5060 by default). See responseTarget().
   * Never throws for network conditions: failures arrive through onTransportError. (A message
   * with CR/LF inside a field throws RangeError from the serializer: a programming error.)
   */
  send(message: SipMessage, target: Remote): void;
  /**
   * A response routed by its top Via alone when `source` is omitted (e.g. a stateless answer
   * with no request at hand); with `source`, the same as send(response, source).
   */
  sendResponse(response: SipResponse, source?: Remote): void;
  /** Replaces the handlers given at construction (late binding for the transaction layer). */
  setHandlers(handlers: TransportHandlers): void;
  /** Stops listening, closes every connection and timer. Idempotent. */
  close(): Promise<void>;
}

/** The logging surface a transport uses (pino's Logger fits). Never called per packet. */
export interface TransportLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Limits for stream connections. */
export interface TransportLimits {
  /** TCP connections open at once, inbound plus outbound; more are refused. */
  maxConnections: number;
  /**
   * Octets held per connection, either direction: unparsed input waiting for the rest of a
   * message, or output the peer has not read yet. Past it the connection is closed.
   */
  maxBufferedBytes: number;
  /** A connection with no traffic either way for this long is closed (default 64*T1 = 32 s). */
  idleTimeoutMs: number;
  /** An outgoing connect that has not completed by then fails with ERR_SIP_TRANSPORT_CONNECT_TIMEOUT. */
  connectTimeoutMs: number;
}

/** RFC 3261 §17.1.1.1: T1 = 500 ms. */
export const T1_MS = 500;

export const DEFAULT_TRANSPORT_LIMITS: Readonly<TransportLimits> = Object.freeze({
  maxConnections: 10_000,
  // a maximal message is 64 KiB of header plus a 1 MiB body (the parser's defaults)
  maxBufferedBytes: 2 * 1024 * 1024,
  idleTimeoutMs: 64 * T1_MS,
  connectTimeoutMs: 10_000,
});

/** RFC 3261 §19.1.2: the default port for sip: over UDP and TCP. */
export const DEFAULT_SIP_PORT = 5060;

/** Largest UDP payload over IPv4 (65535 - 8 UDP - 20 IP). Larger messages are refused, not fragmented. */
export const MAX_UDP_PAYLOAD = 65_507;

/** Options every socket transport takes. */
export interface SocketTransportOptions extends TransportHandlers {
  /** Address to bind, e.g. "127.0.0.1", "0.0.0.0", "::". */
  host: string;
  /** Port to bind; 0 picks a free one (read it from `local` after listen()). */
  port: number;
  /** Limits handed to the message parser. */
  parser?: SipParserOptions | undefined;
  /**
   * The sent-by values ("host" or "host:port") this element writes in its Via headers. A
   * response whose top Via names none of them is dropped (§18.1.2). Default: the bound
   * address and port, or any host on the bound port when bound to a wildcard address.
   * 'any' turns the check off.
   */
  sentBy?: readonly string[] | 'any' | undefined;
  logger?: TransportLogger | undefined;
}
