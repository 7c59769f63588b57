// Non-INVITE client transaction, RFC 3261 §17.1.2 (Figure 6).
//
//   Trying ──1xx──► Proceeding ──200-699──► Completed ──Timer K──► Terminated
//     │ Timer E: retransmit, interval doubles up to T2 (UDP)   │ absorbs response retransmissions
//     │ Timer F: timeout                 │ Timer E: retransmit every T2 (UDP); Timer F: timeout
//     └── 200-699 ─► Completed

import type { TimerHandle } from '../../core/index.ts';
import { getTopVia } from '../accessors.ts';
import type { SipRequest, SipResponse } from '../message.ts';
import type { Remote } from '../remote.ts';
import { TransactionBase } from './base.ts';
import { clientKey } from './keys.ts';
import { doubled } from './timers.ts';
import type { ClientTransactionHandlers, TransactionContext } from './types.ts';

export type NonInviteClientState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';

export class NonInviteClientTransaction extends TransactionBase<NonInviteClientState> {
  readonly kind = 'non-invite-client' as const;
  handlers: ClientTransactionHandlers<this>;
  protected readonly terminatedState = 'Terminated' as const;
  #timerE: TimerHandle | undefined;
  #timerF: TimerHandle | undefined;
  #timerK: TimerHandle | undefined;
  #intervalE: number;
  #started = false;

  /** `request` (not INVITE, not ACK) must carry an RFC 3261 branch in its top Via. */
  constructor(request: SipRequest, target: Remote, ctx: TransactionContext, handlers: ClientTransactionHandlers<NonInviteClientTransaction> = {}) {
    const branch = getTopVia(request)?.branch ?? '';
    super(request, target, ctx, clientKey(branch, request.method), branch, 'Trying');
    this.handlers = handlers;
    this.#intervalE = ctx.timers.t1;
  }

  /** §17.1.2.2: send the request, start Timer E (unreliable transports only) and Timer F. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.sendMessage(this.request);
    if (!this.reliable) this.#timerE = this.startTimer(this.#intervalE, () => this.#fireE());
    this.#timerF = this.startTimer(64 * this.ctx.timers.t1, () => this.#fireF());
  }

  /** Input: a response matched to this transaction (§17.1.3). Returns true when it was passed to the TU. */
  receiveResponse(response: SipResponse): boolean {
    switch (this.state) {
      case 'Trying':
      case 'Proceeding':
        if (response.status < 200) {
          this.enter('Proceeding');
          this.handlers.onResponse?.(response, this);
        } else {
          this.#complete(response);
        }
        return true;
      case 'Completed':
        // §17.1.2.2: Completed buffers response retransmissions
        this.ctx.counters.retransmissionsAbsorbed++;
        return false;
      default:
        return false;
    }
  }

  protected stopTimers(): void {
    this.#timerE = this.stopTimer(this.#timerE);
    this.#timerF = this.stopTimer(this.#timerF);
    this.#timerK = this.stopTimer(this.#timerK);
  }

  #complete(response: SipResponse): void {
    this.#timerE = this.stopTimer(this.#timerE);
    this.#timerF = this.stopTimer(this.#timerF);
    this.enter('Completed');
    this.handlers.onResponse?.(response, this);
    if (this.terminated) return;
    // Timer K: T4 on unreliable transports, zero on reliable ones
    if (this.reliable) this.terminateQuietly();
    else this.#timerK = this.startTimer(this.ctx.timers.t4, () => this.terminateQuietly());
  }

  /** Timer E (§17.1.2.2): retransmit; Trying doubles the interval up to T2, Proceeding uses T2. */
  #fireE(): void {
    this.#timerE = undefined;
    const t = this.ctx.timers;
    if (this.state === 'Trying') this.#intervalE = doubled(this.#intervalE, t.t2);
    else if (this.state === 'Proceeding') this.#intervalE = t.t2;
    else return;
    this.ctx.counters.retransmissionsSent++;
    this.sendMessage(this.request);
    this.#timerE = this.startTimer(this.#intervalE, () => this.#fireE());
  }

  /** Timer F (§17.1.2.2): no final response within 64*T1; the TU treats it as a 408. */
  #fireF(): void {
    this.#timerF = undefined;
    this.ctx.counters.timeouts++;
    this.enterTerminated();
    this.handlers.onTimeout?.(this);
    this.notifyTerminated();
  }
}
