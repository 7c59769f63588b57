// Places outbound legs (REST calls and <Dial> nouns): resolves where the address goes (a trunk
// for E.164 numbers, the URI for sip:, the registered contact for client:), waits in admission,
// opens a media endpoint with an SDP offer, sends the INVITE and follows it to an answer or a
// final status. The leg's record and callbacks follow each step.

import type { Admission, Ticket } from '../cluster/index.ts';
import type { TrunkConfig } from '../config/index.ts';
import type { Scheduler } from '../core/index.ts';
import type { EndpointId, MediaControl } from '../media/host/index.ts';
import { remoteOfUri, type OutgoingCall, type Remote, type UserAgent } from '../sip/index.ts';
import type { Store } from '../store/index.ts';
import type { CallAddress } from './addresses.ts';
import { parseDtmfInfo } from '../media/dtmf/index.ts';
import type { CallLeg, FinalStatus } from './leg.ts';

export interface DialRequest {
  leg: CallLeg;
  to: CallAddress;
  /** The caller ID (From user): E.164 or a name. */
  callerId: string;
  timeoutSec: number;
  /** Put the media next to this endpoint (the parent leg's, for bridging). */
  near?: EndpointId;
  sipAuth?: { username: string; password: string };
  /** Abort: the call is canceled (REST, the parent hung up, another noun answered). */
  signal?: AbortSignal;
}

export type DialResult = { answered: true } | { answered: false; status: FinalStatus; sipStatus?: number };

export interface AccountLimits {
  maxCps: number;
  maxConcurrent: number;
}

export interface DialerDeps {
  ua: UserAgent;
  media: MediaControl;
  store: Store;
  admission: Admission;
  trunks: readonly TrunkConfig[];
  accountLimits: AccountLimits;
  scheduler: Scheduler;
  /** Host written in our From header. */
  sipHost: string;
  /** The router maps endpoint → leg to route media events. */
  onEndpoint(leg: CallLeg, endpoint: EndpointId | undefined): void;
}

interface Route {
  uri: string;
  target: Remote;
  trunk?: TrunkConfig;
}

/** SIP final statuses as Twilio reports them. */
function statusOfSip(status: number): FinalStatus {
  if (status === 486 || status === 600 || status === 603) return 'busy';
  if (status === 408 || status === 480 || status === 487) return 'no-answer';
  return 'failed';
}

function parseSource(source: string): Remote | undefined {
  const m = /^(udp|tcp):(.+):(\d+)$/.exec(source);
  return m?.[1] && m[2] && m[3] ? { transport: m[1] as Remote['transport'], address: m[2].replace(/^\[|\]$/g, ''), port: Number(m[3]) } : undefined;
}

export class Dialer {
  constructor(private readonly d: DialerDeps) {}

  /** Where an address goes; undefined when nothing can reach it (no trunk, no registration, a name to resolve). */
  async route(accountSid: string, to: CallAddress): Promise<Route | undefined> {
    if (to.kind === 'number') {
      const trunk = this.d.trunks.find((t) => t.outboundUri);
      const target = trunk && remoteOfUri(trunk.outboundUri);
      if (!trunk || !target) return undefined;
      const host = trunk.outboundUri.replace(/^sips?:/i, '').replace(/^[^@]*@/, '').split(';')[0];
      return { uri: `sip:${to.value}@${host}`, target: { ...target, transport: trunk.transport }, trunk };
    }
    if (to.kind === 'sip') {
      const target = remoteOfUri(to.value);
      return target ? { uri: to.value.split('?')[0] ?? to.value, target } : undefined;
    }
    const now = Date.now();
    const { rows } = await this.d.store.registrations.list({
      where: { account_sid: accountSid }, ranges: [{ column: 'expires_at', op: '>', value: now }], pageSize: 100,
    });
    const reg = rows.filter((r) => r.aor.split('@')[0] === to.identity).sort((a, b) => b.q - a.q || b.date_updated - a.date_updated)[0];
    const target = reg && (parseSource(reg.source) ?? remoteOfUri(reg.contact_uri));
    return reg && target ? { uri: reg.contact_uri.replace(/^<|>$/g, ''), target } : undefined;
  }

