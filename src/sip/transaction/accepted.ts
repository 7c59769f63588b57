// INVITEs answered with a 2xx whose ACK has not come yet: the §13.3.1.4
// retransmitters, found by the ACK (Call-ID, CSeq number, From tag, To tag of the
// 2xx) and by the INVITE's server-transaction key, so a retransmitted INVITE that
// crosses the 2xx is absorbed instead of reaching the TU as a new call.

import { getCSeq, getCallId, getFrom, getTo } from '../accessors.ts';
import type { SipMessage } from '../message.ts';
import type { InviteServerTransaction } from './invite-server.ts';
import type { SipResponse } from '../message.ts';
import type { TransactionContext } from './types.ts';
import { Invite2xxRetransmitter } from './uas-2xx.ts';

/** Call-ID, CSeq number, From tag and To tag: shared by a 2xx and its ACK. */
export function ackKey(message: SipMessage): string {
  return `${getCallId(message)}\n${getCSeq(message).seq}\n${getFrom(message).tag ?? ''}\n${getTo(message).tag ?? ''}`;
}

export class AcceptedInvites {
  readonly #byAck = new Map<string, Invite2xxRetransmitter>();
  readonly #byInvite = new Map<string, Invite2xxRetransmitter>();
  readonly #ctx: TransactionContext;

  constructor(ctx: TransactionContext) {
    this.#ctx = ctx;
  }

  get size(): number {
    return this.#byInvite.size;
  }

  /** Starts §13.3.1.4 for `response`, the 2xx `tx` just sent. */
  add(tx: InviteServerTransaction, response: SipResponse): Invite2xxRetransmitter {
    const byAck = ackKey(response);
    const byInvite = tx.key;
    const r = new Invite2xxRetransmitter(response, tx.remote, this.#ctx, {
      onTimeout: (res) => tx.handlers.onAckTimeout?.(tx, res),
      onFinished: () => {
        if (this.#byAck.get(byAck) === r) this.#byAck.delete(byAck);
        if (this.#byInvite.get(byInvite) === r) this.#byInvite.delete(byInvite);
      },
    });
    this.#byAck.get(byAck)?.stop();
    this.#byInvite.get(byInvite)?.stop();
    this.#byAck.set(byAck, r);
    this.#byInvite.set(byInvite, r);
    r.start();
    return r;
  }

  /** An ACK arrived that no server transaction matched: stops the 2xx it acknowledges. */
  ack(ack: SipMessage): boolean {
    return this.#byAck.get(ackKey(ack))?.ack() ?? false;
  }

  /** True when `inviteKey` belongs to an INVITE answered 2xx and still awaiting its ACK. */
  has(inviteKey: string): boolean {
    return this.#byInvite.has(inviteKey);
  }

  /** The TU stops retransmitting the 2xx sent by `tx` (e.g. the call is torn down). */
  stop(tx: InviteServerTransaction): boolean {
    return this.#byInvite.get(tx.key)?.stop() ?? false;
  }
}
