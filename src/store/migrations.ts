import type { Kysely, Migration } from 'kysely';

// Migrations in code (Kysely's Migrator; kysely-ctl needs Node 22). Append only: never edit a
// migration that has shipped, add a new one. Names sort in order of application.

type AnyDb = Kysely<Record<string, never>>;

const ts = 'bigint';

export const migrations: Record<string, Migration> = {
  '0001_foundation': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('accounts')
        .addColumn('sid', 'varchar(34)', (c) => c.primaryKey())
        .addColumn('owner_account_sid', 'varchar(34)')
        .addColumn('friendly_name', 'varchar(64)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('type', 'varchar(8)', (c) => c.notNull())
        .addColumn('auth_token', 'varchar(64)', (c) => c.notNull())
        .addColumn('date_created', ts, (c) => c.notNull())
        .addColumn('date_updated', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('accounts_owner').on('accounts').columns(['owner_account_sid', 'date_created']).execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('sid', 'varchar(34)', (c) => c.primaryKey())
        .addColumn('account_sid', 'varchar(34)', (c) => c.notNull())
        .addColumn('friendly_name', 'varchar(64)', (c) => c.notNull())
        .addColumn('secret_hash', 'varchar(200)', (c) => c.notNull())
        .addColumn('date_created', ts, (c) => c.notNull())
        .addColumn('date_updated', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('api_keys_account').on('api_keys').columns(['account_sid', 'date_created']).execute();

      const voiceColumns = (t: ReturnType<AnyDb['schema']['createTable']>) =>
        t
          .addColumn('account_sid', 'varchar(34)', (c) => c.notNull())
          .addColumn('friendly_name', 'varchar(64)', (c) => c.notNull())
          .addColumn('voice_url', 'text')
          .addColumn('voice_method', 'varchar(4)', (c) => c.notNull())
          .addColumn('voice_fallback_url', 'text')
          .addColumn('voice_fallback_method', 'varchar(4)', (c) => c.notNull())
          .addColumn('status_callback', 'text')
          .addColumn('status_callback_method', 'varchar(4)', (c) => c.notNull())
          .addColumn('voice_caller_id_lookup', 'integer', (c) => c.notNull())
          .addColumn('sms_url', 'text')
          .addColumn('sms_method', 'varchar(4)', (c) => c.notNull())
          .addColumn('sms_fallback_url', 'text')
          .addColumn('sms_fallback_method', 'varchar(4)', (c) => c.notNull())
          .addColumn('date_created', ts, (c) => c.notNull())
          .addColumn('date_updated', ts, (c) => c.notNull());

      await voiceColumns(db.schema.createTable('applications').addColumn('sid', 'varchar(34)', (c) => c.primaryKey()))
        .addColumn('api_version', 'varchar(10)', (c) => c.notNull())
        .addColumn('sms_status_callback', 'text')
        .addColumn('message_status_callback', 'text')
        .addColumn('public_application_connect_enabled', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('applications_account').on('applications').columns(['account_sid', 'date_created']).execute();

      await voiceColumns(db.schema.createTable('incoming_phone_numbers').addColumn('sid', 'varchar(34)', (c) => c.primaryKey()))
        .addColumn('phone_number', 'varchar(16)', (c) => c.notNull().unique())
        .addColumn('voice_application_sid', 'varchar(34)')
        .addColumn('voice_receive_mode', 'varchar(8)', (c) => c.notNull())
        .addColumn('trunk_sid', 'varchar(34)')
        .addColumn('sms_application_sid', 'varchar(34)')
        .execute();
      await db.schema.createIndex('numbers_account').on('incoming_phone_numbers').columns(['account_sid', 'date_created']).execute();

      await db.schema
        .createTable('calls')
        .addColumn('sid', 'varchar(34)', (c) => c.primaryKey())
        .addColumn('account_sid', 'varchar(34)', (c) => c.notNull())
        .addColumn('parent_call_sid', 'varchar(34)')
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('from_address', 'text', (c) => c.notNull())
        .addColumn('phone_number_sid', 'varchar(34)')
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('direction', 'varchar(20)', (c) => c.notNull())
        .addColumn('start_time', ts)
        .addColumn('end_time', ts)
        .addColumn('duration', 'integer')
        .addColumn('answered_by', 'varchar(24)')
        .addColumn('forwarded_from', 'text')
        .addColumn('caller_name', 'text')
        .addColumn('queue_time', 'integer', (c) => c.notNull())
        .addColumn('trunk_sid', 'varchar(34)')
        .addColumn('date_created', ts, (c) => c.notNull())
        .addColumn('date_updated', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('calls_account').on('calls').columns(['account_sid', 'date_created', 'sid']).execute();
      await db.schema.createIndex('calls_parent').on('calls').column('parent_call_sid').execute();
    },
  },
};

migrations['0002_sip_endpoints'] = {
  async up(db: AnyDb) {
    const base = (name: string) =>
      db.schema
        .createTable(name)
        .addColumn('sid', 'varchar(34)', (c) => c.primaryKey())
        .addColumn('account_sid', 'varchar(34)', (c) => c.notNull())
        .addColumn('date_created', ts, (c) => c.notNull())
        .addColumn('date_updated', ts, (c) => c.notNull());
    await base('sip_domains')
      .addColumn('domain_name', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('friendly_name', 'varchar(64)', (c) => c.notNull())
      .addColumn('voice_url', 'text')
      .addColumn('voice_method', 'varchar(4)', (c) => c.notNull())
      .addColumn('voice_fallback_url', 'text')
      .addColumn('voice_fallback_method', 'varchar(4)', (c) => c.notNull())
      .addColumn('voice_status_callback_url', 'text')
      .addColumn('voice_status_callback_method', 'varchar(4)', (c) => c.notNull())
      .addColumn('sip_registration', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sip_domains_account').on('sip_domains').columns(['account_sid', 'date_created']).execute();
    await base('sip_credential_lists').addColumn('friendly_name', 'varchar(64)', (c) => c.notNull()).execute();
    await db.schema.createIndex('sip_credential_lists_account').on('sip_credential_lists').columns(['account_sid', 'date_created']).execute();
    await base('sip_credentials')
      .addColumn('credential_list_sid', 'varchar(34)', (c) => c.notNull())
      .addColumn('username', 'varchar(32)', (c) => c.notNull())
      .addColumn('password', 'varchar(255)', (c) => c.notNull())
      .addUniqueConstraint('sip_credentials_list_user', ['credential_list_sid', 'username'])
      .execute();
    await base('sip_domain_mappings')
      .addColumn('domain_sid', 'varchar(34)', (c) => c.notNull())
      .addColumn('credential_list_sid', 'varchar(34)', (c) => c.notNull())
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addUniqueConstraint('sip_domain_mappings_unique', ['domain_sid', 'credential_list_sid', 'kind'])
      .execute();
    await base('registrations')
      .addColumn('aor', 'varchar(300)', (c) => c.notNull())
      .addColumn('contact_uri', 'text', (c) => c.notNull())
      .addColumn('expires_at', ts, (c) => c.notNull())
      .addColumn('call_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('cseq', 'bigint', (c) => c.notNull())
      .addColumn('q', 'integer', (c) => c.notNull())
      .addColumn('source', 'varchar(80)', (c) => c.notNull())
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('registrations_aor').on('registrations').columns(['aor', 'expires_at']).execute();
  },
};

migrations['0003_call_router'] = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('notifications')
      .addColumn('sid', 'varchar(34)', (c) => c.primaryKey())
      .addColumn('account_sid', 'varchar(34)', (c) => c.notNull())
      .addColumn('call_sid', 'varchar(34)')
      .addColumn('api_version', 'varchar(10)', (c) => c.notNull())
      .addColumn('error_code', 'varchar(8)', (c) => c.notNull())
      .addColumn('log', 'varchar(2)', (c) => c.notNull())
      .addColumn('message_date', ts, (c) => c.notNull())
      .addColumn('message_text', 'text', (c) => c.notNull())
      .addColumn('more_info', 'text', (c) => c.notNull())
      .addColumn('request_method', 'varchar(8)')
      .addColumn('request_url', 'text')
      .addColumn('request_variables', 'text')
      .addColumn('response_body', 'text')
      .addColumn('response_headers', 'text')
      .addColumn('date_created', ts, (c) => c.notNull())
      .addColumn('date_updated', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('notifications_account').on('notifications').columns(['account_sid', 'date_created', 'sid']).execute();
    await db.schema.createIndex('notifications_call').on('notifications').columns(['call_sid']).execute();

    await db.schema
      .createTable('recordings')
      .addColumn('sid', 'varchar(34)', (c) => c.primaryKey())
      .addColumn('account_sid', 'varchar(34)', (c) => c.notNull())
      .addColumn('call_sid', 'varchar(34)')
      .addColumn('conference_sid', 'varchar(34)')
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('source', 'varchar(24)', (c) => c.notNull())
      .addColumn('channels', 'integer', (c) => c.notNull())
      .addColumn('duration', 'integer')
      .addColumn('start_time', ts, (c) => c.notNull())
      .addColumn('error_code', 'integer')
      .addColumn('media_key', 'text')
      .addColumn('date_created', ts, (c) => c.notNull())
      .addColumn('date_updated', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('recordings_account').on('recordings').columns(['account_sid', 'date_created', 'sid']).execute();
    await db.schema.createIndex('recordings_call').on('recordings').columns(['call_sid']).execute();

    await db.schema.alterTable('calls').addColumn('api_version', 'varchar(10)').execute();
  },
};
