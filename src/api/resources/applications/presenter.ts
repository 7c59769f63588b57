import type { ApplicationRow } from '../../../store/index.ts';
import { accountPath, dates } from '../../scoped.ts';

export function presentApplication(row: ApplicationRow): Record<string, unknown> {
  return {
    account_sid: row.account_sid,
    api_version: row.api_version,
    ...dates(row),
    friendly_name: row.friendly_name,
    message_status_callback: row.message_status_callback,
    sid: row.sid,
    sms_fallback_method: row.sms_fallback_method,
    sms_fallback_url: row.sms_fallback_url,
    sms_method: row.sms_method,
    sms_status_callback: row.sms_status_callback,
    sms_url: row.sms_url,
    status_callback: row.status_callback,
    status_callback_method: row.status_callback_method,
    uri: `${accountPath(row.account_sid)}/Applications/${row.sid}.json`,
    voice_caller_id_lookup: row.voice_caller_id_lookup === 1,
    voice_fallback_method: row.voice_fallback_method,
    voice_fallback_url: row.voice_fallback_url,
    voice_method: row.voice_method,
    voice_url: row.voice_url,
    public_application_connect_enabled: row.public_application_connect_enabled === 1,
  };
}
