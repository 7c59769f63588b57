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
  /** '2010-04-01' for calls the router made; null on rows from before migration 0003. */
  api_version: string | null;
}

/** Table name -> row, for Kysely. */
export interface Tables {
  accounts: AccountRow;
  api_keys: KeyRow;
  applications: ApplicationRow;
  incoming_phone_numbers: IncomingNumberRow;
  calls: CallRow;
  sip_domains: SipDomainRow;
  sip_credential_lists: CredentialListRow;
  sip_credentials: CredentialRow;
  sip_domain_mappings: DomainMappingRow;
  registrations: RegistrationRow;
  notifications: NotificationRow;
  recordings: RecordingRow;
}

/** A SIP domain (`SD…`): `<name>.sip.<host>` style domain endpoints register to and call from. */
export interface SipDomainRow extends BaseRow {
  account_sid: string;
  domain_name: string;
  friendly_name: string;
  voice_url: string | null;
  voice_method: string;
  voice_fallback_url: string | null;
  voice_fallback_method: string;
  voice_status_callback_url: string | null;
  voice_status_callback_method: string;
  /** 1 when endpoints may REGISTER to this domain. */
  sip_registration: number;
}

export interface CredentialListRow extends BaseRow {
  account_sid: string;
  friendly_name: string;
}

/**
 * A SIP credential (`CR…`). The password is kept (digest needs it per realm, MD5 and SHA-256);
 * the API never returns it and nothing logs it.
 */
export interface CredentialRow extends BaseRow {
  account_sid: string;
  credential_list_sid: string;
  username: string;
  password: string;
}

/** A credential list mapped to a domain, for calls or for registrations. */
export interface DomainMappingRow extends BaseRow {
  account_sid: string;
  domain_sid: string;
  credential_list_sid: string;
  kind: 'calls' | 'registrations';
}

/** One registered contact of an address of record (RFC 3261 §10). */
export interface RegistrationRow extends BaseRow {
  account_sid: string;
  /** `user@domain`, lower-cased domain. */
  aor: string;
  contact_uri: string;
  /** Milliseconds since the epoch at which the binding lapses. */
  expires_at: number;
  call_id: string;
  cseq: number;
  /** q-value × 1000 (0–1000). */
  q: number;
  /** Where the REGISTER came from: `udp:1.2.3.4:5060` (for NAT'd endpoints, the flow to use). */
  source: string;
  user_agent: string | null;
}

/**
 * A Notification (`NO…`): an error or warning the call router met while running a call (a failed
 * webhook 11200, unparsable TwiML 12100, invalid TwiML 12200, a verb error 13xxx).
 */
export interface NotificationRow extends BaseRow {
  account_sid: string;
  call_sid: string | null;
  api_version: string;
  /** Twilio's error code, as a string like the API returns it. */
  error_code: string;
  /** '0' error, '1' warning. */
  log: string;
  message_date: number;
  message_text: string;
  more_info: string;
  request_method: string | null;
  request_url: string | null;
  /** The webhook's parameters, form-encoded. */
  request_variables: string | null;
  response_body: string | null;
  /** Response headers, as JSON. */
  response_headers: string | null;
}

/** A Recording (`RE…`); its audio is in recording storage under `media_key`. */
export interface RecordingRow extends BaseRow {
  account_sid: string;
  call_sid: string | null;
  conference_sid: string | null;
  /** in-progress, paused, stopped, processing, completed, absent, failed. */
  status: string;
  /** RecordVerb, DialVerb, OutboundAPI, StartCallRecordingAPI, Conference, Trunking. */
  source: string;
  channels: number;
  /** Whole seconds, set when completed. */
  duration: number | null;
  start_time: number;
  error_code: number | null;
  /** Where the WAV lives in the recording storage (a key, not a URL). */
  media_key: string | null;
}