  /** Dials the leg; resolves when it is answered (media ready) or ended without answer. */
  async dial(req: DialRequest): Promise<DialResult> {
    const { leg } = req;
    const route = await this.route(leg.row.account_sid, req.to);
    if (!route) {
      leg.log.warn({ to: req.to.value }, 'no route for the call');
      leg.finish('failed');
      return { answered: false, status: 'failed' };
    }
    let ticket: Ticket;
    try {
      const limits = [{ key: `account:${leg.row.account_sid}`, limits: this.d.accountLimits }];
      if (route.trunk) limits.push({ key: `trunk:${route.trunk.name}`, limits: { maxCps: route.trunk.maxCps, maxConcurrent: route.trunk.maxConcurrent } });
      ticket = await this.d.admission.admit({ limits, ...(req.signal ? { signal: req.signal } : {}) });
    } catch {
      leg.finish('canceled');
      return { answered: false, status: 'canceled' };
    }
    const { media } = this.d;
    let endpoint: EndpointId;
    let sdp: string;
    try {
      endpoint = (await media.createEndpoint({ callSid: leg.sid, ...(req.near ? { near: req.near } : {}) })).id;
      sdp = (await media.offer(endpoint)).sdp;
    } catch (e) {
      ticket.release();
      leg.log.error({ err: e }, 'no media endpoint for the outbound leg');
      leg.finish('failed');
      return { answered: false, status: 'failed' };
    }
    leg.endpoint = endpoint;
    this.d.onEndpoint(leg, endpoint);
    const fromUser = req.callerId.replace(/^sip:/i, '').split('@')[0] ?? 'switchboard';
    const out = this.d.ua.invite({
      uri: route.uri, target: route.target, from: `<sip:${fromUser}@${this.d.sipHost}>`, sdp: Buffer.from(sdp),
      ...(req.sipAuth ? { credentials: req.sipAuth } : route.trunk?.username && route.trunk.password ? { credentials: { username: route.trunk.username, password: route.trunk.password } } : {}),
    });
    leg.sip = out;
    leg.initiated(ticket.waitedMs);
    const cleanup = () => {
      ticket.release();
      this.d.onEndpoint(leg, undefined);
      void media.destroy(endpoint).catch(() => undefined);
    };
    return this.follow(req, out, endpoint, cleanup);
  }

  private follow(req: DialRequest, out: OutgoingCall, endpoint: EndpointId, cleanup: () => void): Promise<DialResult> {
    const { leg } = req;
    return new Promise<DialResult>((resolve) => {
      let settled = false;
      let giveUp: FinalStatus | undefined;
      const settle = (r: DialResult) => {
        if (settled) return;
        settled = true;
        this.d.scheduler.clearTimer(timer);
        req.signal?.removeEventListener('abort', onAbort);
        resolve(r);
      };
      let provisional = false;
      // Giving up on the INVITE: CANCEL once a provisional has come (RFC 3261 §9.1). With none yet the
      // transaction may run on to Timer B (32 s), so the leg ends now and the INVITE is abandoned in
      // the background (a late provisional still gets its CANCEL, a late 2xx a BYE).
      const abandon = (status: FinalStatus) => {
        giveUp = status;
        void out.hangup();
        if (provisional || out.ended || settled) return;
        cleanup();
        leg.finish(status);
        settle({ answered: false, status });
      };
      const timer = this.d.scheduler.setTimer(req.timeoutSec * 1000, () => abandon('no-answer'));
      const onAbort = () => abandon('canceled');
      req.signal?.addEventListener('abort', onAbort, { once: true });
      out.on('provisional', (res) => {
        provisional = true;
        if (res.status === 180 || res.status === 183) leg.ringing();
      });
      out.on('info', (info) => {
        const key = dtmfOfInfo(info.headers, info.body);
        if (key) leg.digit(key);
      });
      out.on('answered', (res) => {
        if (settled) return void out.hangup();
        this.d.media.accept(endpoint, res.body.toString()).then(
          () => {
            leg.answered();
            settle({ answered: true });
          },
          (e: unknown) => {
            leg.log.warn({ err: e }, 'the answer SDP was not acceptable');
            giveUp = 'failed';
            void out.hangup();
          },
        );
      });
      out.on('failed', ({ status }) => {
        const final = giveUp ?? statusOfSip(status);
        leg.finish(final, status);
        settle({ answered: false, status: final, sipStatus: status });
      });
      out.on('ended', () => {
        cleanup();
        const final = giveUp ?? (leg.answeredAt !== undefined ? 'completed' : 'failed');
        leg.finish(final);
        settle({ answered: false, status: final });
      });
    });
  }
}

/** A digit from an INFO request (application/dtmf-relay or application/dtmf), if it carries one. */
export function dtmfOfInfo(headers: ReadonlyArray<{ name: string; value: string }>, body: Buffer): string | undefined {
  const type = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
  if (!/application\/dtmf/i.test(type)) return undefined;
  try {
    const info = parseDtmfInfo(type, body);
    return info.signal === 'flash' ? undefined : info.signal;
  } catch {
    return undefined;
  }
}
