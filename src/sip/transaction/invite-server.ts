// INVITE server transaction, RFC 3261 §17.2.1 (Figure 7).
//
//   Proceeding ──300-699 from TU──► Completed ──ACK──► Confirmed ──Timer I──► Terminated
//     │ 100 Trying after 200 ms          │ Timer G: re-send final (UDP)  │ absorbs ACKs
//     │ INVITE: re-send last provisional │ Timer H: ACK timeout → TU
//     └─ 2xx from TU ──► Terminated      │ INVITE: re-send final
//
// A 2xx ends the transaction (RFC 3261); retransmitting it until the ACK is the UAS
// core's job (§13.3.1.4), done by Invite2xxRetransmitter through ctx.accepted.

import type { TimerHandle } from '../../core/index.ts';
import type { SipRequest, SipResponse } from '../message.ts';
import type { Remote } from '../remote.ts';
import { buildResponse } from '../response.ts';
import { ServerTransactionBase } from './server-base.ts';
import { doubled } from './timers.ts';
import type { ServerTransactionHandlers, TransactionContext } from './types.ts';

export type InviteServerState = 'Proceeding' | 'Completed' | 'Confirmed' | 'Terminated';

export class InviteServerTransaction extends ServerTransactionBase<InviteServerState> {
  readonly kind = 'invite-server' as const;
  protected readonly terminatedState = 'Terminated' as const;
  #timerTrying: TimerHandle | undefined;
  #timerG: TimerHandle | undefined;
  #timerH: TimerHandle | undefined;
  #timerI: TimerHandle | undefined;
  #intervalG: number;
  #started = false;

  constructor(request: SipRequest, source: Remote, ctx: TransactionContext, handlers: ServerTransactionHandlers<InviteServerTransaction> = {}) {
    super(request, source, ctx, 'Proceeding', handlers);
    this.#intervalG = ctx.timers.t1;
  }

  /** §17.2.1: a 100 (Trying) goes out unless the TU sends a response within 200 ms. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const delay = this.ctx.timers.trying;
    if (delay === 0) this.#sendTrying();
    else this.#timerTrying = this.startTimer(delay, () => this.#sendTrying());
  }

  /**
   * Input from the TU: send `response` (built with buildResponse from this.request).
   * 1xx stays in Proceeding; 2xx terminates; 300-699 moves to Completed. Returns
   * false, sending nothing, once a final response was sent.
   */
  respond(response: SipResponse): boolean {
    if (this.state !== 'Proceeding') return false;
    const status = response.status;
    if (!(status >= 100 && status <= 699)) throw new RangeError(`invalid response status ${status}`);
    this.#timerTrying = this.stopTimer(this.#timerTrying);
    if (status < 200) {
      this.provisional = response;
      this.sendMessage(response);
    } else if (status < 300) {
      this.finalResponse = response;
      this.sendMessage(response);
      this.ctx.accepted(this, response);
      this.enterTerminated();
      this.notifyTerminated();
    } else {
      this.finalResponse = response;
      this.sendMessage(response);
      this.enter('Completed');
      if (!this.reliable) this.#timerG = this.startTimer(this.#intervalG, () => this.#fireG());
      this.#timerH = this.startTimer(64 * this.ctx.timers.t1, () => this.#fireH());
    }
    return true;
  }

  /** Input: a retransmission of the INVITE (§17.2.1): answered with the last response. */
  receiveRequest(_request: SipRequest): void {
    const counters = this.ctx.counters;
    counters.retransmissionsAbsorbed++;
    if (this.state === 'Proceeding') {
      if (this.provisional === undefined) {
        this.#timerTrying = this.stopTimer(this.#timerTrying);
        this.#sendTrying();
        return;
      }
      counters.retransmissionsSent++;
      this.sendMessage(this.provisional);
    } else if (this.state === 'Completed' && this.finalResponse !== undefined) {
      counters.retransmissionsSent++;
      this.sendMessage(this.finalResponse);
    }
  }

  /** Input: an ACK matched to this transaction, i.e. for its non-2xx final (§17.2.1). */
  receiveAck(_ack: SipRequest): void {
    if (this.state === 'Confirmed') {
      this.ctx.counters.retransmissionsAbsorbed++;
      return;
    }
    if (this.state !== 'Completed') return;
    this.#timerG = this.stopTimer(this.#timerG);
    this.#timerH = this.stopTimer(this.#timerH);
    this.enter('Confirmed');
    // Timer I: T4 on unreliable transports, zero on reliable ones
    if (this.reliable) this.terminateQuietly();
    else this.#timerI = this.startTimer(this.ctx.timers.t4, () => this.#fireI());
  }

  protected stopTimers(): void {
    this.#timerTrying = this.stopTimer(this.#timerTrying);
    this.#timerG = this.stopTimer(this.#timerG);
    this.#timerH = this.stopTimer(this.#timerH);
    this.#timerI = this.stopTimer(this.#timerI);
  }

  #sendTrying(): void {
    this.#timerTrying = undefined;
    if (this.state !== 'Proceeding' || this.provisional !== undefined) return;
    this.provisional = buildResponse(this.request, 100);
    this.sendMessage(this.provisional);
  }

  /** Timer G (§17.2.1): re-send the final response, interval doubling up to T2. */
  #fireG(): void {
    this.#timerG = undefined;
    if (this.state !== 'Completed' || this.finalResponse === undefined) return;
    this.ctx.counters.retransmissionsSent++;
    this.sendMessage(this.finalResponse);
    this.#intervalG = doubled(this.#intervalG, this.ctx.timers.t2);
    this.#timerG = this.startTimer(this.#intervalG, () => this.#fireG());
  }

  /** Timer H (§17.2.1): no ACK within 64*T1; tell the TU. */
  #fireH(): void {
    this.#timerH = undefined;
    const final = this.finalResponse;
    if (this.state !== 'Completed' || final === undefined) return;
    this.ctx.counters.timeouts++;
    this.enterTerminated();
    this.handlers.onAckTimeout?.(this, final);
    this.notifyTerminated();
  }

  /** Timer I (§17.2.1): stop absorbing ACK retransmissions. */
  #fireI(): void {
    this.#timerI = undefined;
    this.terminateQuietly();
  }
}
