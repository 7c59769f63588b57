import { Migrator, sql, type Migration } from 'kysely';
import { openDatabase, type DialectName, type OpenOptions } from './dialect.ts';
import { migrations } from './migrations.ts';
import { RowTable, type ChangeListener } from './table.ts';
import type {
  AccountRow, ApplicationRow, BaseRow, CallRow, CredentialListRow, CredentialRow, DomainMappingRow, IncomingNumberRow, KeyRow,
  NotificationRow, RecordingRow, RegistrationRow, SipDomainRow,
} from './tables.ts';

export interface Store {
  readonly dialect: DialectName;
  readonly accounts: RowTable<AccountRow>;
  readonly keys: RowTable<KeyRow>;
  readonly applications: RowTable<ApplicationRow>;
  readonly numbers: RowTable<IncomingNumberRow>;
  readonly calls: RowTable<CallRow>;
  readonly sipDomains: RowTable<SipDomainRow>;
  readonly credentialLists: RowTable<CredentialListRow>;
  readonly credentials: RowTable<CredentialRow>;
  readonly domainMappings: RowTable<DomainMappingRow>;
  readonly registrations: RowTable<RegistrationRow>;
  readonly notifications: RowTable<NotificationRow>;
  readonly recordings: RowTable<RecordingRow>;
  /** A trivial query, for health checks. */
  ping(): Promise<void>;
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

export interface StoreOptions extends OpenOptions {
  /** Told of every committed change; the composition root publishes these on the bus. */
  onChange?: ChangeListener;
}

export function createStore(url: string, options: StoreOptions = {}): Store {
  const { db, dialect } = openDatabase(url, options);
  const notify: ChangeListener = (change) => options.onChange?.(change);
  const table = <Row extends BaseRow>(name: string) => new RowTable<Row>(db, name, notify);
  return {
    dialect,
    accounts: table<AccountRow>('accounts'),
    keys: table<KeyRow>('api_keys'),
    applications: table<ApplicationRow>('applications'),
    numbers: table<IncomingNumberRow>('incoming_phone_numbers'),
    calls: table<CallRow>('calls'),
    sipDomains: table<SipDomainRow>('sip_domains'),
    credentialLists: table<CredentialListRow>('sip_credential_lists'),
    credentials: table<CredentialRow>('sip_credentials'),
    domainMappings: table<DomainMappingRow>('sip_domain_mappings'),
    registrations: table<RegistrationRow>('registrations'),
    notifications: table<NotificationRow>('notifications'),
    recordings: table<RecordingRow>('recordings'),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async migrate() {
      const migrator = new Migrator({
        db,
        provider: { getMigrations: async () => migrations as Record<string, Migration> },
        migrationTableName: 'switchboard_migrations',
        migrationLockTableName: 'switchboard_migrations_lock',
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    close: () => db.destroy(),
  };
}
