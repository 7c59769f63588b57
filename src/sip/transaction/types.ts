// Types shared by the four transaction state machines (RFC 3261 §17) and the layer.

import type { Scheduler } from '../../core/index.ts';
import type { SipMessage, SipResponse } from '../message.ts';
import type { Remote } from '../remote.ts';
import type { InviteClientTransaction } from './invite-client.ts';
import type { InviteServerTransaction } from './invite-server.ts';
import type { NonInviteClientTransaction } from './non-invite-client.ts';
import type { NonInviteServerTransaction } from './non-invite-server.ts';
import type { TimerConfig } from './timers.ts';

/**
 * How a transaction hands a message to the transport (RFC 3261 §18). Client
 * transactions pass the request's target; server transactions pass the Remote the
 * request came from, and the transport layer picks the real destination of a
 * response from the top Via (received / rport, §18.2.2 and RFC 3581 §4).
 */
export type SendFn = (message: SipMessage, target: Remote) => void;

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;
export type Transaction = ClientTransaction | ServerTransaction;
export type TransactionKind = Transaction['kind'];

/** What the layer needs to forget a terminated transaction. */
export interface TransactionIdentity {
  readonly kind: TransactionKind;
  readonly key: string;
}

/** Running totals, shared by every transaction of a layer (see TransactionLayer.stats). */
export interface TransactionCounters {
  /** Requests, responses and ACKs sent again: timers A/E/G, answers to retransmitted requests, §13.3.1.4 2xx. */
  retransmissionsSent: number;
  /** Retransmitted requests and responses a transaction consumed without passing them to the TU. */
  retransmissionsAbsorbed: number;
  /** Timer B, F, H and §13.3.1.4 give-ups. */
  timeouts: number;
  transportErrors: number;
}

/** Callbacks every transaction makes to its TU; all optional, all synchronous. */
export interface TransactionHandlers<T> {
  /** Every state change, named as in RFC 3261 §17 (diagnostics, tests). */
  onStateChange?(tx: T, from: string, to: string): void;
  /** The transport reported a failure: the transaction is Terminated (§17.1.1.2, §17.1.4, §17.2.4). */
  onTransportError?(tx: T): void;
  /** Called once, last, when the transaction reaches Terminated for any reason. */
  onTerminated?(tx: T): void;
}

export interface ClientTransactionHandlers<T = ClientTransaction> extends TransactionHandlers<T> {
  /** A response the transaction passes to the TU (provisionals, the first final; not retransmissions). */
  onResponse?(response: SipResponse, tx: T): void;
  /** Timer B (INVITE, §17.1.1.2) or Timer F (non-INVITE, §17.1.2.2) fired: treat as 408. */
  onTimeout?(tx: T): void;
}

export interface ServerTransactionHandlers<T = ServerTransaction> extends TransactionHandlers<T> {
  /**
   * No ACK came for a final response to an INVITE: Timer H for a non-2xx
   * (§17.2.1), or the §13.3.1.4 2xx retransmission gave up after 64*T1, when
   * the TU SHOULD end the session with a BYE. `response` is the unacknowledged final.
   */
  onAckTimeout?(tx: T, response: SipResponse): void;
}

/** What a transaction needs from its surroundings: clock, transport, timer values, and the layer's hooks. */
export interface TransactionContext {
  readonly scheduler: Scheduler;
  readonly send: SendFn;
  readonly timers: Readonly<TimerConfig>;
  readonly counters: TransactionCounters;
  /** Called when a transaction enters Terminated, before the TU's handlers (the layer forgets it here). */
  readonly terminated: (tx: TransactionIdentity) => void;
  /** Called when the TU answers an INVITE server transaction with a 2xx (the layer starts §13.3.1.4 here). */
  readonly accepted: (tx: InviteServerTransaction, response: SipResponse) => void;
}
