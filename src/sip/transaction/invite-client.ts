// INVITE client transaction, RFC 3261 §17.1.1 (Figure 5).
//
//   Calling ──1xx──► Proceeding ──300-699 / ACK──► Completed ──Timer D──► Terminated
//      │  Timer A: retransmit (UDP)      │ 2xx                   │ 300-699: re-send ACK
//      │  Timer B: timeout               └──────────► Terminated ◄┘
//      └── 2xx ─► Terminated; 300-699 ─► Completed (ACK)
//
// A 2xx ends the transaction (RFC 3261, not RFC 6026): the TU/dialog ACKs it, and
// later 2xx retransmissions reach the core as stray responses (§13.2.2.4).

import type { TimerHandle } from '../../core/index.ts';
import { getTopVia } from '../accessors.ts';
import type { SipRequest, SipResponse } from '../message.ts';
import type { Remote } from '../remote.ts';
import { TransactionBase } from './base.ts';
import { buildAck } from './build.ts';
import { clientKey } from './keys.ts';
import type { ClientTransactionHandlers, TransactionContext } from './types.ts';

export type InviteClientState = 'Calling' | 'Proceeding' | 'Completed' | 'Terminated';

export class InviteClientTransaction extends TransactionBase<InviteClientState> {
  readonly kind = 'invite-client' as const;
  handlers: ClientTransactionHandlers<this>;
  /** The ACK generated for a non-2xx final (§17.1.1.3), once there is one. */
  ack: SipRequest | undefined = undefined;
  protected readonly terminatedState = 'Terminated' as const;
  #timerA: TimerHandle | undefined;
  #timerB: TimerHandle | undefined;
  #timerD: TimerHandle | undefined;
  #intervalA: number;
  #started = false;

  /** `request` must carry an RFC 3261 branch in its top Via (TransactionLayer.sendRequest adds one). */
  constructor(request: SipRequest, target: Remote, ctx: TransactionContext, handlers: ClientTransactionHandlers<InviteClientTransaction> = {}) {
    const branch = getTopVia(request)?.branch ?? '';
    super(request, target, ctx, clientKey(branch, 'INVITE'), branch, 'Calling');
    this.handlers = handlers;
    this.#intervalA = ctx.timers.t1;
  }

  /** §17.1.1.2: send the INVITE, start Timer A (unreliable transports only) and Timer B. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.sendMessage(this.request);
    if (!this.reliable) this.#timerA = this.startTimer(this.#intervalA, () => this.#fireA());
    this.#timerB = this.startTimer(64 * this.ctx.timers.t1, () => this.#fireB());
  }

  /** Input: a response matched to this transaction (§17.1.3). Returns true when it was passed to the TU. */
  receiveResponse(response: SipResponse): boolean {
    const status = response.status;
    switch (this.state) {
      case 'Calling':
      case 'Proceeding':
        if (status < 200) {
          this.#timerA = this.stopTimer(this.#timerA);
          this.#timerB = this.stopTimer(this.#timerB);
          this.enter('Proceeding');
          this.handlers.onResponse?.(response, this);
        } else if (status < 300) {
          this.enterTerminated();
          this.handlers.onResponse?.(response, this);
          this.notifyTerminated();
        } else {
          this.#complete(response);
        }
        return true;
      case 'Completed':
        // §17.1.1.2: retransmissions of the final response are absorbed and the ACK re-sent
        this.ctx.counters.retransmissionsAbsorbed++;
        if (status >= 300 && this.ack !== undefined) {
          this.ctx.counters.retransmissionsSent++;
          this.sendMessage(this.ack);
        }
        return false;
      default:
        return false;
    }
  }

  protected stopTimers(): void {
    this.#timerA = this.stopTimer(this.#timerA);
    this.#timerB = this.stopTimer(this.#timerB);
    this.#timerD = this.stopTimer(this.#timerD);
  }

  /** 300-699 in Calling or Proceeding: ACK (§17.1.1.3), pass up, Completed with Timer D. */
  #complete(response: SipResponse): void {
    this.#timerA = this.stopTimer(this.#timerA);
    this.#timerB = this.stopTimer(this.#timerB);
    this.ack = buildAck(this.request, response);
    this.sendMessage(this.ack);
    this.enter('Completed');
    this.handlers.onResponse?.(response, this);
    if (this.terminated) return;
    // Timer D: >= 32 s on unreliable transports, zero on reliable ones
    if (this.reliable) this.terminateQuietly();
    else this.#timerD = this.startTimer(this.ctx.timers.timerD, () => this.#fireD());
  }

  /** Timer A (§17.1.1.2): retransmit, double the interval (no cap). */
  #fireA(): void {
    this.#timerA = undefined;
    if (this.state !== 'Calling') return;
    this.ctx.counters.retransmissionsSent++;
    this.sendMessage(this.request);
    this.#intervalA *= 2;
    this.#timerA = this.startTimer(this.#intervalA, () => this.#fireA());
  }

  /** Timer B (§17.1.1.2): no response within 64*T1; the TU treats it as a 408. */
  #fireB(): void {
    this.#timerB = undefined;
    if (this.state !== 'Calling') return;
    this.ctx.counters.timeouts++;
    this.enterTerminated();
    this.handlers.onTimeout?.(this);
    this.notifyTerminated();
  }

  /** Timer D (§17.1.1.2): stop absorbing final-response retransmissions. */
  #fireD(): void {
    this.#timerD = undefined;
    this.terminateQuietly();
  }
}
