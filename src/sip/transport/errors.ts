// The one error type of the SIP transport layer. Like SipParseError it carries a stable
// string code; the core maps it to a SIP status (503, 408 …) only at the edge.

import type { Remote } from '../remote.ts';

export type SipTransportErrorCode =
  /** The peer refused or reset the connection, or the socket failed while sending. */
  | 'ERR_SIP_TRANSPORT_CONNECT'
  /** An outgoing TCP connect did not complete within connectTimeoutMs. */
  | 'ERR_SIP_TRANSPORT_CONNECT_TIMEOUT'
  /** The connection failed after it was established (reset, write error). */
  | 'ERR_SIP_TRANSPORT_CONNECTION'
  /** The message does not fit in one UDP datagram (> 65507 octets). */
  | 'ERR_SIP_TRANSPORT_TOO_LARGE'
  /** maxConnections or maxBufferedBytes was reached. */
  | 'ERR_SIP_TRANSPORT_LIMIT'
  /** No transport for target.transport (or a Via transport we do not implement). */
  | 'ERR_SIP_TRANSPORT_UNSUPPORTED'
  /** The transport is not listening (before listen() or after close()). */
  | 'ERR_SIP_TRANSPORT_CLOSED'
  /** A response has no usable top Via to route it by (§18.2.2). */
  | 'ERR_SIP_TRANSPORT_NO_ROUTE';

export class SipTransportError extends Error {
  override readonly name = 'SipTransportError';
  readonly code: SipTransportErrorCode;
  /** Where the failed message was going. */
  readonly target: Remote | undefined;

  constructor(code: SipTransportErrorCode, message: string, target?: Remote, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.target = target;
  }
}

/** Turns a socket error into a SipTransportError (keeps the errno code in the message). */
export function fromSocketError(code: SipTransportErrorCode, err: unknown, target: Remote): SipTransportError {
  if (err instanceof SipTransportError) return err;
  const errno = (err as { code?: unknown } | null)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  const what = typeof errno === 'string' ? `${errno}: ${detail}` : detail;
  return new SipTransportError(code, `${target.transport} ${target.address}:${target.port}: ${what}`, target, err);
}
