// Registrar (RFC 3261 §10.3): REGISTER with digest authentication against the domain's
// credentials, bindings kept by an injected LocationStore (the store, so any node finds them).
// No sockets: a request in, a response out.

import type { Clock } from '../../core/index.ts';
import { getCallId, getContacts, getCSeq, getExpires, getTo } from '../accessors.ts';
import { DigestServerPool, type DigestAlgorithm, type DigestLookup } from '../auth/index.ts';
import type { SipRequest, SipResponse } from '../message.ts';
import { getHeader, type HeaderInit } from '../message.ts';
import { remoteKey, type Remote } from '../remote.ts';
import { buildResponse } from '../response.ts';
import { formatUri } from '../uri.ts';

export interface Binding {
  /** The Contact URI as registered. */
  contact: string;
  expiresAt: number;
  callId: string;
  cseq: number;
  /** q-value × 1000. */
  q: number;
  /** `udp:1.2.3.4:5060`: where the REGISTER came from. */
  source: string;
  userAgent: string | null;
}

/** Bindings per address of record (`user@domain`). Implemented over the store by the cluster layer. */
export interface LocationStore {
  /** Unexpired bindings of the AOR at `now`. */
  list(aor: string, now: number): Promise<Binding[]>;
  /** Adds or replaces the binding with the same contact. */
  save(accountSid: string, aor: string, binding: Binding): Promise<void>;
  /** Removes one contact's binding, or every binding of the AOR. */
  remove(aor: string, contact?: string): Promise<void>;
}

/** A SIP domain that accepts registrations: whose account it is, and its users' secrets. */
export interface RegistrarDomain {
  accountSid: string;
  lookup: DigestLookup;
}

export interface RegistrarOptions {
  /** Wall clock (milliseconds since the epoch): binding expiries are stored. */
  clock: Clock;
  location: LocationStore;
  /** The domain of the Request-URI, if it takes registrations; undefined → 404. */
  resolveDomain(domain: string): Promise<RegistrarDomain | undefined>;
  /** HMAC secret for stateless nonces (shared by nodes that accept each other's). */
  nonceSecret: string;
  /** Digest algorithms challenged, in order (default: the digest server's default). */
  algorithms?: readonly DigestAlgorithm[];
  minExpires?: number;
  maxExpires?: number;
  defaultExpires?: number;
}

export interface RegisterOutcome {
  response: SipResponse;
  /** Set when the REGISTER was authenticated (for logs and events; never the password). */
  accountSid?: string;
  aor?: string;
}

export class Registrar {
  private readonly servers: DigestServerPool;
  private readonly min: number;
  private readonly max: number;
  private readonly dflt: number;

  constructor(private readonly options: RegistrarOptions) {
    this.min = options.minExpires ?? 60;
    this.max = options.maxExpires ?? 3600;
    this.dflt = options.defaultExpires ?? 3600;
    const { clock, nonceSecret: secret, algorithms } = options;
    this.servers = new DigestServerPool({ clock, secret, ...(algorithms ? { algorithms } : {}) });
  }

  async handle(req: SipRequest, source: Remote, toTag: string): Promise<RegisterOutcome> {
    const reply = (status: number, reason?: string, headers: HeaderInit[] = []) => buildResponse(req, status, reason, headers, { toTag });
    const ruri = req.uri.match(/^sips?:(?:[^@;>]*@)?([^:;>?]+)/i);
    const domainName = ruri?.[1]?.toLowerCase();
    const domain = domainName ? await this.options.resolveDomain(domainName) : undefined;
    if (!domain || !domainName) return { response: reply(404, 'Not Found') };
    const digest = this.servers.forRealm(domainName);
    const auth = await digest.verify(req, domain.lookup);
    if (!auth.ok) return { response: digest.challengeResponse(req, { stale: auth.stale, toTag }) };
    const to = getTo(req);
    if (to.uri.kind !== 'sip' || !to.uri.user) return { response: reply(404, 'Not Found') };
    if (to.uri.host.toLowerCase() !== domainName) return { response: reply(403, 'Forbidden') };
    if (to.uri.user !== auth.username) return { response: reply(403, 'Forbidden') };
    const aor = `${to.uri.user}@${domainName}`;
    const error = await this.apply(req, source, domain.accountSid, aor);
    if (error) return { response: reply(error.status, error.reason, error.headers), accountSid: domain.accountSid, aor };
    const now = this.options.clock.now();
    const bindings = await this.options.location.list(aor, now);
    const contacts = bindings.map((b) => ({ name: 'Contact', value: `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}` }));
    return { response: reply(200, 'OK', [...contacts, { name: 'Date', value: new Date(now).toUTCString() }]), accountSid: domain.accountSid, aor };
  }

  /** §10.3 steps 6–8: validates and applies the Contact changes; returns an error response's parts or undefined. */
  private async apply(req: SipRequest, source: Remote, accountSid: string, aor: string): Promise<{ status: number; reason: string; headers?: HeaderInit[] } | undefined> {
    const contacts = getContacts(req);
    const headerExpires = getExpires(req);
    const callId = getCallId(req);
    const cseq = getCSeq(req).seq;
    const now = this.options.clock.now();
    if (contacts === '*') {
      if (headerExpires !== 0) return { status: 400, reason: 'Contact * requires Expires: 0' };
      await this.options.location.remove(aor);
      return undefined;
    }
    const existing = new Map((await this.options.location.list(aor, now)).map((b) => [b.contact, b]));
    const changes: { contact: string; expires: number; q: number }[] = [];
    for (const c of contacts) {
      const expires = c.expires ?? headerExpires ?? this.dflt;
      if (expires > 0 && expires < this.min) return { status: 423, reason: 'Interval Too Brief', headers: [{ name: 'Min-Expires', value: String(this.min) }] };
      const contact = formatUri(c.uri);
      const prior = existing.get(contact);
      if (prior && prior.callId === callId && cseq <= prior.cseq) return { status: 500, reason: 'Out of order REGISTER' };
      changes.push({ contact, expires: Math.min(expires, this.max), q: Math.round((c.q ?? 1) * 1000) });
    }
    for (const ch of changes) {
      if (ch.expires === 0) {
        await this.options.location.remove(aor, ch.contact);
        continue;
      }
      await this.options.location.save(accountSid, aor, {
        contact: ch.contact, expiresAt: now + ch.expires * 1000, callId, cseq, q: ch.q,
        source: remoteKey(source), userAgent: getHeader(req, 'User-Agent') ?? null,
      });
    }
    return undefined;
  }
}
