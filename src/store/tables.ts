// Row shapes as stored. Portable column types (scale-out.md §2): timestamps are bigint
// milliseconds, booleans 0/1, JSON as text. Column names are the API's snake_case where they match.

export type Value = string | number | null;

export interface BaseRow {
  sid: string;
  date_created: number;
  date_updated: number;
}

export interface AccountRow extends BaseRow {
  /** null for a main account; the parent's SID for a subaccount. */
  owner_account_sid: string | null;
  friendly_name: string;
  status: 'active' | 'suspended' | 'closed';
  type: 'Trial' | 'Full';
  auth_token: string;
}

export interface KeyRow extends BaseRow {
  account_sid: string;
  friendly_name: string;
  /** SHA-256 of the secret in hex: the secret itself is shown once and not kept. */
  secret_hash: string;
}

export interface ApplicationRow extends BaseRow {
  account_sid: string;
  friendly_name: string;
  api_version: string;
  voice_url: string | null;
  voice_method: string;
  voice_fallback_url: string | null;
  voice_fallback_method: string;
  status_callback: string | null;
  status_callback_method: string;
  voice_caller_id_lookup: number;
  sms_url: string | null;
  sms_method: string;
  sms_fallback_url: string | null;
  sms_fallback_method: string;
  sms_status_callback: string | null;
  message_status_callback: string | null;
  public_application_connect_enabled: number;
}

export interface IncomingNumberRow extends BaseRow {
  account_sid: string;
  phone_number: string;
  friendly_name: string;
  voice_url: string | null;
  voice_method: string;
  voice_fallback_url: string | null;
  voice_fallback_method: string;
  status_callback: string | null;
  status_callback_method: string;
  voice_application_sid: string | null;
  voice_caller_id_lookup: number;
  voice_receive_mode: string;
  trunk_sid: string | null;
  sms_url: string | null;
  sms_method: string;
  sms_fallback_url: string | null;
  sms_fallback_method: string;
  sms_application_sid: string | null;
}

export interface CallRow extends BaseRow {
  account_sid: string;
  parent_call_sid: string | null;
  to_address: string;
  from_address: string;
  phone_number_sid: string | null;
  status: string;
  direction: string;
  start_time: number | null;
  end_time: number | null;
  /** Whole seconds, set when the call ends. */
  duration: number | null;
  answered_by: string | null;
  forwarded_from: string | null;
  caller_name: string | null;
  queue_time: number;
  trunk_sid: string | null;
}

/** Table name -> row, for Kysely. */
export interface Tables {
  accounts: AccountRow;
  api_keys: KeyRow;
  applications: ApplicationRow;
  incoming_phone_numbers: IncomingNumberRow;
  calls: CallRow;
}
