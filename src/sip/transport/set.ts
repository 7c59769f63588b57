// UDP and TCP on the same host:port (RFC 3261 §18: a server listens on both for its port),
// behind one SipTransport whose send() picks the transport by target.transport.

import type { Scheduler } from '../../core/scheduler.ts';
import type { SipMessage, SipResponse } from '../message.ts';
import type { Remote, TransportName } from '../remote.ts';
import { SipTransportError } from './errors.ts';
import { TcpTransport } from './tcp.ts';
import { newStats } from './types.ts';
import type { LocalAddress, SipTransport, SocketTransportOptions, TransportHandlers, TransportLimits, TransportStats } from './types.ts';
import { UdpTransport } from './udp.ts';
import { NOWHERE, routeResponse } from './via-route.ts';

export interface TransportSetOptions extends SocketTransportOptions {
  /** Listen on UDP (default true). */
  udp?: boolean | undefined;
  /** Listen on TCP (default true). */
  tcp?: boolean | undefined;
  scheduler?: Scheduler | undefined;
  limits?: Partial<TransportLimits> | undefined;
  socketBufferBytes?: number | undefined;
}

/** With port 0, how many ephemeral ports to try before giving up on one free for both protocols. */
const PORT_ATTEMPTS = 20;

function isAddrInUse(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'EADDRINUSE';
}

export class SipTransportSet implements SipTransport {
  readonly protocols: readonly TransportName[];
  readonly #options: TransportSetOptions;
  #handlers: TransportHandlers;
  #udp: UdpTransport | undefined;
  #tcp: TcpTransport | undefined;
  #local: LocalAddress;
  #listening = false;

  constructor(options: TransportSetOptions) {
    const protocols: TransportName[] = [];
    if (options.udp !== false) protocols.push('udp');
    if (options.tcp !== false) protocols.push('tcp');
    if (protocols.length === 0) throw new RangeError('createTransports: enable udp, tcp or both');
    this.protocols = Object.freeze(protocols);
    this.#options = options;
    this.#handlers = { onMessage: options.onMessage, onParseError: options.onParseError, onTransportError: options.onTransportError };
    this.#local = { address: options.host, port: options.port };
  }

  get local(): LocalAddress {
    return this.#local;
  }

  /** The UDP transport, once listening (undefined when disabled). */
  get udp(): UdpTransport | undefined {
    return this.#udp;
  }

  /** The TCP transport, once listening (undefined when disabled). */
  get tcp(): TcpTransport | undefined {
    return this.#tcp;
  }

  /** Both transports' counters added up (a fresh object per call). */
  get stats(): TransportStats {
    const sum = newStats();
    for (const t of [this.#udp, this.#tcp]) {
      if (t === undefined) continue;
      const s = t.stats;
      for (const k of Object.keys(sum) as (keyof TransportStats)[]) sum[k] += s[k];
    }
    return sum;
  }

  setHandlers(handlers: TransportHandlers): void {
    this.#handlers = { ...handlers };
    this.#udp?.setHandlers(handlers);
    this.#tcp?.setHandlers(handlers);
  }

  /**
   * Binds every enabled transport on host:port. With port 0, TCP takes an ephemeral port first
   * and UDP binds the same number; if UDP finds it taken, both retry on a new one.
   */
  async listen(): Promise<void> {
    if (this.#listening) throw new Error('transport set is already listening');
    const { port } = this.#options;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#bind(port);
        this.#listening = true;
        return;
      } catch (err) {
        await this.#unbind();
        if (port !== 0 || !isAddrInUse(err) || attempt >= PORT_ATTEMPTS) throw err;
      }
    }
  }

  send(message: SipMessage, target: Remote): void {
    const transport = target.transport === 'udp' ? this.#udp : target.transport === 'tcp' ? this.#tcp : undefined;
    if (transport !== undefined) {
      transport.send(message, target);
      return;
    }
    this.#report(
      target,
      this.#listening
        ? new SipTransportError('ERR_SIP_TRANSPORT_UNSUPPORTED', `no ${target.transport} transport is enabled`, target)
        : new SipTransportError('ERR_SIP_TRANSPORT_CLOSED', 'transport set is not listening', target),
    );
  }

  sendResponse(response: SipResponse, source?: Remote): void {
    const target = routeResponse(response, source);
    if (target instanceof SipTransportError) this.#report(source ?? NOWHERE, target);
    else this.send(response, target);
  }

  #report(target: Remote, error: SipTransportError): void {
    queueMicrotask(() => this.#handlers.onTransportError?.(target, error));
  }

  async close(): Promise<void> {
    this.#listening = false;
    await Promise.all([this.#udp?.close(), this.#tcp?.close()]);
  }

  async #bind(port: number): Promise<void> {
    const o = this.#options;
    const common = { ...o, ...this.#handlers };
    let bound = port;
    if (o.tcp !== false) {
      const tcp = new TcpTransport({ ...common, port: bound, scheduler: o.scheduler, limits: o.limits });
      this.#tcp = tcp;
      await tcp.listen();
      bound = tcp.local.port;
      this.#local = tcp.local;
    }
    if (o.udp !== false) {
      const udp = new UdpTransport({ ...common, port: bound, socketBufferBytes: o.socketBufferBytes });
      this.#udp = udp;
      await udp.listen();
      this.#local = udp.local;
    }
  }

  async #unbind(): Promise<void> {
    const udp = this.#udp;
    const tcp = this.#tcp;
    this.#udp = undefined;
    this.#tcp = undefined;
    await Promise.all([udp?.close(), tcp?.close()]);
  }
}

/** Creates the transports and waits until they listen. */
export async function createTransports(options: TransportSetOptions): Promise<SipTransportSet> {
  const set = new SipTransportSet(options);
  await set.listen();
  return set;
}
