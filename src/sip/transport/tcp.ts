// SIP over TCP (RFC 3261 §18, §18.3): a listening server plus a pool of connections, inbound and
// outbound, indexed by the peer's "tcp:address:port" (remoteKey). send() to a target reuses
// any open connection to that address:port, whichever side opened it, and connects otherwise
// (with a timeout). A response whose connection has gone is re-routed per §18.2.2 to the top
// Via's received (or sent-by host) and sent-by port. Connections idle for idleTimeoutMs
// (64*T1 by default) are closed. Framing errors are fatal: the parser's 400 (when the request
// is answerable) is sent, then the connection is closed.
//
// Not done here: RFC 5923 connection aliases (a peer's Via ;alias to reuse its inbound
// connection for requests to its listening port), TLS, and RFC 5626 flow tokens.

import { connect, createServer, isIPv4, isIPv6 } from 'node:net';
import type { Server, Socket } from 'node:net';
import { realScheduler } from '../../core/scheduler.ts';
import type { Scheduler } from '../../core/scheduler.ts';
import type { SipMessage, SipResponse } from '../message.ts';
import type { ParseResult } from '../parser.ts';
import { remoteKey } from '../remote.ts';
import type { Remote, TransportName } from '../remote.ts';
import { serializeMessage } from '../serializer.ts';
import { SipTransportError } from './errors.ts';
import { ReceivingTransport } from './inbound.ts';
import { TcpConnection } from './tcp-connection.ts';
import type { ConnectionOwner } from './tcp-connection.ts';
import { DEFAULT_TRANSPORT_LIMITS } from './types.ts';
import type { SipTransport, SocketTransportOptions, TransportLimits } from './types.ts';
import { NOWHERE, normalizeAddress, readTopVia, routeResponse, viaRoute, viaTransport } from './via-route.ts';

export interface TcpTransportOptions extends SocketTransportOptions {
  /** Timers for connect, idle and linger; real timers by default. */
  scheduler?: Scheduler | undefined;
  limits?: Partial<TransportLimits> | undefined;
}

const PROTOCOLS: readonly TransportName[] = Object.freeze(['tcp']);

/**
 * The local address an outgoing connection binds, so the peer sees the address we listen on
 * (and write in Via): the listening host when it is a specific address of the target's family.
 */
function bindAddress(host: string, target: string): string | undefined {
  const local = normalizeAddress(host);
  if (local === '0.0.0.0' || local === '::') return undefined;
  if (isIPv4(local)) return isIPv4(target) ? local : undefined;
  return isIPv6(local) && isIPv6(target) ? local : undefined;
}

