// The SIP user agent core (RFC 3261 §8, §13–15): transport → transactions → dialogs and calls.
// It answers what needs no application (OPTIONS, stray in-dialog requests, CANCEL bookkeeping),
// enforces per-source rate limits and the application's admission policy, and hands INVITEs and
// REGISTERs to the application. Every message is offered to observers (signaling callbacks).

import type { Scheduler } from '../../core/index.ts';
import { getCallId, getTo } from '../accessors.ts';
import { classifyRequest, DEFAULT_METHODS, type RequestPolicy } from '../classify.ts';
import { dialogIdOfRequest, dialogKey, newTag } from '../dialog/state.ts';
import { getHeader, prependHeader, removeHeader, type HeaderInit, type SipMessage, type SipRequest, type SipResponse } from '../message.ts';
import { getTopVia } from '../accessors.ts';
import type { Remote, TransportName } from '../remote.ts';
import { buildResponse } from '../response.ts';
import { BranchGenerator, TransactionLayer, type ServerTransaction, type TimerConfig } from '../transaction/index.ts';
import type { SipTransport } from '../transport/index.ts';
import { formatVia } from '../via.ts';
import type { CallHost, SipCall } from './call.ts';
import { IncomingCall } from './incoming.ts';
import { OutgoingCall, type OutgoingCallOptions } from './outgoing.ts';
import { SourceRateLimiter } from './rate-limit.ts';

export interface Refusal {
  status: number;
  reason?: string;
  headers?: HeaderInit[];
}

export interface SignalEvent {
  direction: 'in' | 'out';
  message: SipMessage;
  remote: Remote;
  callId: string;
}

export interface UserAgentOptions {
  transport: SipTransport;
  scheduler: Scheduler;
  /** Address and port written in Via and Contact (what peers can reach). */
  host: string;
  port: number;
  /** User part of our Contact. */
  contactUser?: string;
  timers?: Partial<TimerConfig>;
  policy?: RequestPolicy;
  /** A new INVITE; without a handler every INVITE gets 404 (nothing answers what it was not set up to). */
  onInvite?(call: IncomingCall, source: Remote): void;
  /** REGISTER handling (the registrar); without it REGISTER gets 405. */
  onRegister?(req: SipRequest, source: Remote, toTag: string): Promise<SipResponse>;
  /** Admission of out-of-dialog requests (trunk ACLs, authenticated endpoints); a Refusal answers it. */
  admit?(req: SipRequest, source: Remote): Refusal | undefined | Promise<Refusal | undefined>;
  /** Requests per second and burst per source address; `false` turns limiting off. */
  rateLimit?: { perSecond: number; burst: number } | false;
  userAgentHeader?: string;
  onError?(error: unknown, where: string): void;
}

const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE';
/** Bodies we understand: SDP, and DTMF in INFO (RFC 6086 practice: application/dtmf-relay, application/dtmf). */
const ACCEPTED_BODIES = ['application/sdp', 'application/dtmf-relay', 'application/dtmf'];

export class UserAgent implements CallHost {
  readonly layer: TransactionLayer;
  private readonly dialogs = new Map<string, SipCall>();
  private readonly calls = new Map<string, SipCall>();
  private readonly pending = new Map<string, IncomingCall>();
  private readonly observers = new Set<(e: SignalEvent) => void>();
  private readonly limiter: SourceRateLimiter | undefined;
  private readonly branches = new BranchGenerator();
  private readonly policy: RequestPolicy;
  readonly stats = { rateLimited: 0, refused: 0, invites: 0 };

