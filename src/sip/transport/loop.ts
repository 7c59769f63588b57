// An in-memory network for tests: endpoints addressed like sockets (address:port, UDP and TCP)
// exchange serialized octets, so the serializer, the datagram/stream parsers and the shared
// receive path (Via stamping, error answers, stray-response drop) all run, without sockets.
// Delivery is asynchronous: on the injected Scheduler (a FakeScheduler drives a whole call with
// advance()) or, without one, on microtasks. UDP datagrams can be lost at a seeded random rate
// (or by a filter) to exercise retransmissions; TCP is reliable and ordered, and sending over
// TCP to an address nobody listens on fails like a refused connect.

import type { Scheduler } from '../../core/scheduler.ts';
import { seededRandom } from '../../core/random.ts';
import type { SipMessage, SipResponse } from '../message.ts';
import { parseDatagram } from '../parser.ts';
import type { ParseResult } from '../parser.ts';
import { remoteKey } from '../remote.ts';
import type { Remote, TransportName } from '../remote.ts';
import { serializeMessage } from '../serializer.ts';
import { SipStreamParser } from '../stream.ts';
import { SipTransportError } from './errors.ts';
import { ReceivingTransport, isKeepAlive } from './inbound.ts';
import type { SipTransport, TransportHandlers } from './types.ts';
import { NOWHERE, responseTarget, routeResponse } from './via-route.ts';

export interface LoopNetworkOptions {
  /** Probability (0..1) that a UDP datagram is lost. Default 0. */
  dropRate?: number | undefined;
  /** Seed of the loss generator, so a lossy run repeats exactly. Default 1. */
  seed?: number | undefined;
  /** Run deliveries on these timers (default: microtasks). */
  scheduler?: Scheduler | undefined;
  /** One-way delay per message when a scheduler is given. Default 0. */
  latencyMs?: number | undefined;
}

export interface LoopEndpointOptions extends TransportHandlers {
  /** Default "127.0.0.1". */
  address?: string | undefined;
  /** 0 (default) takes the next free port of the network. */
  port?: number | undefined;
  /** Default both. */
  protocols?: readonly TransportName[] | undefined;
  sentBy?: readonly string[] | 'any' | undefined;
}

/** Decides the fate of one message; return true to drop it. */
export type LoopDropFilter = (bytes: Buffer, source: Remote, target: Remote) => boolean;

export interface LoopNetworkStats {
  delivered: number;
  dropped: number;
}


function endpointKey(address: string, port: number): string {
  return `${address}|${port}`;
}

export class LoopNetwork {
  readonly stats: LoopNetworkStats = { delivered: 0, dropped: 0 };
  /** Extra loss rule, checked after the random one (e.g. "drop the first 200 OK"). */
  dropFilter: LoopDropFilter | undefined;
  readonly #endpoints = new Map<string, LoopTransport>();
  readonly #scheduler: Scheduler | undefined;
  readonly #latencyMs: number;
  #random: () => number;
  #dropRate: number;
  #nextPort = 40_000;

  constructor(options: LoopNetworkOptions = {}) {
    this.#dropRate = options.dropRate ?? 0;
    this.#random = seededRandom(options.seed ?? 1);
    this.#scheduler = options.scheduler;
    this.#latencyMs = options.latencyMs ?? 0;
  }

  /** Changes the UDP loss rate (and optionally reseeds). */
  setDropRate(rate: number, seed?: number): void {
    this.#dropRate = rate;
    if (seed !== undefined) this.#random = seededRandom(seed);
  }

  /** A new endpoint; call listen() to attach it to the network. */
  endpoint(options: LoopEndpointOptions = {}): LoopTransport {
    return new LoopTransport(this, options);
  }

