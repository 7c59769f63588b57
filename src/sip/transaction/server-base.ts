// What the INVITE and non-INVITE server transactions share (RFC 3261 §17.2): identity from the
// request's top Via (§17.2.3, with the RFC 2543 fallback), the TU's handlers, and the responses
// sent so far, which retransmitted requests are answered with.

import type { SipRequest, SipResponse } from '../message.ts';
import type { Remote } from '../remote.ts';
import { TransactionBase } from './base.ts';
import { serverIdentity } from './server-key.ts';
import type { ServerTransactionHandlers, TransactionContext } from './types.ts';

export abstract class ServerTransactionBase<S extends string> extends TransactionBase<S> {
  handlers: ServerTransactionHandlers<this>;
  /** The top Via branch lacks "z9hG4bK": matched by the RFC 2543 rules of §17.2.3. */
  readonly rfc2543: boolean;
  /** The most recent provisional sent. */
  provisional: SipResponse | undefined = undefined;
  /** The final response the TU sent. */
  finalResponse: SipResponse | undefined = undefined;

  /** `handlers` is typed for the concrete subclass, which `this` is once constructed. */
  protected constructor(request: SipRequest, source: Remote, ctx: TransactionContext, initial: S, handlers: ServerTransactionHandlers<never>) {
    const id = serverIdentity(request);
    super(request, source, ctx, id.key, id.branch, initial);
    this.rfc2543 = id.rfc2543;
    this.handlers = handlers as ServerTransactionHandlers<this>;
  }
}
