// The transaction layer (RFC 3261 §17): creates client transactions for requests
// the TU sends, matches incoming messages to transactions (§17.1.3, §17.2.3, §9.2)
// and forgets transactions when they terminate. A pure engine: messages leave
// through the injected `send`, time comes from the injected Scheduler.
//
// Dispatch design: receive() RETURNS a discriminated union (ReceiveResult) saying
// what the message was and, for anything new (a request with its new server
// transaction, a CANCEL with its target, an ACK for a 2xx, a stray response), what
// the core must route. Everything that happens later inside an existing
// transaction (responses passed up, timeouts, transport errors, termination) is
// delivered to that transaction's `handlers`, because timers fire outside receive().
// No event emitter: one small result object per message, no listener bookkeeping.

import type { Scheduler } from '../../core/index.ts';
import { getCSeq, getTo, getTopVia } from '../accessors.ts';
import { SipParseError } from '../errors.ts';
import { sameHeaderName } from '../header-names.ts';
import type { SipMessage, SipRequest, SipResponse } from '../message.ts';
import type { Remote } from '../remote.ts';
import { isRfc3261Branch } from '../via.ts';
import type { ViaHeader } from '../via.ts';
import { AcceptedInvites } from './accepted.ts';
import { BranchGenerator } from './branch.ts';
import { newCounters } from './context.ts';
import { InviteClientTransaction } from './invite-client.ts';
import { InviteServerTransaction } from './invite-server.ts';
import { clientKey, rfc2543Key, serverKey } from './keys.ts';
import { NonInviteClientTransaction } from './non-invite-client.ts';
import { NonInviteServerTransaction } from './non-invite-server.ts';
import { resolveTimers } from './timers.ts';
import type { TimerConfig } from './timers.ts';
import type {
  ClientTransaction,
  ClientTransactionHandlers,
  SendFn,
  ServerTransaction,
  TransactionContext,
  TransactionIdentity,
} from './types.ts';

export interface TransactionLayerOptions {
  scheduler: Scheduler;
  send: SendFn;
  /** T1, T2, T4 … overrides (defaults: 500 ms, 4 s, 5 s). */
  timers?: Partial<TimerConfig>;
  /** Run §13.3.1.4 2xx retransmission for INVITEs the TU answers 2xx (default true). */
  retransmit2xx?: boolean;
  /** Branch generator for sendRequest (default: "z9hG4bK" + 96 random bits). */
  newBranch?: () => string;
}

export type ReceiveResult =
  /** A response matched a client transaction (§17.1.3); `passed`: it went to the TU's onResponse. */
  | { kind: 'response'; response: SipResponse; transaction: ClientTransaction; passed: boolean }
  /**
   * No client transaction matched (§18.1.2: goes to the core). `invite2xx`: a 2xx to an
   * INVITE, i.e. a retransmitted or forked 2xx the dialog layer must ACK (§13.2.2.4);
   * anything else the core drops.
   */
  | { kind: 'stray-response'; response: SipResponse; source: Remote; invite2xx: boolean }
  /**
   * A retransmitted request, or an ACK for a non-2xx final, consumed by `transaction`.
   * `transaction` is undefined for a retransmitted INVITE already answered with a 2xx
   * (the §13.3.1.4 retransmissions answer it).
   */
  | { kind: 'absorbed'; request: SipRequest; transaction: ServerTransaction | undefined }
  /**
   * An ACK no server transaction matched: the ACK for a 2xx, for the dialog (§13.3.1.4,
   * §17.2.3). `acknowledged`: it stopped a 2xx retransmission of this layer.
   */
  | { kind: 'ack-2xx'; request: SipRequest; source: Remote; acknowledged: boolean }
  /**
   * A CANCEL (§9.2), with its own new server transaction, and the INVITE server
   * transaction it cancels (same branch and sent-by, method INVITE), if any. The TU answers
   * the CANCEL 200 and the INVITE 487 when `target` is in Proceeding; 481 when undefined.
   */
  | { kind: 'cancel'; request: SipRequest; transaction: NonInviteServerTransaction; target: InviteServerTransaction | undefined }
  /** A new request and its new server transaction; the TU answers with transaction.respond(). */
  | { kind: 'request'; request: SipRequest; transaction: ServerTransaction }
  /** Unusable: no top Via, or an unreadable Via / CSeq / From / To / Call-ID (hand-built messages only). */
  | { kind: 'invalid'; message: SipMessage; source: Remote; reason: string };

