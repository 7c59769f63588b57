import { createLogger, systemClock, SwitchboardError } from '../core/index.ts';
import { E164_RE, isUniqueViolation, newAccountRow, newNumberRow, type AccountRow, type Store } from '../store/index.ts';
import { ensureMainAccount, openStore, startPlatform } from '../services/index.ts';
import { configFrom, CONFIG_HELP, parse, UsageError } from './args.ts';

export interface Command {
  summary: string;
  help: string;
  run(args: string[]): Promise<number>;
}

type Out = (line: string) => void;
const out: Out = (line) => process.stdout.write(`${line}\n`);

/** Opens the configured store, migrated, for commands that work with or without a running server. */
async function withStore<T>(values: Record<string, unknown>, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = configFrom(values);
  const store = openStore(config);
  try {
    await store.migrate();
    await ensureMainAccount(store, config, systemClock);
    return await fn(store);
  } finally {
    await store.close();
  }
}

function printCredentials(account: AccountRow, url: string): void {
  out('');
  out('  Switchboard created the main account. Keep these credentials; they are shown only now:');
  out(`    Account SID: ${account.sid}`);
  out(`    Auth token:  ${account.auth_token}`);
  out(`    REST API:    ${url}/2010-04-01`);
  out('  `switchboard account list --json` shows them again on this machine.');
  out('');
}

const serve: Command = {
  summary: 'run the platform (all roles in one process)',
  help: `Usage: switchboard serve [options]\n\nStarts Switchboard with every role in one process. On first start with an empty store it\ncreates the main account and prints its credentials once.\n\n${CONFIG_HELP}`,
  async run(args) {
    const { values } = parse(args, {});
    const config = configFrom(values);
    const logger = createLogger({ level: config.log.level });
    const platform = await startPlatform(config, { logger });
    if (platform.createdAccount) printCredentials(platform.createdAccount, platform.url);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        platform.close().then(resolve, (e: unknown) => {
          logger.error({ err: e }, 'error while shutting down');
          resolve();
        });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },
};

const migrate: Command = {
  summary: 'apply pending store migrations',
  help: `Usage: switchboard migrate [options]\n\nApplies pending migrations to the configured store and exits.\n\n${CONFIG_HELP}`,
  async run(args) {
    const { values } = parse(args, {});
    const store = openStore(configFrom(values));
    try {
      const applied = await store.migrate();
      out(applied.length ? `applied: ${applied.join(', ')}` : 'store is up to date');
    } finally {
      await store.close();
    }
    return 0;
  },
};

const account: Command = {
  summary: 'create or list accounts',
  help: `Usage:
  switchboard account create --name NAME [--parent AC…] [--json]
  switchboard account list [--json]

create   makes a main account (or a subaccount of --parent) and prints its SID and auth token;
         with --json: {"sid":"AC…","auth_token":"…"}
list     prints every account with its status (--json: an array with auth tokens)
Works on the configured store whether or not a server is running.

${CONFIG_HELP}`,
  async run(args) {
    const { values, positionals } = parse(args, { name: { type: 'string' }, parent: { type: 'string' }, json: { type: 'boolean' } });
    const [sub] = positionals;
    if (sub === 'create') {
      if (!values.name) throw new UsageError('account create needs --name NAME');
      if (values.name.length > 64) throw new UsageError('--name must be at most 64 characters');
      return withStore(values, async (store) => {
        if (values.parent && !(await store.accounts.get({ sid: values.parent, owner_account_sid: null }))) {
          throw new UsageError(`--parent ${values.parent} is not a main account in this store`);
        }
        const row = newAccountRow({ friendlyName: values.name, ownerAccountSid: values.parent ?? null, now: systemClock.now() });
        await store.accounts.insert(row);
        out(values.json ? JSON.stringify({ sid: row.sid, auth_token: row.auth_token }) : `created ${row.sid}  auth token ${row.auth_token}`);
        return 0;
      });
    }
    if (sub === 'list') {
      return withStore(values, async (store) => {
        const rows: AccountRow[] = [];
        let after: { dateCreated: number; sid: string } | undefined;
        for (;;) {
          const page = await store.accounts.list({ pageSize: 500, ...(after ? { after } : {}) });
          rows.push(...page.rows);
          const last = page.rows[page.rows.length - 1];
          if (!page.more || !last) break;
          after = { dateCreated: last.date_created, sid: last.sid };
        }
        if (values.json) {
          out(JSON.stringify(rows.map((r) => ({ sid: r.sid, friendly_name: r.friendly_name, status: r.status, owner_account_sid: r.owner_account_sid, auth_token: r.auth_token }))));
        } else {
          for (const r of rows) out(`${r.sid}  ${r.status.padEnd(9)}  ${r.owner_account_sid ? `sub of ${r.owner_account_sid}` : 'main'.padEnd(41)}  ${r.friendly_name}`);
        }
        return 0;
      });
    }
    throw new UsageError(`account: expected "create" or "list"${sub ? `, got "${sub}"` : ''}`);
  },
};

const number: Command = {
  summary: 'claim a phone number for an account',
  help: `Usage: switchboard number add --account AC… --number +E164 --voice-url URL [--voice-method GET|POST] [--json]

Claims the number for the account and points it at the webhook (as POST …/IncomingPhoneNumbers.json).

${CONFIG_HELP}`,
  async run(args) {
    const { values, positionals } = parse(args, {
      account: { type: 'string' }, number: { type: 'string' }, 'voice-url': { type: 'string' },
      'voice-method': { type: 'string' }, json: { type: 'boolean' },
    });
    if (positionals[0] !== 'add') throw new UsageError('number: expected "add"');
    const { account: sid, number: phone } = values;
    const voiceUrl = values['voice-url'];
    const method = (values['voice-method'] ?? 'POST').toUpperCase();
    if (!sid || !phone || !voiceUrl) throw new UsageError('number add needs --account, --number and --voice-url');
    if (!E164_RE.test(phone)) throw new UsageError(`--number ${phone} is not E.164 (like +15551230000)`);
    if (!/^https?:\/\/\S+$/.test(voiceUrl)) throw new UsageError('--voice-url must be an http:// or https:// URL');
    if (method !== 'GET' && method !== 'POST') throw new UsageError('--voice-method must be GET or POST');
    return withStore(values, async (store) => {
      if (!(await store.accounts.get({ sid }))) throw new UsageError(`--account ${sid} does not exist in this store`);
      const row = newNumberRow({ accountSid: sid, phoneNumber: phone, now: systemClock.now(), voice_url: voiceUrl, voice_method: method });
      try {
        await store.numbers.insert(row);
      } catch (e) {
        if (isUniqueViolation(e)) throw new SwitchboardError(21422, `${phone} already belongs to an account`);
        throw e;
      }
      out(values.json ? JSON.stringify({ sid: row.sid, phone_number: phone, account_sid: sid }) : `added ${phone} (${row.sid}) to ${sid} → ${method} ${voiceUrl}`);
      return 0;
    });
  },
};

export const commands: Record<string, Command> = { serve, migrate, account, number };
