import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { buildApi } from '../api/index.ts';
import { createInprocBus, type Bus } from '../bus/index.ts';
import type { Config } from '../config/index.ts';
import { createMetrics, systemClock, type Clock, type Logger, type Metrics } from '../core/index.ts';
import { LocalRecordingStorage } from '../media/recorder/index.ts';
import { startCallService, type CallService } from './calls.ts';
import { startSipEdge, type SipEdge } from './sip-edge.ts';
import { createStore, newAccountRow, type AccountRow, type ChangeListener, type Store } from '../store/index.ts';

// The composition root (ARCHITECTURE habit 2): the only place that picks implementations
// (SQLite or PostgreSQL, in-process bus or NATS) and wires the roles together.

const RESOURCE_NAMES: Record<string, string> = {
  accounts: 'account',
  api_keys: 'key',
  applications: 'application',
  incoming_phone_numbers: 'incoming-phone-number',
  calls: 'call',
  sip_domains: 'sip-domain',
  sip_credential_lists: 'credential-list',
  sip_credentials: 'credential',
  sip_domain_mappings: 'domain-mapping',
  registrations: 'registration',
};
const SECRET_COLUMNS = new Set(['auth_token', 'secret_hash', 'password']);

/** Publishes every committed store change as `ev.<region>.<accountSid>.<resource>.<action>`, without secrets. */
export function changePublisher(bus: Bus, region: string, logger: Logger): ChangeListener {
  return ({ table, action, row }) => {
    const record = row as unknown as Record<string, unknown>;
    const accountSid = String(table === 'accounts' ? row.sid : record.account_sid);
    const resource = RESOURCE_NAMES[table] ?? table.replace(/_/g, '-');
    const data = Object.fromEntries(Object.entries(record).filter(([k]) => !SECRET_COLUMNS.has(k)));
    bus.publish(`ev.${region}.${accountSid}.${resource}.${action}`, { resource, action, sid: row.sid, accountSid, data }).catch((e: unknown) =>
      logger.error({ err: e, resource, action, sid: row.sid }, 'could not publish a change on the bus'),
    );
  };
}

export function openStore(config: Config, options: { metrics?: Metrics; onChange?: ChangeListener } = {}): Store {
  const { metrics } = options;
  return createStore(config.store.url, {
    ...(metrics ? { onQuery: (ms: number, kind: string) => metrics.storeDuration.observe({ kind }, ms / 1000) } : {}),
    ...(options.onChange ? { onChange: options.onChange } : {}),
  });
}

/**
 * On first start with an empty store, creates the main account (from SWITCHBOARD_ACCOUNT_SID /
 * SWITCHBOARD_AUTH_TOKEN when set). Returns it when it was created now, so the caller can show
 * the credentials once.
 */
export async function ensureMainAccount(store: Store, config: Config, clock: Clock): Promise<AccountRow | undefined> {
  const { rows } = await store.accounts.list({ where: { owner_account_sid: null }, pageSize: 1 });
  if (rows.length > 0) return undefined;
  const row = newAccountRow({
    friendlyName: 'Main account',
    sid: config.bootstrap.accountSid,
    authToken: config.bootstrap.authToken,
    now: clock.now(),
  });
  await store.accounts.insert(row);
  return row;
}

export interface Platform {
  config: Config;
  store: Store;
  bus: Bus;
  api: FastifyInstance;
  metrics: Metrics;
  /** The base URL the API listens on (real port when 0 was asked for). */
  url: string;
  /** The SIP edge (user agent, registrar) and the port it listens on. */
  sip: SipEdge;
  /** The call router and the media it drives. */
  calls: CallService;
  /** The main account when this start created it (credentials to show once). */
  createdAccount: AccountRow | undefined;
  close(): Promise<void>;
}

export async function startPlatform(config: Config, options: { logger: Logger; clock?: Clock; metrics?: Metrics }): Promise<Platform> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? createMetrics();
  const bus = createInprocBus({ onError: (e, subject) => logger.error({ err: e, subject }, 'bus subscriber failed') });
  const store = openStore(config, { metrics, onChange: changePublisher(bus, config.region, logger) });
  try {
    const applied = await store.migrate();
    if (applied.length) logger.info({ migrations: applied }, 'store migrated');
    const createdAccount = await ensureMainAccount(store, config, clock);
    const recordings = new LocalRecordingStorage(join(config.dataDir, 'recordings'));
    const sip = await startSipEdge({ config, store, logger });
    let url = '';
    const sipHost = config.sip.host === '0.0.0.0' ? '127.0.0.1' : config.sip.host;
    const calls = await startCallService({ config, store, clock, logger, bus, ua: sip.ua, publicUrl: () => (config.http.port === 0 ? url : config.http.publicUrl), sipHost }).catch(
      async (e: unknown) => {
        await sip.close();
        throw e;
      },
    );
    sip.onInbound((call, source) => calls.inbound(call, source));
    const api = buildApi({ store, clock, logger, metrics, recordings, calls: calls.router });
    try {
      await api.listen({ host: config.http.host, port: config.http.port });
    } catch (e) {
      await calls.close();
      await sip.close();
      throw e;
    }
    const address = api.server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    url = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${port}`;
    logger.info({ url, sipPort: sip.port, store: config.store.url.replace(/\/\/[^@/]*@/, '//***@'), region: config.region }, 'switchboard is up');
    return {
      config, store, bus, api, metrics, url, createdAccount, sip, calls,
      async close() {
        await calls.close();
        await sip.close();
        await api.close();
        await bus.close();
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    await bus.close();
    throw e;
  }
}
