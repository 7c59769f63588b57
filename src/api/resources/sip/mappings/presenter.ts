import type { DomainMappingRow } from '../../../../store/index.ts';
import { dates } from '../../../scoped.ts';
import { domainPath, listPath } from '../common.ts';

// A mapping is shown as Twilio shows it: `sid` is the credential list's SID and `friendly_name`
// the list's name. Our row has its own SID (MP…), which only the paging cursor uses.

/** `…/Auth/Calls/CredentialListMappings` and `…/Auth/Registrations/CredentialListMappings`. */
export function presentAuthMapping(row: DomainMappingRow, listName: string): Record<string, unknown> {
  return {
    account_sid: row.account_sid,
    ...dates(row),
    friendly_name: listName,
    sid: row.credential_list_sid,
  };
}

/** The legacy `…/Domains/{SD}/CredentialListMappings` (the calls mappings). */
export function presentLegacyMapping(row: DomainMappingRow, listName: string): Record<string, unknown> {
  return {
    account_sid: row.account_sid,
    ...dates(row),
    domain_sid: row.domain_sid,
    friendly_name: listName,
    sid: row.credential_list_sid,
    subresource_uris: { credentials: `${listPath(row.account_sid, row.credential_list_sid)}/Credentials.json` },
    uri: `${domainPath(row.account_sid, row.domain_sid)}/CredentialListMappings/${row.credential_list_sid}.json`,
  };
}
