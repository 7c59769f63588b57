// The call router: owns the live call legs of this node, runs inbound calls the SIP edge admitted
// and outbound calls the REST API asked for, and lets the API redirect, cancel or hang up a live
// call. Media events (digits, hangup-on-star) reach legs through the endpoint → leg map.

import { newSid, type Clock, type Logger } from '../core/index.ts';
import type { EndpointId, MediaControl } from '../media/host/index.ts';
import { getFrom, getRequestUri, IncomingCall } from '../sip/index.ts';
import type { CallRow, Store } from '../store/index.ts';
import { parseAddress } from './addresses.ts';
import { dtmfOfInfo, type Dialer } from './dialer.ts';
import { routeInbound, type InboundSource } from './inbound.ts';
import { CallLeg, type CallbackSink, type StatusCallback, type StatusEvent } from './leg.ts';
import { buildNotification } from './notifications.ts';
import { API_VERSION } from './params.ts';
import type { RecordingCallback, RecordingsService } from './recordings.ts';
import { TwimlSession, type DocumentSource, type SessionDeps } from './session.ts';
import type { WebhookTarget } from './webhook-target.ts';

export interface RouterDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  media: MediaControl;
  dialer: Dialer;
  recordings: RecordingsService;
  callbacks: CallbackSink;
  fetchTwiml: SessionDeps['fetchTwiml'];
}

export interface CreateCallRequest {
  accountSid: string;
  authToken: string;
  to: string;
  from: string;
  source: DocumentSource;
  fallback?: WebhookTarget;
  statusCallback?: StatusCallback;
  timeoutSec: number;
  sendDigits?: string;
  applicationSid?: string;
  sipAuth?: { username: string; password: string };
  /** Record the whole call once answered (REST `Record=true`). */
  record?: { channels: 'mono' | 'dual'; trim: 'trim-silence' | 'do-not-trim'; callback?: RecordingCallback };
}

export type UpdateCallRequest = { status?: 'canceled' | 'completed'; source?: DocumentSource };

interface Live {
  leg: CallLeg;
  session?: TwimlSession;
  cancel?: AbortController;
}

export class CallRouter {
  private readonly live = new Map<string, Live>();
  private readonly byEndpoint = new Map<EndpointId, CallLeg>();
  private readonly sessionDeps: SessionDeps;

  constructor(private readonly d: RouterDeps) {
    d.media.onEvent((e) => {
      if (e.type === 'dtmf') this.byEndpoint.get(e.id)?.digit(e.digit);
      else if (e.type === 'endpoint-lost') {
        const leg = this.byEndpoint.get(e.id);
        if (leg) {
          leg.log.error({ reason: e.reason }, 'the call lost its media; hanging up');
          void leg.sip?.hangup();
        }
      }
    });
    this.sessionDeps = {
      media: d.media, dialer: d.dialer, recordings: d.recordings, fetchTwiml: d.fetchTwiml,
      childLeg: (parent, o) => this.childLeg(parent, o),
      notify: (leg, n) => this.notify(leg, n),
    };
  }

  /** Calls running on this node. */
  get size(): number {
    return this.live.size;
  }

  /** For the dialer: which leg an endpoint's events belong to. */
  attachEndpoint(leg: CallLeg, endpoint: EndpointId | undefined): void {
    if (endpoint) this.byEndpoint.set(endpoint, leg);
    else if (leg.endpoint) this.byEndpoint.delete(leg.endpoint);
  }