export class TcpTransport extends ReceivingTransport implements SipTransport, ConnectionOwner {
  readonly protocols = PROTOCOLS;
  readonly scheduler: Scheduler;
  readonly limits: TransportLimits;
  readonly #options: TcpTransportOptions;
  /** Open connections by remoteKey (plus the aliases of re-routed responses). */
  readonly #byKey = new Map<string, TcpConnection>();
  readonly #all = new Set<TcpConnection>();
  #server: Server | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: TcpTransportOptions) {
    super(options, options.sentBy, options.logger, { address: options.host, port: options.port });
    this.#options = options;
    this.scheduler = options.scheduler ?? realScheduler();
    this.limits = { ...DEFAULT_TRANSPORT_LIMITS, ...options.limits };
  }


  listen(): Promise<void> {
    if (this.#server !== undefined) return Promise.reject(new Error('TCP transport is already listening'));
    const server = createServer({ noDelay: true });
    this.#server = server;
    return new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => {
        this.#server = undefined;
        server.close();
        reject(err);
      };
      server.once('error', onError);
      server.listen({ host: this.#options.host, port: this.#options.port, exclusive: true }, () => {
        server.off('error', onError);
        server.on('error', (err) => this.#options.logger?.error({ err }, 'SIP TCP server error'));
        server.on('connection', (socket) => this.#accept(socket));
        const addr = server.address();
        if (addr !== null && typeof addr === 'object') this.receiver.setLocal({ address: normalizeAddress(addr.address), port: addr.port });
        resolve();
      });
    });
  }

  send(message: SipMessage, target: Remote): void {
    if (target.transport !== 'tcp') {
      this.#fail(target, new SipTransportError('ERR_SIP_TRANSPORT_UNSUPPORTED', `TCP transport cannot send over ${target.transport}`, target));
      return;
    }
    const bytes = serializeMessage(message);
    if (this.#server === undefined || this.#closing !== undefined) {
      this.#fail(target, new SipTransportError('ERR_SIP_TRANSPORT_CLOSED', 'TCP transport is not listening', target));
      return;
    }
    let conn = this.#open(remoteKey(target));
    if (conn === undefined && message.type === 'response') conn = this.#reroute(message, target);
    conn ??= this.#connect(target, undefined);
    if (conn !== undefined && conn.write(bytes)) this.receiver.stats.messagesOut++;
  }

  sendResponse(response: SipResponse, source?: Remote): void {
    const target = routeResponse(response, source);
    if (target instanceof SipTransportError) this.#fail(source ?? NOWHERE, target);
    else this.send(response, target);
  }

  /** The open connection to `target`, if any (tests, diagnostics). */
  connectionTo(target: Remote): { readonly outbound: boolean; readonly remote: Remote } | undefined {
    const conn = this.#open(remoteKey(target));
    return conn === undefined ? undefined : { outbound: conn.outbound, remote: conn.remote };
  }

  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    const server = this.#server;
    // set first: the closes that follow are ours, not failures to report
    this.#closing = server === undefined ? Promise.resolve() : new Promise<void>((resolve) => server.close(() => resolve()));
    for (const conn of this.#all) conn.destroy();
    return this.#closing;
  }

  // ConnectionOwner

  onResults(conn: TcpConnection, results: ParseResult[]): void {
    for (const result of results) {
      const reply = this.receiver.accept(result, conn.remote);
      // §18.2.2: over a reliable transport the answer goes back on the same connection
      if (reply !== undefined && conn.write(serializeMessage(reply))) this.receiver.stats.messagesOut++;
    }
  }

  onClosed(conn: TcpConnection, error: SipTransportError | undefined): void {
    this.#all.delete(conn);
    this.receiver.stats.connections = this.#all.size;
    if (this.#byKey.get(conn.key) === conn) this.#byKey.delete(conn.key);
    const alias = conn.alias;
    if (alias !== undefined) {
      const aliasKey = remoteKey(alias);
      if (this.#byKey.get(aliasKey) === conn) this.#byKey.delete(aliasKey);
    }
    if (error === undefined || this.#closing !== undefined) return;
    this.#fail(conn.remote, error);
    if (alias !== undefined) this.#fail(alias, error);
  }

  #accept(socket: Socket): void {
    const address = socket.remoteAddress;
    const port = socket.remotePort;
    if (this.#closing !== undefined || address === undefined || port === undefined || this.#all.size >= this.limits.maxConnections) {
      socket.destroy();
      return;
    }
    // one object per connection, given as `source` with every message: frozen so no handler edits it
    const remote: Remote = Object.freeze({ transport: 'tcp', address: normalizeAddress(address), port });
    this.#register(new TcpConnection(this, socket, remote, remoteKey(remote), false, this.#options.parser));
  }

  /** §18.2.2: the request's connection is gone; try the top Via's received/sent-by instead. */
  #reroute(response: SipResponse, original: Remote): TcpConnection | undefined {
    const via = readTopVia(response);
    if (via === undefined || viaTransport(via.transport) !== 'tcp') return undefined;
    const target = viaRoute(via, 'tcp');
    return this.#open(remoteKey(target)) ?? this.#connect(target, original);
  }

  /** A connection that can take writes (one closing is skipped: a new one replaces it). */
  #open(key: string): TcpConnection | undefined {
    const conn = this.#byKey.get(key);
    return conn !== undefined && conn.writable ? conn : undefined;
  }

  #connect(target: Remote, alias: Remote | undefined): TcpConnection | undefined {
    if (this.#all.size >= this.limits.maxConnections) {
      this.#fail(alias ?? target, new SipTransportError('ERR_SIP_TRANSPORT_LIMIT', `maxConnections (${this.limits.maxConnections}) reached`, target));
      return undefined;
    }
    const localAddress = bindAddress(this.#options.host, target.address);
    const socket =
      localAddress === undefined
        ? connect({ host: target.address, port: target.port })
        : connect({ host: target.address, port: target.port, localAddress });
    const remote: Remote = Object.freeze({ transport: 'tcp', address: target.address, port: target.port });
    const conn = new TcpConnection(this, socket, remote, remoteKey(remote), true, this.#options.parser);
    if (alias !== undefined) {
      conn.alias = alias;
      this.#byKey.set(remoteKey(alias), conn);
    }
    this.#register(conn);
    return conn;
  }

  #register(conn: TcpConnection): void {
    this.#all.add(conn);
    this.#byKey.set(conn.key, conn);
    const stats = this.receiver.stats;
    stats.connectionsOpened++;
    stats.connections = this.#all.size;
  }

  #fail(target: Remote, error: SipTransportError): void {
    this.receiver.transportError(target, error);
  }
}
