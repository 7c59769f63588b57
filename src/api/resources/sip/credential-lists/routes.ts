import { newSid, SwitchboardError } from '../../../../core/index.ts';
import type { CredentialListRow } from '../../../../store/index.ts';
import { str } from '../../../params.ts';
import { CREDENTIAL_LIST_INVALID } from '../common.ts';
import { sipRoutes } from '../crud.ts';
import { presentCredentialList } from './presenter.ts';
import { credentialListParams } from './schema.ts';

/** SIP credential lists: `…/SIP/CredentialLists.json`, `…/SIP/CredentialLists/{CL}.json`. Deleting one deletes its credentials and mappings. */
export const sipCredentialListRoutes = sipRoutes<CredentialListRow>({
  path: 'SIP/CredentialLists',
  key: 'credential_lists',
  prefix: 'CL',
  table: (store) => store.credentialLists,
  scope: async (_ctx, account) => ({ account_sid: account.sid }),
  present: presentCredentialList,
  create: {
    params: credentialListParams,
    build(p, scope, ctx) {
      const now = ctx.deps.clock.now();
      return { sid: newSid('CL'), account_sid: scope.account_sid as string, friendly_name: str(p, 'FriendlyName') ?? '', date_created: now, date_updated: now };
    },
  },
  update: { params: credentialListParams, patch: (p) => ({ friendly_name: str(p, 'FriendlyName') }) },
  cascade: async (row, store) => {
    await store.domainMappings.deleteMany({ credential_list_sid: row.sid });
    await store.credentials.deleteMany({ credential_list_sid: row.sid });
  },
  conflict: () => new SwitchboardError(CREDENTIAL_LIST_INVALID, 'Credential list conflicts with an existing one'),
});
