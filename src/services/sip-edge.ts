import { randomBytes } from 'node:crypto';
import { addressList, purgeExpiredRegistrations, storeLocation, storeSipDirectory } from '../cluster/index.ts';
import type { Config } from '../config/index.ts';
import { realScheduler, systemClock, type Logger, type Scheduler } from '../core/index.ts';
import type { InboundSource } from '../call/index.ts';
import { DigestServerPool, getFrom, Registrar, UserAgent, type IncomingCall, type Refusal, type SipRequest } from '../sip/index.ts';
import { createTransports } from '../sip/transport/index.ts';
import type { Store } from '../store/index.ts';

// The SIP edge of one node: transports on sip.host:sip.port, the user agent core, the registrar
// over the store, and admission of INVITEs (a trunk's allowed addresses, or digest credentials of
// the caller's SIP domain). Nothing answers a call it was not configured to answer: admitted
// INVITEs go to the call router, which answers only numbers and domains with a voice URL.

export interface SipEdge {
  ua: UserAgent;
  port: number;
  /** Where admitted INVITEs go (the call router); until set, they get 404. */
  onInbound(handler: (call: IncomingCall, source: InboundSource) => void): void;
  close(): Promise<void>;
}

export async function startSipEdge(deps: { config: Config; store: Store; logger: Logger; scheduler?: Scheduler }): Promise<SipEdge> {
  const { config, store } = deps;
  const logger = deps.logger.child({ role: 'sip-edge' });
  const scheduler = deps.scheduler ?? realScheduler();
  const nonceSecret = config.sip.nonceSecret || randomBytes(24).toString('hex');
  const directory = storeSipDirectory(store);
  const trunks = config.trunks.map((t) => ({ name: t.name, acl: addressList(t.allowedAddresses) }));
  for (const t of trunks) if (t.acl.invalid.length) logger.warn({ trunk: t.name, invalid: t.acl.invalid }, 'trunk allowedAddresses entries ignored: not IP addresses or CIDR blocks');
  const algorithms = config.sip.digestAlgorithms;
  // Stored times (binding expiries, nonce issue times) come from the wall clock; the scheduler's
  // monotonic clock drives timers only.
  const registrar = new Registrar({
    clock: systemClock, location: storeLocation(store, systemClock), resolveDomain: (d) => directory.resolveDomain(d, 'registrations'), nonceSecret, algorithms,
  });
  const callAuth = new DigestServerPool({ clock: systemClock, secret: nonceSecret, algorithms });

  /** Who admitted INVITEs came from, for the call router (the request object is the key). */
  const admitted = new WeakMap<SipRequest, InboundSource>();
  let inbound: ((call: IncomingCall, source: InboundSource) => void) | undefined;

  /** INVITE admission: trusted trunk source, or a SIP-domain endpoint proving its credentials (407 challenge). */
  async function admit(req: SipRequest, source: { address: string }): Promise<Refusal | undefined> {
    if (req.method !== 'INVITE') return undefined;
    const trunk = trunks.find((t) => t.acl.has(source.address));
    if (trunk) return void admitted.set(req, { kind: 'trunk', trunk: trunk.name });
    const from = getFrom(req).uri;
    const domainName = from.kind === 'sip' ? from.host.toLowerCase() : undefined;
    const domain = domainName ? await directory.resolveDomain(domainName, 'calls') : undefined;
    if (!domain || !domainName) return { status: 403, reason: 'Forbidden' };
    const server = callAuth.forRealm(domainName);
    const result = await server.verify(req, domain.lookup, { proxy: true });
    if (!result.ok) return { status: 407, reason: 'Proxy Authentication Required', headers: server.challenge(req, { proxy: true, stale: result.stale }) };
    const row = await store.sipDomains.get({ domain_name: domainName });
    if (!row) return { status: 403, reason: 'Forbidden' };
    admitted.set(req, { kind: 'domain', domain: row, ...(from.kind === 'sip' && from.user ? { username: from.user } : {}) });
    return undefined;
  }

  const transport = await createTransports({
    host: config.sip.host,
    port: config.sip.port,
    logger,
    onParseError: () => undefined,
  });
  const ua = new UserAgent({
    transport,
    scheduler,
    host: config.sip.host === '0.0.0.0' ? '127.0.0.1' : config.sip.host,
    port: transport.local.port,
    admit,
    onInvite: (call) => {
      const source = admitted.get(call.invite);
      if (!inbound || !source) return call.reject(404, 'Not Found');
      inbound(call, source);
    },
    onRegister: async (req, source, toTag) => {
      const outcome = await registrar.handle(req, source, toTag);
      if (outcome.aor && outcome.response.status === 200) logger.debug({ aor: outcome.aor, accountSid: outcome.accountSid }, 'registration');
      return outcome.response;
    },
    userAgentHeader: 'Switchboard',
    onError: (e, where) => logger.error({ err: e, where }, 'sip user agent error'),
  });
  const purge = setInterval(() => {
    purgeExpiredRegistrations(store, systemClock.now()).catch((e: unknown) => logger.error({ err: e }, 'could not purge expired registrations'));
  }, 60_000);
  purge.unref();
  logger.info({ host: config.sip.host, port: transport.local.port, transports: transport.protocols }, 'sip edge listening');
  return {
    ua,
    port: transport.local.port,
    onInbound(handler) {
      inbound = handler;
    },
    async close() {
      clearInterval(purge);
      await ua.close();
    },
  };
}
