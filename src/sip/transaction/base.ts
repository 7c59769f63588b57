// What the four transaction state machines share: identity, state with change
// notification, timers on the injected Scheduler, and the Terminated path.
// No I/O here: messages leave through ctx.send, time arrives through ctx.scheduler.

import type { TimerHandle } from '../../core/index.ts';
import type { SipMessage, SipRequest } from '../message.ts';
import { isReliable } from '../remote.ts';
import type { Remote } from '../remote.ts';
import type { TransactionContext, TransactionHandlers, TransactionKind } from './types.ts';

export abstract class TransactionBase<S extends string> {
  abstract readonly kind: TransactionKind;
  abstract handlers: TransactionHandlers<this>;
  /** The request that created the transaction. */
  readonly request: SipRequest;
  /**
   * Client: where the request is sent. Server: where the request came from; responses are
   * passed to `send` with it, and the transport applies §18.2.2 / RFC 3581 (top Via
   * received / rport) to find the real destination.
   */
  readonly remote: Remote;
  /** TCP (and any non-UDP transport): no A/E/G, and D/I/J/K are zero. */
  readonly reliable: boolean;
  /** Matching key in the layer's maps (keys.ts). */
  readonly key: string;
  /** Top Via branch of the request ('' when an RFC 2543 request has none). */
  readonly branch: string;
  protected readonly ctx: TransactionContext;
  #state: S;
  #terminated = false;

  protected constructor(request: SipRequest, remote: Remote, ctx: TransactionContext, key: string, branch: string, initial: S) {
    this.request = request;
    this.remote = remote;
    this.reliable = isReliable(remote.transport);
    this.ctx = ctx;
    this.key = key;
    this.branch = branch;
    this.#state = initial;
  }

  get state(): S {
    return this.#state;
  }

  get method(): string {
    return this.request.method;
  }

  get terminated(): boolean {
    return this.#terminated;
  }

  /**
   * Input: the transport failed to deliver a message of this transaction
   * (§17.1.1.2, §17.1.2.2, §17.1.4, §17.2.4). Terminates and tells the TU.
   */
  transportError(): void {
    if (this.#terminated) return;
    this.ctx.counters.transportErrors++;
    this.enterTerminated();
    this.handlers.onTransportError?.(this);
    this.notifyTerminated();
  }

  protected enter(next: S): void {
    const prev = this.#state;
    // a send may have reported a transport error re-entrantly: Terminated is final
    if (prev === next || (this.#terminated && next !== this.terminatedState)) return;
    this.#state = next;
    this.handlers.onStateChange?.(this, prev, next);
  }

  /** Starts a timer unless the transaction already terminated (a send can fail re-entrantly). */
  protected startTimer(ms: number, fire: () => void): TimerHandle | undefined {
    return this.#terminated ? undefined : this.ctx.scheduler.setTimer(ms, fire);
  }

  /** Cancels a timer if set; returns undefined for `this.#timerX = this.stopTimer(this.#timerX)`. */
  protected stopTimer(handle: TimerHandle | undefined): undefined {
    if (handle !== undefined) this.ctx.scheduler.clearTimer(handle);
    return undefined;
  }

  /**
   * Hands a message to the transport with this.remote. For a server transaction that is the
   * request's source; the transport layer (src/sip/transport) routes responses per
   * RFC 3261 §18.2.2 and RFC 3581 §4 (top Via received / rport, or the same TCP connection).
   */
  protected sendMessage(message: SipMessage): void {
    this.ctx.send(message, this.remote);
  }

  /** Stops every timer of the machine. */
  protected abstract stopTimers(): void;

  /** The machine's Terminated state name. */
  protected abstract readonly terminatedState: S;

  /** Terminated without telling the TU yet: timers off, state changed, the layer forgets the transaction. */
  protected enterTerminated(): void {
    if (this.#terminated) return;
    this.#terminated = true;
    this.stopTimers();
    this.enter(this.terminatedState);
    this.ctx.terminated(this);
  }

  /** The TU's last callback for this transaction. */
  protected notifyTerminated(): void {
    this.handlers.onTerminated?.(this);
  }

  /** Terminated with no other event for the TU (timers D, I, J, K). */
  protected terminateQuietly(): void {
    this.enterTerminated();
    this.notifyTerminated();
  }
}