  /** An INVITE the SIP edge admitted. */
  async inbound(call: IncomingCall, source: InboundSource): Promise<void> {
    const ruri = getRequestUri(call.invite);
    const fromUri = getFrom(call.invite).uri;
    const route = await routeInbound(
      this.d.store, source, ruri.kind === 'sip' ? ruri.user : undefined,
      fromUri.kind === 'sip' ? fromUri.user : undefined, fromUri.kind === 'sip' ? fromUri.host : 'unknown',
    );
    if ('refuse' in route) return call.reject(404, 'Not Found');
    const account = await this.d.store.accounts.get({ sid: route.accountSid });
    if (!account || account.status !== 'active') return call.reject(403, 'Forbidden');
    const sip: Record<string, string> = { SipCallId: call.callId, SipSourceIp: call.flow.address };
    if (source.kind === 'domain') Object.assign(sip, { SipDomain: source.domain.domain_name, SipDomainSid: source.domain.sid });
    const now = this.d.clock.now();
    const leg = await CallLeg.create(this.legDeps(), this.row({
      sid: newSid('CA'), account_sid: route.accountSid, to_address: route.to, from_address: route.from, phone_number_sid: route.phoneNumberSid,
      status: 'ringing', direction: 'inbound', start_time: now,
    }), account.auth_token, { sip, ...(route.applicationSid ? { applicationSid: route.applicationSid } : {}) });
    if (route.statusCallback) leg.statusCallback = { ...route.statusCallback, events: new Set<StatusEvent>(['completed']) };
    leg.sip = call;
    call.ring(180);
    let answering: Promise<void> | undefined;
    const hooks = {
      answer: () => (answering ??= this.answerInbound(leg, call)),
      reject: (status: 486 | 603) => {
        if (leg.answeredAt !== undefined) return void call.hangup();
        call.reject(status);
        leg.finish(status === 486 ? 'busy' : 'no-answer', status);
      },
      hangup: () => {
        if (leg.answeredAt !== undefined) return void call.hangup();
        call.reject(603, 'Decline');
        leg.finish('completed', 603);
      },
    };
    call.on('info', (req) => {
      const key = dtmfOfInfo(req.headers, req.body);
      if (key) leg.digit(key);
    });
    call.on('ended', (reason) => leg.finish(leg.answeredAt !== undefined ? 'completed' : reason.by === 'remote' ? 'canceled' : 'failed'));
    const session = new TwimlSession(this.sessionDeps, leg, hooks, route.fallback);
    this.track({ leg, session });
    await session.run({ kind: 'url', target: route.voice });
  }

  /** REST: places an outbound-api call; resolves with its record at once (queued), the call goes on. */
  async create(req: CreateCallRequest): Promise<CallRow> {
    const to = parseAddress(req.to);
    const leg = await CallLeg.create(this.legDeps(), this.row({
      sid: newSid('CA'), account_sid: req.accountSid, to_address: to?.value ?? req.to, from_address: req.from, phone_number_sid: null,
      status: 'queued', direction: 'outbound-api', start_time: null,
    }), req.authToken, req.applicationSid ? { applicationSid: req.applicationSid } : {});
    if (req.statusCallback) leg.statusCallback = req.statusCallback;
    const cancel = new AbortController();
    const session = new TwimlSession(this.sessionDeps, leg, {
      answer: async () => undefined,
      reject: () => void leg.sip?.hangup(),
      hangup: () => void leg.sip?.hangup(),
    }, req.fallback);
    this.track({ leg, session, cancel });
    const row = leg.row;
    void (async () => {
      if (!to) return leg.finish('failed');
      const result = await this.d.dialer.dial({
        leg, to, callerId: req.from, timeoutSec: req.timeoutSec, signal: cancel.signal, ...(req.sipAuth ? { sipAuth: req.sipAuth } : {}),
      });
      if (!result.answered) return;
      if (req.sendDigits && leg.endpoint) await this.d.media.sendDigits(leg.endpoint, req.sendDigits).catch(() => undefined);
      if (req.record) void this.recordCall(leg, req.record);
      await session.run(req.source);
    })().catch((e: unknown) => {
      leg.log.error({ err: e }, 'outbound call failed');
      void leg.sip?.hangup();
      leg.finish('failed');
    });
    return row;
  }

  /**
   * REST: redirects (source), cancels (queued/ringing) or hangs up a live call. Returns the call's
   * record, undefined when this node does not run it, or 'ended' when it is over (21220).
   */
  update(accountSid: string, sid: string, req: UpdateCallRequest): CallRow | undefined | 'ended' {
    const live = this.live.get(sid);
    if (!live || live.leg.row.account_sid !== accountSid) return undefined;
    const { leg } = live;
    if (leg.ended) return 'ended';
    if (req.status === 'canceled') {
      if (leg.status === 'queued' || leg.status === 'ringing') this.end(live);
      return leg.row;
    }
    if (req.status === 'completed') {
      this.end(live);
      return leg.row;
    }
    if (req.source) live.session?.redirect(req.source);
    return leg.row;
  }

