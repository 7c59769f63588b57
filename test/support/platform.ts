import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import type BaseRequestClient from 'twilio/lib/base/RequestClient.js';
import { loadConfig, type Config } from '../../src/config/index.ts';
import { createLogger } from '../../src/core/index.ts';
import { startPlatform, type Platform } from '../../src/services/index.ts';

/**
 * Recipe A of twilio-surface §1.3: the unmodified SDK, with an httpClient that swaps scheme and
 * host for our server and leaves everything else (paths, auth, bodies) as the SDK made it.
 */
export class LocalHttpClient extends twilio.RequestClient {
  private readonly base: URL;
  readonly requests: { method: string; uri: string }[] = [];

  constructor(base: string) {
    super({ keepAlive: false });
    this.base = new URL(base);
  }

  override request<TData>(opts: BaseRequestClient.RequestOptions<TData>) {
    const u = new URL(opts.uri);
    u.protocol = this.base.protocol;
    u.host = this.base.host;
    this.requests.push({ method: String(opts.method).toUpperCase(), uri: u.pathname + u.search });
    return super.request<TData>({ ...opts, uri: u.toString() });
  }
}

export interface TestPlatform {
  platform: Platform;
  url: string;
  /** The main account created on first start. */
  accountSid: string;
  authToken: string;
  /** An SDK client for any credentials (AccountSid/AuthToken, or KeySid/Secret with accountSid). */
  client(username?: string, password?: string, accountSid?: string): twilio.Twilio;
  close(): Promise<void>;
}

/** Starts the whole platform in-process on a free port, SQLite in a temp dir (or the given store URL). */
export async function startTestPlatform(options: { storeUrl?: string; env?: Record<string, string> } = {}): Promise<TestPlatform> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-e2e-'));
  const result = loadConfig({
    // Media runs in the main thread unless a test asks for the worker pool (SWITCHBOARD_MEDIA_WORKERS):
    // API-level tests make no calls, and each worker takes seconds to start.
    env: { SWITCHBOARD_LOG_LEVEL: 'silent', SWITCHBOARD_MEDIA_WORKERS: '0', ...options.env },
    flags: { 'data-dir': dir, 'http-port': '0', 'sip-port': '0', ...(options.storeUrl ? { store: options.storeUrl } : {}) },
  });
  if (!result.ok) throw new Error(result.problems.join('; '));
  const config: Config = result.config;
  const platform = await startPlatform(config, { logger: createLogger({ level: 'silent' }) });
  const main = platform.createdAccount;
  if (!main) throw new Error('expected the platform to create the main account on first start');
  return {
    platform,
    url: platform.url,
    accountSid: main.sid,
    authToken: main.auth_token,
    client(username = main.sid, password = main.auth_token, accountSid?: string) {
      return twilio(username, password, { httpClient: new LocalHttpClient(platform.url), ...(accountSid ? { accountSid } : {}) });
    },
    async close() {
      await platform.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
