// Test helpers for the transaction layer: messages, a recording transport, handlers that log.

import { FakeScheduler } from '../../core/index.ts';
import { createRequest } from '../message.ts';
import type { SipMessage, SipRequest, SipResponse } from '../message.ts';
import type { Remote, TransportName } from '../remote.ts';
import { buildResponse } from '../response.ts';
import { createTransactionContext } from './context.ts';
import { TransactionLayer } from './layer.ts';
import type { TransactionLayerOptions } from './layer.ts';
import type { TimerConfig } from './timers.ts';
import type { ClientTransactionHandlers, ServerTransactionHandlers, TransactionContext } from './types.ts';

export const PEER_UDP: Remote = { transport: 'udp', address: '192.0.2.10', port: 5060 };
export const PEER_TCP: Remote = { transport: 'tcp', address: '192.0.2.10', port: 5060 };

export function peer(transport: TransportName): Remote {
  return transport === 'udp' ? PEER_UDP : PEER_TCP;
}

export interface RequestInit {
  method?: string;
  branch?: string | null;
  transport?: TransportName;
  sentBy?: string;
  uri?: string;
  callId?: string;
  seq?: number;
  fromTag?: string;
  toTag?: string;
  routes?: string[];
}

/** A request as a UA would send it; `branch: null` leaves the branch parameter out. */
export function makeRequest(init: RequestInit = {}): SipRequest {
  const method = init.method ?? 'INVITE';
  const branch = init.branch === null ? '' : `;branch=${init.branch ?? 'z9hG4bK-test-1'}`;
  const proto = (init.transport ?? 'udp').toUpperCase();
  const headers = [
    { name: 'Via', value: `SIP/2.0/${proto} ${init.sentBy ?? '192.0.2.10:5060'}${branch}` },
    { name: 'Via', value: 'SIP/2.0/UDP proxy.example.com;branch=z9hG4bK-upstream' },
    ...(init.routes ?? []).map((value) => ({ name: 'Route', value })),
    { name: 'Max-Forwards', value: '70' },
    { name: 'From', value: `"Alice" <sip:alice@example.com>;tag=${init.fromTag ?? 'from-1'}` },
    { name: 'To', value: `<sip:bob@example.com>${init.toTag === undefined ? '' : `;tag=${init.toTag}`}` },
    { name: 'Call-ID', value: init.callId ?? 'call-1@example.com' },
    { name: 'CSeq', value: `${init.seq ?? 1} ${method}` },
    { name: 'Contact', value: '<sip:alice@192.0.2.10:5060>' },
  ];
  return createRequest({ method, uri: init.uri ?? 'sip:bob@example.com', headers });
}

/** A response to `req` with a To tag (none on 100). */
export function respond(req: SipRequest, status: number, toTag = 'to-1'): SipResponse {
  return buildResponse(req, status, undefined, undefined, { toTag });
}

export interface Sent {
  message: SipMessage;
  target: Remote;
  at: number;
}

/** A FakeScheduler, a recording send(), and an event log the handlers below write to. */
export class Harness {
  readonly scheduler = new FakeScheduler();
  readonly sent: Sent[] = [];
  readonly events: string[] = [];
  readonly ctx: TransactionContext;

  constructor(timers?: Partial<TimerConfig>) {
    this.ctx = createTransactionContext({
      scheduler: this.scheduler,
      send: (message, target) => this.sent.push({ message, target, at: this.scheduler.now() }),
      timers,
    });
  }

  /** Short labels of what was sent: "INVITE", "ACK", "100", "486" … */
  get wire(): string[] {
    return this.sent.map(({ message }) => label(message));
  }

  /** Times (ms) at which messages with `what` label were sent. */
  times(what: string): number[] {
    return this.sent.filter(({ message }) => label(message) === what).map(({ at }) => at);
  }

  count(what: string): number {
    return this.times(what).length;
  }

  clientHandlers(): ClientTransactionHandlers<{ state: string }> {
    const log = this.events;
    const at = (): number => this.scheduler.now();
    return {
      onStateChange: (_tx, from, to) => log.push(`${from}->${to}@${at()}`),
      onResponse: (r) => log.push(`response ${r.status}@${at()}`),
      onTimeout: () => log.push(`timeout@${at()}`),
      onTransportError: () => log.push(`transport-error@${at()}`),
      onTerminated: () => log.push(`terminated@${at()}`),
    };
  }

  serverHandlers(): ServerTransactionHandlers<{ state: string }> {
    const log = this.events;
    const at = (): number => this.scheduler.now();
    return {
      onStateChange: (_tx, from, to) => log.push(`${from}->${to}@${at()}`),
      onAckTimeout: (_tx, r) => log.push(`ack-timeout ${r.status}@${at()}`),
      onTransportError: () => log.push(`transport-error@${at()}`),
      onTerminated: () => log.push(`terminated@${at()}`),
    };
  }
}

export function label(message: SipMessage): string {
  return message.type === 'request' ? message.method : String(message.status);
}

/** Start times of a retransmission series: first at `t1`, interval doubling up to `cap`, strictly before `end`. */
export function schedule(t1: number, cap: number, end: number): number[] {
  const out: number[] = [0];
  let at = 0;
  let interval = t1;
  while (at + interval < end) {
    at += interval;
    out.push(at);
    interval = Math.min(interval * 2, cap);
  }
  return out;
}

/** A TransactionLayer on a FakeScheduler with a recording send(). */
export class LayerHarness {
  readonly scheduler = new FakeScheduler();
  readonly sent: Sent[] = [];
  readonly layer: TransactionLayer;

  constructor(options: Partial<Omit<TransactionLayerOptions, 'scheduler' | 'send'>> = {}) {
    this.layer = new TransactionLayer({
      ...options,
      scheduler: this.scheduler,
      send: (message, target) => this.sent.push({ message, target, at: this.scheduler.now() }),
    });
  }

  get wire(): string[] {
    return this.sent.map(({ message }) => label(message));
  }

  count(what: string): number {
    return this.wire.filter((w) => w === what).length;
  }

  /** The layer holds no transaction, no pending 2xx, and no timer is left. */
  get idle(): boolean {
    const s = this.layer.stats;
    return s.clientTransactions === 0 && s.serverTransactions === 0 && s.pending2xx === 0 && this.scheduler.pending === 0;
  }
}
