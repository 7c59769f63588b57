// Non-INVITE server transaction, RFC 3261 §17.2.2 (Figure 8).
//
//   Trying ──1xx from TU──► Proceeding ──200-699 from TU──► Completed ──Timer J──► Terminated
//     │ request: absorbed      │ request: re-send last provisional  │ request: re-send final
//     └── 200-699 from TU ─► Completed                              │ TU responses: discarded

import type { TimerHandle } from '../../core/index.ts';
import type { SipRequest, SipResponse } from '../message.ts';
import type { Remote } from '../remote.ts';
import { ServerTransactionBase } from './server-base.ts';
import type { ServerTransactionHandlers, TransactionContext } from './types.ts';

export type NonInviteServerState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';

export class NonInviteServerTransaction extends ServerTransactionBase<NonInviteServerState> {
  readonly kind = 'non-invite-server' as const;
  protected readonly terminatedState = 'Terminated' as const;
  #timerJ: TimerHandle | undefined;

  /** `request` is any method but INVITE and ACK (a CANCEL gets one of these too, §9.2). */
  constructor(request: SipRequest, source: Remote, ctx: TransactionContext, handlers: ServerTransactionHandlers<NonInviteServerTransaction> = {}) {
    super(request, source, ctx, 'Trying', handlers);
  }

  /** Nothing to do on creation (§17.2.2: no automatic 100 for non-INVITE, see also RFC 4320). */
  start(): void {}

  /**
   * Input from the TU: send `response`. 1xx moves to Proceeding, 200-699 to
   * Completed. Returns false, sending nothing, once a final response was sent.
   */
  respond(response: SipResponse): boolean {
    if (this.state !== 'Trying' && this.state !== 'Proceeding') return false;
    const status = response.status;
    if (!(status >= 100 && status <= 699)) throw new RangeError(`invalid response status ${status}`);
    if (status < 200) {
      this.provisional = response;
      this.sendMessage(response);
      this.enter('Proceeding');
      return true;
    }
    this.finalResponse = response;
    this.sendMessage(response);
    this.enter('Completed');
    // Timer J: 64*T1 on unreliable transports, zero on reliable ones
    if (this.reliable) this.terminateQuietly();
    else this.#timerJ = this.startTimer(64 * this.ctx.timers.t1, () => this.#fireJ());
    return true;
  }

  /** Input: a retransmission of the request (§17.2.2). */
  receiveRequest(_request: SipRequest): void {
    const counters = this.ctx.counters;
    counters.retransmissionsAbsorbed++;
    const last = this.state === 'Proceeding' ? this.provisional : this.state === 'Completed' ? this.finalResponse : undefined;
    if (last === undefined) return; // Trying: discarded
    counters.retransmissionsSent++;
    this.sendMessage(last);
  }

  protected stopTimers(): void {
    this.#timerJ = this.stopTimer(this.#timerJ);
  }

  /** Timer J (§17.2.2): stop answering request retransmissions. */
  #fireJ(): void {
    this.#timerJ = undefined;
    this.terminateQuietly();
  }
}
