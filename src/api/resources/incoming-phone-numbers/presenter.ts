import type { IncomingNumberRow } from '../../../store/index.ts';
import { accountPath, dates } from '../../scoped.ts';

/** Fields Twilio sends that have no meaning without a carrier are fixed values (documented in docs/rest-api.md). */
export function presentNumber(row: IncomingNumberRow): Record<string, unknown> {
  const uri = `${accountPath(row.account_sid)}/IncomingPhoneNumbers/${row.sid}.json`;
  return {
    account_sid: row.account_sid,
    address_sid: null,
    address_requirements: 'none',
    api_version: '2010-04-01',
    beta: false,
    capabilities: { voice: true, sms: false, mms: false, fax: false },
    ...dates(row),
    friendly_name: row.friendly_name,
    identity_sid: null,
    phone_number: row.phone_number,
    origin: 'hosted',
    sid: row.sid,
    sms_application_sid: row.sms_application_sid,
    sms_fallback_method: row.sms_fallback_method,
    sms_fallback_url: row.sms_fallback_url,
    sms_method: row.sms_method,
    sms_url: row.sms_url,
    status_callback: row.status_callback,
    status_callback_method: row.status_callback_method,
    trunk_sid: row.trunk_sid,
    uri,
    voice_receive_mode: row.voice_receive_mode,
    voice_application_sid: row.voice_application_sid,
    voice_caller_id_lookup: row.voice_caller_id_lookup === 1,
    voice_fallback_method: row.voice_fallback_method,
    voice_fallback_url: row.voice_fallback_url,
    voice_method: row.voice_method,
    voice_url: row.voice_url,
    emergency_status: 'Inactive',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    bundle_sid: null,
    status: 'in-use',
    type: 'local',
    subresource_uris: { assigned_add_ons: uri.replace(/\.json$/, '/AssignedAddOns.json') },
  };
}