  /** @internal used by LoopTransport */
  attach(ep: LoopTransport, address: string, port: number): number {
    let p = port;
    if (p === 0) while (this.#endpoints.has(endpointKey(address, (p = this.#nextPort++))));
    const key = endpointKey(address, p);
    if (this.#endpoints.has(key)) throw new Error(`loop address ${address}:${p} is in use`);
    this.#endpoints.set(key, ep);
    return p;
  }

  /** @internal */
  detach(ep: LoopTransport): void {
    const key = endpointKey(ep.local.address, ep.local.port);
    if (this.#endpoints.get(key) === ep) this.#endpoints.delete(key);
  }

  /** @internal carries octets from `from` to `target`. */
  transmit(from: LoopTransport, bytes: Buffer, target: Remote): void {
    const source: Remote = { transport: target.transport, address: from.local.address, port: from.local.port };
    const dest = this.#endpoints.get(endpointKey(target.address, target.port));
    if (dest === undefined || !dest.protocols.includes(target.transport)) {
      if (target.transport === 'tcp') {
        from.failed(target, new SipTransportError('ERR_SIP_TRANSPORT_CONNECT', `loop: nothing listens on tcp ${target.address}:${target.port}`, target));
      } else {
        this.stats.dropped++;
      }
      return;
    }
    if (target.transport === 'udp' && this.#dropRate > 0 && this.#random() < this.#dropRate) {
      this.stats.dropped++;
      return;
    }
    if (this.dropFilter?.(bytes, source, target) === true) {
      this.stats.dropped++;
      return;
    }
    const deliver = (): void => {
      this.stats.delivered++;
      dest.receive(bytes, source);
    };
    if (this.#scheduler !== undefined) this.#scheduler.setTimer(this.#latencyMs, deliver);
    else queueMicrotask(deliver);
  }
}

export class LoopTransport extends ReceivingTransport implements SipTransport {
  readonly protocols: readonly TransportName[];
  readonly #network: LoopNetwork;
  readonly #address: string;
  readonly #port: number;
  /** One stream parser per TCP peer, as if each peer had one connection. */
  readonly #streams = new Map<string, SipStreamParser>();
  #state: 'new' | 'listening' | 'closed' = 'new';

  constructor(network: LoopNetwork, options: LoopEndpointOptions) {
    const address = options.address ?? '127.0.0.1';
    const port = options.port ?? 0;
    super(options, options.sentBy, undefined, { address, port });
    this.#network = network;
    this.protocols = Object.freeze([...(options.protocols ?? ['udp', 'tcp'])]);
    this.#address = address;
    this.#port = port;
  }


  listen(): Promise<void> {
    if (this.#state !== 'new') return Promise.reject(new Error('loop transport was already started'));
    let port: number;
    try {
      port = this.#network.attach(this, this.#address, this.#port);
    } catch (err) {
      return Promise.reject(err);
    }
    this.#state = 'listening';
    this.receiver.setLocal({ address: this.#address, port });
    return Promise.resolve();
  }

  send(message: SipMessage, target: Remote): void {
    if (!this.protocols.includes(target.transport)) {
      this.failed(target, new SipTransportError('ERR_SIP_TRANSPORT_UNSUPPORTED', `loop endpoint has no ${target.transport}`, target));
      return;
    }
    const bytes = serializeMessage(message);
    if (this.#state !== 'listening') {
      this.failed(target, new SipTransportError('ERR_SIP_TRANSPORT_CLOSED', 'loop endpoint is not listening', target));
      return;
    }
    this.receiver.stats.messagesOut++;
    // §18.2.2 as on a socket: a UDP response goes to received:rport / sent-by
    this.#network.transmit(this, bytes, message.type === 'response' ? responseTarget(message, target) : target);
  }

  sendResponse(response: SipResponse, source?: Remote): void {
    const target = routeResponse(response, source);
    if (target instanceof SipTransportError) this.failed(source ?? NOWHERE, target);
    else this.send(response, target);
  }

  close(): Promise<void> {
    if (this.#state === 'listening') this.#network.detach(this);
    this.#state = 'closed';
    this.#streams.clear();
    return Promise.resolve();
  }

  /** @internal octets arriving from the network. */
  receive(bytes: Buffer, source: Remote): void {
    if (this.#state !== 'listening') return;
    if (source.transport === 'udp') {
      if (isKeepAlive(bytes)) return;
      this.#handle(parseDatagram(bytes), source);
      return;
    }
    const key = remoteKey(source);
    let parser = this.#streams.get(key);
    if (parser === undefined) this.#streams.set(key, (parser = new SipStreamParser()));
    for (const result of parser.push(bytes)) this.#handle(result, source);
    // a fatal framing error "closes the connection": the next message starts a fresh one
    if (parser.closed) this.#streams.delete(key);
  }

  /** @internal reports a failure to this endpoint's onTransportError. */
  failed(target: Remote, error: SipTransportError): void {
    this.receiver.transportError(target, error);
  }

  #handle(result: ParseResult, source: Remote): void {
    const reply = this.receiver.accept(result, source);
    if (reply === undefined) return;
    // UDP: routed by the Via (§18.2.2); TCP: back to the peer, the loop's "same connection"
    this.send(reply, source);
  }
}

export function createLoopNetwork(options?: LoopNetworkOptions): LoopNetwork {
  return new LoopNetwork(options);
}