export interface TransactionLayerStats {
  clientTransactions: number;
  serverTransactions: number;
  /** INVITEs answered 2xx whose ACK is awaited (§13.3.1.4). */
  pending2xx: number;
  retransmissionsSent: number;
  retransmissionsAbsorbed: number;
  timeouts: number;
  transportErrors: number;
  strayResponses: number;
}

/** A request's matching key (§17.2.3) and how to compare it. */
interface Probe {
  via: ViaHeader;
  key: string;
  rfc3261: boolean;
}

export class TransactionLayer {
  readonly timers: Readonly<TimerConfig>;
  readonly #clients = new Map<string, ClientTransaction>();
  readonly #servers = new Map<string, ServerTransaction>();
  readonly #ctx: TransactionContext;
  readonly #accepted: AcceptedInvites;
  readonly #newBranch: () => string;
  #strays = 0;

  constructor(options: TransactionLayerOptions) {
    this.timers = resolveTimers(options.timers);
    const retransmit2xx = options.retransmit2xx !== false;
    this.#ctx = {
      scheduler: options.scheduler,
      send: options.send,
      timers: this.timers,
      counters: newCounters(),
      terminated: (tx) => this.#forget(tx),
      accepted: (tx, response) => {
        if (retransmit2xx) this.#accepted.add(tx, response);
      },
    };
    this.#accepted = new AcceptedInvites(this.#ctx);
    if (options.newBranch !== undefined) this.#newBranch = options.newBranch;
    else {
      const gen = new BranchGenerator();
      this.#newBranch = () => gen.next();
    }
  }

  get stats(): TransactionLayerStats {
    const c = this.#ctx.counters;
    return {
      clientTransactions: this.#clients.size,
      serverTransactions: this.#servers.size,
      pending2xx: this.#accepted.size,
      retransmissionsSent: c.retransmissionsSent,
      retransmissionsAbsorbed: c.retransmissionsAbsorbed,
      timeouts: c.timeouts,
      transportErrors: c.transportErrors,
      strayResponses: this.#strays,
    };
  }

  /**
   * Sends `request` (not ACK: the ACK for a 2xx goes straight to the transport, the
   * ACK for a non-2xx is the transaction's) in a new client transaction. A top Via
   * without a branch gets a fresh "z9hG4bK" one; a CANCEL keeps its INVITE's (§9.1).
   */
  sendRequest(request: SipRequest, target: Remote, handlers: ClientTransactionHandlers = {}): ClientTransaction {
    if (request.method === 'ACK') throw new TypeError('ACK is not sent in a client transaction (§17.1.1.3, §13.2.2.4)');
    const top = request.headers.find((h) => sameHeaderName(h.name, 'Via'));
    if (top === undefined) throw new TypeError('request has no Via header field');
    const branch = getTopVia(request)?.branch;
    if (branch === undefined) top.value = `${top.value};branch=${this.#newBranch()}`;
    else if (!isRfc3261Branch(branch)) throw new TypeError(`top Via branch "${branch}" lacks the z9hG4bK cookie`);
    const tx =
      request.method === 'INVITE'
        ? new InviteClientTransaction(request, target, this.#ctx, handlers)
        : new NonInviteClientTransaction(request, target, this.#ctx, handlers);
    if (this.#clients.has(tx.key)) throw new Error(`a client transaction with branch ${tx.branch} (${request.method}) exists`);
    this.#clients.set(tx.key, tx);
    tx.start();
    return tx;
  }

  /** Input: a message from the transport, from `source`. See ReceiveResult. */
  receive(message: SipMessage, source: Remote): ReceiveResult {
    return message.type === 'response' ? this.#receiveResponse(message, source) : this.#receiveRequest(message, source);
  }

  /**
   * Input: the transport could not deliver `message`, which a transaction of this layer
   * sent. Terminates that transaction and tells its TU; false when none matches (also for
   * responses to RFC 2543 requests, whose key needs the request, and for §13.3.1.4 2xx
   * retransmissions, whose transaction is gone: Timer H / the 64*T1 give-up cover those).
   */
  transportError(message: SipMessage): boolean {
    try {
      const via = getTopVia(message);
      if (via?.branch === undefined) return false;
      const method = getCSeq(message).method;
      let tx: ClientTransaction | ServerTransaction | undefined;
      if (message.type === 'request') tx = this.#clients.get(clientKey(via.branch, method));
      else if (isRfc3261Branch(via.branch)) tx = this.#servers.get(serverKey(via.branch, via, method));
      if (tx === undefined) return false;
      tx.transportError();
      return true;
    } catch (err) {
      if (err instanceof SipParseError) return false;
      throw err;
    }
  }

  /**
   * Input: the transport reported that sending to `target` failed or its connection broke
   * (what SipTransport's onTransportError gives). Every transaction whose remote is `target`
   * terminates and tells its TU (§17.1.4, §17.2.4). Returns how many. O(transactions), but
   * transport errors are rare.
   */
  transportErrorTo(target: Remote): number {
    const hit: Array<ClientTransaction | ServerTransaction> = [];
    for (const tx of this.#clients.values()) if (sameRemote(tx.remote, target)) hit.push(tx);
    for (const tx of this.#servers.values()) if (sameRemote(tx.remote, target)) hit.push(tx);
    for (const tx of hit) tx.transportError();
    return hit.length;
  }

  /** Stops the §13.3.1.4 retransmission of the 2xx `tx` sent; false if none was running. */
  stop2xx(tx: InviteServerTransaction): boolean {
    return this.#accepted.stop(tx);
  }

  #forget(tx: TransactionIdentity): void {
    const map: Map<string, TransactionIdentity> = tx.kind === 'invite-client' || tx.kind === 'non-invite-client' ? this.#clients : this.#servers;
    if (map.get(tx.key) === tx) map.delete(tx.key);
  }

  #receiveResponse(response: SipResponse, source: Remote): ReceiveResult {
    let tx: ClientTransaction | undefined;
    let method: string;
    try {
      const branch = getTopVia(response)?.branch;
      method = getCSeq(response).method;
      if (branch !== undefined) tx = this.#clients.get(clientKey(branch, method));
    } catch (err) {
      return invalid(response, source, err);
    }
    if (tx === undefined) {
      this.#strays++;
      const invite2xx = method === 'INVITE' && response.status >= 200 && response.status < 300;
      return { kind: 'stray-response', response, source, invite2xx };
    }
    const passed = tx.receiveResponse(response);
    return { kind: 'response', response, transaction: tx, passed };
  }

  #receiveRequest(request: SipRequest, source: Remote): ReceiveResult {
    let probe: Probe;
    let tx: ServerTransaction | undefined;
    try {
      probe = this.#probe(request, request.method);
      tx = this.#match(probe, request);
    } catch (err) {
      return invalid(request, source, err);
    }
    if (tx !== undefined) {
      if (request.method !== 'ACK') tx.receiveRequest(request);
      else if (tx.kind === 'invite-server') tx.receiveAck(request);
      return { kind: 'absorbed', request, transaction: tx };
    }
    switch (request.method) {
      case 'ACK':
        return this.#receiveAck2xx(request, source);
      case 'CANCEL':
        return this.#receiveCancel(request, source, probe);
      case 'INVITE':
        if (this.#accepted.has(probe.key)) {
          this.#ctx.counters.retransmissionsAbsorbed++;
          return { kind: 'absorbed', request, transaction: undefined };
        }
        return { kind: 'request', request, transaction: this.#serve(new InviteServerTransaction(request, source, this.#ctx)) };
      default:
        return { kind: 'request', request, transaction: this.#serve(new NonInviteServerTransaction(request, source, this.#ctx)) };
    }
  }

  /** An ACK no server transaction took: for a 2xx (§13.3.1.4), stopping its retransmission if it is ours. */
  #receiveAck2xx(request: SipRequest, source: Remote): ReceiveResult {
    let acknowledged: boolean;
    try {
      acknowledged = this.#accepted.ack(request);
    } catch (err) {
      return invalid(request, source, err);
    }
    return { kind: 'ack-2xx', request, source, acknowledged };
  }

  /** §9.2: the CANCEL gets its own transaction; its target is the INVITE with the same branch (or 2543 identity). */
  #receiveCancel(request: SipRequest, source: Remote, probe: Probe): ReceiveResult {
    const transaction = this.#serve(new NonInviteServerTransaction(request, source, this.#ctx));
    let target: InviteServerTransaction | undefined;
    // a CANCEL carries the INVITE's To tag, so the RFC 2543 key is exact here too
    const key = probe.rfc3261 ? serverKey(probe.via.branch ?? '', probe.via, 'INVITE') : rfc2543Key(request, probe.via, 'INVITE', getTo(request).tag ?? '');
    const found = this.#servers.get(key);
    if (found?.kind === 'invite-server') target = found;
    return { kind: 'cancel', request, transaction, target };
  }

  #probe(request: SipRequest, method: string): Probe {
    const via = getTopVia(request);
    if (via === undefined) throw new SipParseError('missing Via header field');
    const rfc3261 = isRfc3261Branch(via.branch);
    if (rfc3261) return { via, key: serverKey(via.branch ?? '', via, method), rfc3261 };
    // RFC 2543: an ACK is looked up as the INVITE, whose To had no tag (see #match for re-INVITEs)
    const toTag = method === 'ACK' ? '' : (getTo(request).tag ?? '');
    return { via, key: rfc2543Key(request, via, method, toTag), rfc3261 };
  }

  /** §17.2.3: one map lookup; an RFC 2543 ACK may need a second one and a To tag check. */
  #match(probe: Probe, request: SipRequest): ServerTransaction | undefined {
    const tx = this.#servers.get(probe.key);
    if (probe.rfc3261 || request.method !== 'ACK') return tx;
    if (tx !== undefined && ackTagMatches(tx, request)) return tx;
    // a re-INVITE carried the dialog's To tag, which its ACK repeats
    const tag = getTo(request).tag;
    if (tag === undefined) return undefined;
    const again = this.#servers.get(rfc2543Key(request, probe.via, 'INVITE', tag));
    return again !== undefined && ackTagMatches(again, request) ? again : undefined;
  }

  #serve<T extends ServerTransaction>(tx: T): T {
    this.#servers.set(tx.key, tx);
    tx.start();
    return tx;
  }
}

/** §17.2.3 RFC 2543 rules: an ACK's To tag must equal the To tag of the response the transaction sent. */
function ackTagMatches(tx: ServerTransaction, ack: SipRequest): boolean {
  const sent = tx.finalResponse;
  return sent !== undefined && getTo(sent).tag === getTo(ack).tag;
}

function sameRemote(a: Remote, b: Remote): boolean {
  return a.port === b.port && a.address === b.address && a.transport === b.transport;
}

function invalid(message: SipMessage, source: Remote, err: unknown): ReceiveResult {
  if (!(err instanceof SipParseError)) throw err;
  return { kind: 'invalid', message, source, reason: err.reason };
}
