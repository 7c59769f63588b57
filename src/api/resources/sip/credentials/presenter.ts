import type { CredentialRow } from '../../../../store/index.ts';
import { dates } from '../../../scoped.ts';
import { listPath } from '../common.ts';

/** A SIP credential. The password is never shown. */
export async function presentCredential(row: CredentialRow): Promise<Record<string, unknown>> {
  return {
    sid: row.sid,
    account_sid: row.account_sid,
    credential_list_sid: row.credential_list_sid,
    username: row.username,
    ...dates(row),
    uri: `${listPath(row.account_sid, row.credential_list_sid)}/Credentials/${row.sid}.json`,
  };
}
