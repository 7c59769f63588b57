// The receive path every transport shares (UDP, TCP, loop): a parse result in, and either a
// delivery to the layer above, a silent drop, or an error response for the caller to send
// back (RFC 3261 §18.2.1, §18.1.2, §8.2.6.2 via buildErrorResponse). No I/O here.

import type { SipParseError } from '../errors.ts';
import type { SipMessage, SipResponse } from '../message.ts';
import type { ParseResult } from '../parser.ts';
import type { Remote } from '../remote.ts';
import { buildErrorResponse } from '../response.ts';
import type { SipTransportError } from './errors.ts';
import { newStats } from './types.ts';
import type { LocalAddress, TransportHandlers, TransportLogger, TransportStats } from './types.ts';
import { SentByMatcher, readTopVia, stampVia } from './via-route.ts';

/** True for a datagram or chunk made only of CR and LF (RFC 5626 §3.5.1 keep-alive). */
export function isKeepAlive(data: Uint8Array): boolean {
  if (data.length === 0) return true;
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
}

export class Receiver {
  handlers: TransportHandlers;
  readonly stats: TransportStats = newStats();
  /** Where the transport listens; the real port once bound (setLocal). */
  local: LocalAddress;
  readonly #sentBy: SentByMatcher;
  readonly #logger: TransportLogger | undefined;

  constructor(
    handlers: TransportHandlers,
    sentBy: readonly string[] | 'any' | undefined,
    logger: TransportLogger | undefined,
    local: LocalAddress,
  ) {
    this.local = local;
    this.handlers = { onMessage: handlers.onMessage, onParseError: handlers.onParseError, onTransportError: handlers.onTransportError };
    this.#sentBy = new SentByMatcher(sentBy);
    this.#logger = logger;
  }

  setLocal(local: LocalAddress): void {
    this.local = local;
    this.#sentBy.setLocal(local);
  }

  /**
   * One parse result from `source`. Returns the error response the caller must send back
   * (UDP: to responseTarget(response, source); TCP: on the same connection), or undefined.
   */
  accept(result: ParseResult, source: Remote): SipResponse | undefined {
    if (result.ok) {
      this.deliver(result.message, source);
      return undefined;
    }
    return this.reject(result.error, source);
  }

  /** §18.2.1: stamp a request's Via; §18.1.2: drop a response whose top Via is not ours. */
  deliver(message: SipMessage, source: Remote): void {
    if (message.type === 'request') {
      stampVia(message, source);
    } else {
      const via = readTopVia(message);
      if (via === undefined || !this.#sentBy.matches(via)) {
        this.stats.strayResponses++;
        return;
      }
    }
    this.stats.messagesIn++;
    const onMessage = this.handlers.onMessage;
    if (onMessage === undefined) return;
    try {
      onMessage(message, source);
    } catch (err) {
      this.#handlerFailed(err, 'onMessage');
    }
  }

  /**
   * A rejected input. A request with a readable top Via gets the parser's suggested status
   * (400, 505, 513 …) unless it is an ACK (which is never answered, §17.1.1.3); responses and
   * unreadable garbage are dropped (§18.1.2, §18.2.1).
   */
  reject(error: SipParseError, source: Remote): SipResponse | undefined {
    this.stats.parseErrors++;
    let response: SipResponse | undefined;
    if (error.canRespond && error.context?.method !== 'ACK') {
      response = buildErrorResponse(error);
      if (response !== undefined) {
        stampVia(response, source);
        this.stats.errorResponses++;
      }
    }
    const onParseError = this.handlers.onParseError;
    if (onParseError !== undefined) {
      try {
        onParseError(error, source, response !== undefined);
      } catch (err) {
        this.#handlerFailed(err, 'onParseError');
      }
    }
    return response;
  }

  /** Reports a failed send or broken connection; always asynchronously (never inside send()). */
  transportError(target: Remote, error: SipTransportError): void {
    this.stats.sendErrors++;
    queueMicrotask(() => {
      const onTransportError = this.handlers.onTransportError;
      if (onTransportError === undefined) return;
      try {
        onTransportError(target, error);
      } catch (err) {
        this.#handlerFailed(err, 'onTransportError');
      }
    });
  }

  #handlerFailed(err: unknown, which: string): void {
    this.stats.handlerErrors++;
    this.#logger?.error({ err }, `SIP transport ${which} handler threw`);
  }
}

/**
 * What every transport shares: the receive path, and from it the bound address, the counters and
 * the handlers the layers above bind late.
 */
export abstract class ReceivingTransport {
  protected readonly receiver: Receiver;

  protected constructor(handlers: TransportHandlers, sentBy: readonly string[] | 'any' | undefined, logger: TransportLogger | undefined, local: LocalAddress) {
    this.receiver = new Receiver(handlers, sentBy, logger, local);
  }

  get local(): LocalAddress {
    return this.receiver.local;
  }

  get stats(): TransportStats {
    return this.receiver.stats;
  }

  setHandlers(handlers: TransportHandlers): void {
    this.receiver.handlers = { ...handlers };
  }
}
