// 2xx retransmission by the UAS core, RFC 3261 §13.3.1.4. The INVITE server
// transaction ends when the TU sends a 2xx (§17.2.1), so the UAS core re-sends the
// 2xx itself: first after T1, the interval doubling up to T2, until the ACK arrives;
// after 64*T1 without an ACK it gives up and tells the TU, which SHOULD send a BYE.
// The RFC names no timer here; the retransmissions run on every transport, because
// the ACK is end-to-end and may be lost on a later, unreliable hop.

import type { TimerHandle } from '../../core/index.ts';
import type { SipResponse } from '../message.ts';
import type { Remote } from '../remote.ts';
import { doubled } from './timers.ts';
import type { TransactionContext } from './types.ts';

export type Invite2xxState = 'Retransmitting' | 'Acknowledged' | 'TimedOut' | 'Stopped';

export interface Invite2xxHandlers {
  /** 64*T1 passed without an ACK (§13.3.1.4): end the session with a BYE. */
  onTimeout?(response: SipResponse): void;
  /** Called once when retransmission ends for any reason (ACK, timeout, stop). */
  onFinished?(state: Invite2xxState): void;
}

export class Invite2xxRetransmitter {
  readonly response: SipResponse;
  readonly target: Remote;
  handlers: Invite2xxHandlers;
  #state: Invite2xxState = 'Retransmitting';
  readonly #ctx: Pick<TransactionContext, 'scheduler' | 'send' | 'timers' | 'counters'>;
  #interval: number;
  #retransmit: TimerHandle | undefined;
  #giveUp: TimerHandle | undefined;

  /**
   * `response` is the 2xx already sent once (by InviteServerTransaction.respond); `target`
   * is where the INVITE came from (the transport applies §18.2.2 / RFC 3581).
   */
  constructor(
    response: SipResponse,
    target: Remote,
    ctx: Pick<TransactionContext, 'scheduler' | 'send' | 'timers' | 'counters'>,
    handlers: Invite2xxHandlers = {},
  ) {
    this.response = response;
    this.target = target;
    this.#ctx = ctx;
    this.handlers = handlers;
    this.#interval = ctx.timers.t1;
  }

  get state(): Invite2xxState {
    return this.#state;
  }

  /** Schedules the first retransmission (after T1) and the give-up (after 64*T1). */
  start(): void {
    if (this.#state !== 'Retransmitting' || this.#giveUp !== undefined) return;
    const s = this.#ctx.scheduler;
    this.#retransmit = s.setTimer(this.#interval, () => this.#fire());
    this.#giveUp = s.setTimer(64 * this.#ctx.timers.t1, () => this.#timeout());
  }

  /** Input: the ACK for this 2xx arrived. Returns false if retransmission had already ended. */
  ack(): boolean {
    return this.#finish('Acknowledged');
  }

  /** Ends retransmission without an ACK (the TU gave up on the call). */
  stop(): boolean {
    return this.#finish('Stopped');
  }

  #fire(): void {
    this.#retransmit = undefined;
    if (this.#state !== 'Retransmitting') return;
    const ctx = this.#ctx;
    ctx.counters.retransmissionsSent++;
    ctx.send(this.response, this.target);
    if (this.#state !== 'Retransmitting') return;
    this.#interval = doubled(this.#interval, ctx.timers.t2);
    this.#retransmit = ctx.scheduler.setTimer(this.#interval, () => this.#fire());
  }

  #timeout(): void {
    this.#giveUp = undefined;
    if (this.#state !== 'Retransmitting') return;
    this.#ctx.counters.timeouts++;
    this.#finish('TimedOut');
    this.handlers.onTimeout?.(this.response);
  }

  #finish(state: Invite2xxState): boolean {
    if (this.#state !== 'Retransmitting') return false;
    this.#state = state;
    const s = this.#ctx.scheduler;
    if (this.#retransmit !== undefined) s.clearTimer(this.#retransmit);
    if (this.#giveUp !== undefined) s.clearTimer(this.#giveUp);
    this.#retransmit = undefined;
    this.#giveUp = undefined;
    this.handlers.onFinished?.(state);
    return true;
  }
}
