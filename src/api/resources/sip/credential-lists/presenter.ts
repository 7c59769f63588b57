import type { CredentialListRow } from '../../../../store/index.ts';
import { dates } from '../../../scoped.ts';
import { listPath } from '../common.ts';

export async function presentCredentialList(row: CredentialListRow): Promise<Record<string, unknown>> {
  const base = listPath(row.account_sid, row.sid);
  return {
    account_sid: row.account_sid,
    ...dates(row),
    friendly_name: row.friendly_name,
    sid: row.sid,
    subresource_uris: { credentials: `${base}/Credentials.json` },
    uri: `${base}.json`,
  };
}
