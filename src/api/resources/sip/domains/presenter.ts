import type { SipDomainRow, Store } from '../../../../store/index.ts';
import { dates } from '../../../scoped.ts';
import { domainPath } from '../common.ts';

/** A SIP domain as Twilio shows it; features Switchboard does not have are fixed values (docs/rest-api.md). */
export async function presentDomain(row: SipDomainRow, store: Store): Promise<Record<string, unknown>> {
  const base = domainPath(row.account_sid, row.sid);
  const callLists = await store.domainMappings.count({ domain_sid: row.sid, kind: 'calls' });
  return {
    account_sid: row.account_sid,
    api_version: '2010-04-01',
    auth_type: callLists > 0 ? 'CREDENTIAL_LIST' : '',
    ...dates(row),
    domain_name: row.domain_name,
    friendly_name: row.friendly_name,
    sid: row.sid,
    uri: `${base}.json`,
    voice_fallback_method: row.voice_fallback_method,
    voice_fallback_url: row.voice_fallback_url,
    voice_method: row.voice_method,
    voice_status_callback_method: row.voice_status_callback_method,
    voice_status_callback_url: row.voice_status_callback_url,
    voice_url: row.voice_url,
    subresource_uris: {
      credential_list_mappings: `${base}/CredentialListMappings.json`,
      ip_access_control_list_mappings: `${base}/IpAccessControlListMappings.json`,
      auth: `${base}/Auth.json`,
    },
    sip_registration: row.sip_registration === 1,
    emergency_calling_enabled: false,
    secure: false,
    byoc_trunk_sid: null,
    emergency_caller_sid: null,
  };
}
