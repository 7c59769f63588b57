// One SIP-over-TCP connection (RFC 3261 §18.3): a socket, its stream parser, and one timer
// on the injected Scheduler (connect timeout while connecting, idle timeout once open, linger
// while closing). Parsed results go to the owner; so does the close, with the error if any.

import type { Socket } from 'node:net';
import type { Scheduler, TimerHandle } from '../../core/scheduler.ts';
import type { ParseResult, SipParserOptions } from '../parser.ts';
import type { Remote } from '../remote.ts';
import { SipStreamParser } from '../stream.ts';
import { SipTransportError, fromSocketError } from './errors.ts';
import type { TransportLimits } from './types.ts';

export interface ConnectionOwner {
  readonly scheduler: Scheduler;
  readonly limits: TransportLimits;
  /** Messages (or per-message errors) framed from the connection's input. */
  onResults(conn: TcpConnection, results: ParseResult[]): void;
  /** The socket closed; `error` is set when it closed because something failed. */
  onClosed(conn: TcpConnection, error: SipTransportError | undefined): void;
}

export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';

/** After we half-close (FIN), the peer gets this long to close its side before we destroy. */
export const LINGER_MS = 2000;

/** RFC 5626 §4.4.1: a double-CRLF ping is answered with a single CRLF pong. */
const PONG = Buffer.from('\r\n', 'latin1');

function isPing(chunk: Buffer): boolean {
  return chunk.length === 4 && chunk[0] === 0x0d && chunk[1] === 0x0a && chunk[2] === 0x0d && chunk[3] === 0x0a;
}

export class TcpConnection {
  readonly socket: Socket;
  readonly outbound: boolean;
  /** The peer, as used for keys and as the `source` of what arrives here. */
  readonly remote: Remote;
  readonly key: string;
  /** The target send() was given when a response was re-routed to this new connection (§18.2.2). */
  alias: Remote | undefined;
  #state: ConnectionState;
  readonly #owner: ConnectionOwner;
  readonly #parser: SipStreamParser;
  #timer: TimerHandle | undefined;
  #lastActive: number;
  #error: SipTransportError | undefined;

  constructor(owner: ConnectionOwner, socket: Socket, remote: Remote, key: string, outbound: boolean, parser?: SipParserOptions) {
    this.#owner = owner;
    this.socket = socket;
    this.remote = remote;
    this.key = key;
    this.outbound = outbound;
    this.#parser = new SipStreamParser(parser);
    this.#lastActive = owner.scheduler.now();
    this.#state = outbound ? 'connecting' : 'open';
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => this.#onEnd());
    socket.on('error', (err) => this.#onError(err));
    socket.on('close', () => this.#onClose());
    if (outbound) {
      socket.once('connect', () => this.#onConnect());
      this.#arm(owner.limits.connectTimeoutMs);
    } else {
      this.#arm(owner.limits.idleTimeoutMs);
    }
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** True while the connection can take writes (connecting writes are queued by the socket). */
  get writable(): boolean {
    return this.#state === 'connecting' || this.#state === 'open';
  }

  /**
   * Queues octets. Returns false (and closes the connection with ERR_SIP_TRANSPORT_LIMIT)
   * when the peer has left more than maxBufferedBytes unread.
   */
  write(bytes: Buffer): boolean {
    if (!this.writable) return false;
    if (this.socket.writableLength + bytes.length > this.#owner.limits.maxBufferedBytes) {
      this.destroy(new SipTransportError('ERR_SIP_TRANSPORT_LIMIT', `peer ${this.key} is not reading (output buffer full)`, this.remote));
      return false;
    }
    this.#lastActive = this.#owner.scheduler.now();
    this.socket.write(bytes);
    return true;
  }

  /** Graceful close: flush, FIN, destroy after LINGER_MS if the peer keeps its side open. */
  end(): void {
    if (!this.writable) return;
    if (this.#state === 'connecting') {
      this.destroy();
      return;
    }
    this.#state = 'closing';
    this.#arm(LINGER_MS);
    this.socket.end();
  }

  /** Immediate close; `error` is reported to the owner (and from there to onTransportError). */
  destroy(error?: SipTransportError): void {
    if (this.#state === 'closed') return;
    if (error !== undefined && this.#error === undefined) this.#error = error;
    this.#state = 'closing';
    this.socket.destroy();
  }

  #onConnect(): void {
    if (this.#state !== 'connecting') return;
    this.#state = 'open';
    this.#lastActive = this.#owner.scheduler.now();
    this.#arm(this.#owner.limits.idleTimeoutMs);
  }

  #onData(chunk: Buffer): void {
    if (this.#state === 'closed') return;
    this.#lastActive = this.#owner.scheduler.now();
    const parser = this.#parser;
    if (isPing(chunk) && parser.bufferedBytes === 0) {
      if (this.writable) this.socket.write(PONG);
      return;
    }
    const results = parser.push(chunk);
    if (results.length > 0) this.#owner.onResults(this, results);
    if (parser.closed) {
      this.end();
    } else if (parser.bufferedBytes > this.#owner.limits.maxBufferedBytes) {
      this.destroy(new SipTransportError('ERR_SIP_TRANSPORT_LIMIT', `peer ${this.key} sent more than maxBufferedBytes without a complete message`, this.remote));
    }
  }

  #onEnd(): void {
    // the peer half-closed; a partial message left over is an error (the socket ends our side)
    const results = this.#parser.end();
    if (results.length > 0) this.#owner.onResults(this, results);
    if (this.#state === 'open') this.#state = 'closing';
  }

  #onError(err: Error): void {
    if (this.#error !== undefined) return;
    const code = this.#state === 'connecting' ? 'ERR_SIP_TRANSPORT_CONNECT' : 'ERR_SIP_TRANSPORT_CONNECTION';
    this.#error = fromSocketError(code, err, this.remote);
  }

  #onClose(): void {
    if (this.#state === 'closed') return;
    const wasConnecting = this.#state === 'connecting';
    this.#state = 'closed';
    this.#disarm();
    let error = this.#error;
    if (error === undefined && wasConnecting) {
      error = new SipTransportError('ERR_SIP_TRANSPORT_CONNECT', `connection to ${this.key} closed before it was established`, this.remote);
    }
    this.#owner.onClosed(this, error);
  }

  #arm(ms: number): void {
    this.#disarm();
    this.#timer = this.#owner.scheduler.setTimer(ms, () => this.#onTimer());
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#owner.scheduler.clearTimer(this.#timer);
    this.#timer = undefined;
  }

  #onTimer(): void {
    this.#timer = undefined;
    const { idleTimeoutMs, connectTimeoutMs } = this.#owner.limits;
    switch (this.#state) {
      case 'connecting':
        this.destroy(
          new SipTransportError('ERR_SIP_TRANSPORT_CONNECT_TIMEOUT', `connect to ${this.key} timed out after ${connectTimeoutMs} ms`, this.remote),
        );
        break;
      case 'open': {
        // activity only records a time; the timer is re-armed here, not on every message
        const idle = this.#owner.scheduler.now() - this.#lastActive;
        if (idle >= idleTimeoutMs) this.end();
        else this.#arm(idleTimeoutMs - idle);
        break;
      }
      case 'closing':
        this.socket.destroy();
        break;
      case 'closed':
        break;
    }
  }
}