  /** Hangs up every live call (shutdown). */
  async close(): Promise<void> {
    const lives = [...this.live.values()];
    // Wait (up to 2 s) for the BYEs and CANCELs to be answered before the SIP edge closes under them.
    const ended = Promise.all(lives.map(({ leg }) => new Promise<void>((r) => (leg.ended ? r() : leg.once('ended', () => r())))));
    for (const live of lives) this.end(live);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ended, new Promise<void>((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
    await Promise.all(lives.map((l) => l.leg.flushed()));
  }

  /** Ends a live leg: BYE when answered; otherwise CANCEL (outbound) or 487 (inbound), and 'canceled'. */
  private end(live: Live): void {
    const { leg } = live;
    live.cancel?.abort();
    const sip = leg.sip;
    if (leg.answeredAt !== undefined) return void sip?.hangup();
    if (sip instanceof IncomingCall) sip.reject(487, 'Request Terminated');
    else void sip?.hangup();
    leg.finish('canceled');
  }

  private track(live: Live): void {
    const { leg } = live;
    this.live.set(leg.sid, live);
    leg.once('ended', () => {
      this.live.delete(leg.sid);
      if (leg.endpoint) {
        this.byEndpoint.delete(leg.endpoint);
        void this.d.media.destroy(leg.endpoint).catch(() => undefined);
      }
    });
  }

  private async answerInbound(leg: CallLeg, call: IncomingCall): Promise<void> {
    if (leg.ended) throw new Error('the call has ended');
    const ep = await this.d.media.createEndpoint({ callSid: leg.sid });
    leg.endpoint = ep.id;
    this.byEndpoint.set(ep.id, leg);
    let sdp: string;
    try {
      sdp = (await this.d.media.answer(ep.id, call.invite.body.toString())).sdp;
    } catch (e) {
      call.reject(488, 'Not Acceptable Here');
      leg.finish('failed', 488);
      throw e;
    }
    if (leg.ended) throw new Error('the caller hung up');
    call.answer(Buffer.from(sdp));
    leg.answered();
  }

  /** REST `Record=true`: the whole answered call, until it ends (caller in channel 1, what it hears in 2). */
  private async recordCall(leg: CallLeg, o: NonNullable<CreateCallRequest['record']>): Promise<void> {
    const ep = leg.endpoint;
    if (!ep) return;
    const channels = o.channels === 'dual' ? 2 : 1;
    const sid = await this.d.recordings.begin(leg, { source: 'OutboundAPI', channels, track: 'both', ...(o.callback ? { callback: o.callback } : {}) });
    const result = await this.d.media
      .record(ep, { recordingId: sid, maxLengthSec: 14_400, timeoutSec: 0, finishOnKey: '', trim: o.trim, playBeep: false, channels: o.channels })
      .catch((e: unknown) => {
        leg.log.warn({ err: e }, 'the call recording failed');
        return undefined;
      });
    await this.d.recordings.complete(sid, result);
  }

  private async childLeg(parent: CallLeg, o: { to: string; from: string; statusCallback?: StatusCallback }): Promise<CallLeg> {
    const leg = await CallLeg.create(this.legDeps(), this.row({
      sid: newSid('CA'), account_sid: parent.row.account_sid, parent_call_sid: parent.sid, to_address: o.to, from_address: o.from,
      phone_number_sid: null, status: 'queued', direction: 'outbound-dial', start_time: null,
    }), parent.authToken);
    if (o.statusCallback) leg.statusCallback = o.statusCallback;
    this.track({ leg });
    return leg;
  }

  private notify(leg: CallLeg, n: Parameters<SessionDeps['notify']>[1]): void {
    leg.log.warn({ code: n.code, message: n.message, url: n.request?.url }, 'call notification');
    const row = buildNotification({
      accountSid: leg.row.account_sid, callSid: leg.sid, code: n.code, message: n.message, now: this.d.clock.now(),
      ...(n.request ? { request: n.request } : {}), ...(n.response ? { response: n.response } : {}),
    });
    this.d.store.notifications.insert(row).catch((e: unknown) => leg.log.error({ err: e }, 'could not store a notification'));
  }

  private legDeps() {
    return { store: this.d.store, clock: this.d.clock, logger: this.d.logger, callbacks: this.d.callbacks };
  }

  private row(r: Pick<CallRow, 'sid' | 'account_sid' | 'to_address' | 'from_address' | 'phone_number_sid' | 'status' | 'direction' | 'start_time'> & Partial<CallRow>): CallRow {
    const now = this.d.clock.now();
    return {
      parent_call_sid: null, end_time: null, duration: null, answered_by: null, forwarded_from: null, caller_name: null,
      queue_time: 0, trunk_sid: null, api_version: API_VERSION, date_created: now, date_updated: now, ...r,
    };
  }
}
