// A call leg: its Call record (persisted on every change, so a crash never loses a committed
// status), its SIP dialog and media endpoint, and the status machine that drives status callbacks
// (twilio-surface.md §2.2, §3.3):
//   outbound: queued → initiated (callback only) → ringing → in-progress → final
//   inbound:  ringing → in-progress → final          final = completed busy failed no-answer canceled

import { rfc2822, TypedEmitter, type Clock, type Logger } from '../core/index.ts';
import type { EndpointId } from '../media/host/index.ts';
import type { SipCall } from '../sip/index.ts';
import type { CallRow, Store } from '../store/index.ts';
import { callParams, type LegFacts } from './params.ts';
import type { WebhookTarget } from './webhook-target.ts';

export const FINAL_STATUSES = ['completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];
export type CallStatus = 'queued' | 'ringing' | 'in-progress' | FinalStatus;
export type StatusEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

export interface StatusCallback extends WebhookTarget {
  events: ReadonlySet<StatusEvent>;
}

/** Sends a signed callback in order per call; never blocks the caller. */
export interface CallbackSink {
  send(key: string, req: { url: string; method: 'GET' | 'POST'; params: Record<string, string>; authToken: string }): void;
}

export interface LegDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  callbacks: CallbackSink;
}

export interface LegEvents extends Record<string, unknown[]> {
  status: [CallStatus];
  /** The leg reached a final status. */
  ended: [FinalStatus];
  /** A digit from the far end (RFC 4733 via media, or SIP INFO). */
  dtmf: [string];
}

export class CallLeg extends TypedEmitter<LegEvents> {
  sip: SipCall | undefined;
  endpoint: EndpointId | undefined;
  statusCallback: StatusCallback | undefined;
  answeredAt: number | undefined;
  /** The SIP status that ended the leg, for SipResponseCode. */
  sipResponseCode: number | undefined;
  private sequence = 0;
  private persisting: Promise<unknown> = Promise.resolve();
  readonly log: Logger;

  private constructor(
    private readonly deps: LegDeps,
    public row: CallRow,
    readonly authToken: string,
    readonly facts: LegFacts,
  ) {
    super();
    this.log = deps.logger.child({ callSid: row.sid });
  }

  /** Inserts the Call record and returns its leg. */
  static async create(deps: LegDeps, row: CallRow, authToken: string, facts: LegFacts = {}): Promise<CallLeg> {
    await deps.store.calls.insert(row);
    return new CallLeg(deps, row, authToken, facts);
  }

  get sid(): string {
    return this.row.sid;
  }

  get status(): CallStatus {
    return this.row.status as CallStatus;
  }

  get ended(): boolean {
    return (FINAL_STATUSES as readonly string[]).includes(this.row.status);
  }

  /** The parameters of every webhook of this leg. */
  params(): Record<string, string> {
    return callParams(this.row, this.facts);
  }

  /** Outbound legs: the INVITE is on its way, after `queueTimeMs` in admission. */
  initiated(queueTimeMs = 0): void {
    const now = this.deps.clock.now();
    this.patch({ start_time: now, queue_time: Math.round(queueTimeMs) });
    this.callback('initiated', 'initiated');
  }

  ringing(): void {
    if (this.status !== 'queued') return;
    this.setStatus('ringing');
    this.callback('ringing', 'ringing');
  }

  answered(): void {
    if (this.ended || this.status === 'in-progress') return;
    this.answeredAt = this.deps.clock.now();
    this.setStatus('in-progress', this.row.start_time === null ? { start_time: this.answeredAt } : {});
    this.callback('answered', 'in-progress');
  }

  /** Ends the leg's record (idempotent); the first final status wins. */
  finish(status: FinalStatus, sipResponseCode?: number): void {
    if (this.ended) return;
    const now = this.deps.clock.now();
    if (sipResponseCode !== undefined) this.sipResponseCode = sipResponseCode;
    const duration = this.answeredAt === undefined ? 0 : Math.round((now - this.answeredAt) / 1000);
    this.setStatus(status, { end_time: now, duration, ...(this.row.start_time === null ? { start_time: now } : {}) });
    this.callback('completed', status, { CallDuration: String(duration), Duration: String(Math.ceil(duration / 60)) });
    this.emit('ended', status);
  }

  /** A digit from the far end (media RFC 4733 events and SIP INFO both land here). */
  digit(key: string): void {
    this.emit('dtmf', key);
  }

  /** Resolves when every change so far is committed. */
  flushed(): Promise<unknown> {
    return this.persisting;
  }

  private setStatus(status: CallStatus, extra: Partial<CallRow> = {}): void {
    this.patch({ status, ...extra });
    this.emit('status', status);
  }

  private patch(patch: Partial<CallRow>): void {
    const now = this.deps.clock.now();
    this.row = { ...this.row, ...patch, date_updated: now };
    const { sid } = this.row;
    const full = { ...patch, date_updated: now };
    this.persisting = this.persisting
      .then(() => this.deps.store.calls.update({ sid }, full))
      .catch((e: unknown) => this.log.error({ err: e }, 'could not store a call status change'));
  }

  private callback(event: StatusEvent, callStatus: string, extra: Record<string, string> = {}): void {
    const cb = this.statusCallback;
    if (!cb || !cb.events.has(event)) return;
    const params: Record<string, string> = {
      ...this.params(),
      CallStatus: callStatus,
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(this.sequence++),
      Timestamp: rfc2822(this.deps.clock.now()),
      ...extra,
    };
    if (this.sipResponseCode !== undefined) params.SipResponseCode = String(this.sipResponseCode);
    this.deps.callbacks.send(this.sid, { url: cb.url, method: cb.method, params, authToken: this.authToken });
  }
}