  constructor(private readonly o: UserAgentOptions) {
    this.layer = new TransactionLayer({
      scheduler: o.scheduler,
      send: (msg, target) => this.out(msg, target),
      ...(o.timers ? { timers: o.timers } : {}),
    });
    const rl = o.rateLimit ?? { perSecond: 200, burst: 400 };
    this.limiter = rl ? new SourceRateLimiter(rl.perSecond, rl.burst, () => o.scheduler.now()) : undefined;
    const allowed = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'INFO', 'UPDATE', ...(o.onRegister ? ['REGISTER'] : [])];
    this.policy = { knownMethods: DEFAULT_METHODS, allowedMethods: allowed, acceptedContentTypes: ACCEPTED_BODIES, ...o.policy };
    o.transport.setHandlers({
      onMessage: (m, s) => this.receive(m, s),
      onTransportError: (target) => void this.layer.transportErrorTo(target),
    });
  }

  via(transport: TransportName): string {
    return formatVia({ protocol: 'SIP', version: '2.0', transport: transport.toUpperCase(), host: this.o.host, port: this.o.port, params: [{ name: 'rport', value: undefined }] });
  }

  contact(transport: TransportName): string {
    return `<sip:${this.o.contactUser ?? 'switchboard'}@${this.o.host}:${this.o.port}${transport === 'tcp' ? ';transport=tcp' : ''}>`;
  }

  /** Observers see every message sent and received (signaling callbacks subscribe here). */
  onSignal(listener: (e: SignalEvent) => void): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  /** Places a call. The INVITE goes out on the next microtask, so listeners attached now see everything. */
  invite(opts: OutgoingCallOptions): OutgoingCall {
    const call = new OutgoingCall(this, opts, this.o.host);
    this.calls.set(call.callId, call);
    queueMicrotask(() => call.start());
    return call;
  }

  sendDirect(message: SipRequest, target: Remote): void {
    const via = getTopVia(message);
    if (via && !via.params.some((p) => p.name === 'branch')) {
      const top = getHeader(message, 'Via') ?? '';
      removeHeader(message, 'Via');
      prependHeader(message, 'Via', `${top};branch=${this.branches.next()}`);
    }
    this.out(message, target);
  }

  addDialog(call: SipCall): void {
    const key = call.dialogKey;
    if (key) this.dialogs.set(key, call);
  }

  forget(call: SipCall): void {
    const key = call.dialogKey;
    if (key) this.dialogs.delete(key);
    this.calls.delete(call.callId);
  }

  get activeCalls(): number {
    return this.calls.size;
  }

  private out(message: SipMessage, remote: Remote): void {
    this.notify('out', message, remote);
    this.o.transport.send(message, remote);
  }

  private notify(direction: 'in' | 'out', message: SipMessage, remote: Remote): void {
    if (this.observers.size === 0 && this.calls.size === 0) return;
    let callId: string;
    try {
      callId = getCallId(message);
    } catch {
      return;
    }
    this.calls.get(callId)?.observed(direction, message, remote);
    for (const o of this.observers) o({ direction, message, remote, callId });
  }

  private receive(message: SipMessage, source: Remote): void {
    try {
      this.notify('in', message, source);
      const r = this.layer.receive(message, source);
      if (r.kind === 'request') void this.onRequest(r.request, r.transaction, source);
      else if (r.kind === 'cancel') this.onCancel(r.request, r.transaction, r.target ? getCallId(r.target.request) : undefined);
      else if (r.kind === 'ack-2xx') this.onAck(r.request);
      else if (r.kind === 'stray-response' && r.invite2xx) this.onStray2xx(r.response);
    } catch (e) {
      this.o.onError?.(e, 'receive');
    }
  }

  private reply(req: SipRequest, tx: ServerTransaction, status: number, reason?: string, headers: HeaderInit[] = []): void {
    tx.respond(buildResponse(req, status, reason, headers, getTo(req).tag ? {} : { toTag: newTag() }) as SipResponse);
  }

  private async onRequest(req: SipRequest, tx: ServerTransaction, source: Remote): Promise<void> {
    const key = source.address;
    if (this.limiter && !this.limiter.take(key)) {
      this.stats.rateLimited++;
      return this.reply(req, tx, 503, 'Service Unavailable', [{ name: 'Retry-After', value: String(this.limiter.retryAfter(key)) }]);
    }
    const rejection = classifyRequest(req, this.policy);
    if (rejection) return this.reply(req, tx, rejection.status, rejection.reason, rejection.headers);
    const id = dialogIdOfRequest(req);
    if (id) {
      const call = this.dialogs.get(dialogKey(id));
      if (call) return call.handleRequest(req, tx);
      if (req.method === 'OPTIONS') return this.replyOptions(req, tx);
      return this.reply(req, tx, 481, 'Call/Transaction Does Not Exist');
    }
    if (req.method === 'OPTIONS') return this.replyOptions(req, tx);
    if (req.method === 'BYE' || req.method === 'INFO' || req.method === 'UPDATE') return this.reply(req, tx, 481, 'Call/Transaction Does Not Exist');
    try {
      const refusal = await this.o.admit?.(req, source);
      if (refusal) {
        this.stats.refused++;
        return this.reply(req, tx, refusal.status, refusal.reason, refusal.headers);
      }
      if (req.method === 'REGISTER' && this.o.onRegister) return void tx.respond(await this.o.onRegister(req, source, newTag()));
      if (req.method === 'INVITE') return this.onInvite(req, tx, source);
      this.reply(req, tx, 405, 'Method Not Allowed', [{ name: 'Allow', value: ALLOW }]);
    } catch (e) {
      this.o.onError?.(e, `handling ${req.method}`);
      this.reply(req, tx, 500, 'Server Internal Error');
    }
  }

  private onInvite(req: SipRequest, tx: ServerTransaction, source: Remote): void {
    if (tx.kind !== 'invite-server') return;
    this.stats.invites++;
    if (!this.o.onInvite) return this.reply(req, tx, 404, 'Not Found');
    const call = new IncomingCall(this, req, tx, source);
    this.calls.set(call.callId, call);
    this.pending.set(call.callId, call);
    call.once('ended', () => this.pending.delete(call.callId));
    call.once('confirmed', () => this.pending.delete(call.callId));
    this.o.onInvite(call, source);
  }

  private replyOptions(req: SipRequest, tx: ServerTransaction): void {
    this.reply(req, tx, 200, 'OK', [
      { name: 'Allow', value: this.o.onRegister ? `${ALLOW}, REGISTER` : ALLOW },
      { name: 'Accept', value: ACCEPTED_BODIES.join(', ') },
      { name: 'Supported', value: '' },
      ...(this.o.userAgentHeader ? [{ name: 'Server', value: this.o.userAgentHeader }] : []),
    ].filter((h) => h.value !== ''));
  }

  private onCancel(cancel: SipRequest, tx: ServerTransaction, targetCallId: string | undefined): void {
    const call = targetCallId ? this.pending.get(targetCallId) : undefined;
    if (!call) return this.reply(cancel, tx, 481, 'Call/Transaction Does Not Exist');
    this.reply(cancel, tx, 200, 'OK');
    call.cancel(cancel);
  }

  private onAck(ack: SipRequest): void {
    const id = dialogIdOfRequest(ack);
    const call = id ? this.dialogs.get(dialogKey(id)) : undefined;
    if (call instanceof IncomingCall) {
      this.pending.delete(call.callId);
      call.acknowledged(ack);
    }
  }

  private onStray2xx(res: SipResponse): void {
    const call = this.calls.get(getCallId(res));
    if (call instanceof OutgoingCall) call.resendAck();
  }

  /** Ends every call and stops listening. */
  async close(): Promise<void> {
    await Promise.all([...this.calls.values()].map((c) => c.hangup().catch(() => undefined)));
    await this.o.transport.close();
  }
}
