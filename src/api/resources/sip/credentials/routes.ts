import { newSid, SwitchboardError } from '../../../../core/index.ts';
import type { CredentialRow } from '../../../../store/index.ts';
import { str } from '../../../params.ts';
import { checkPassword, checkUsername, CREDENTIAL_INVALID, credentialListOf } from '../common.ts';
import { sipRoutes } from '../crud.ts';
import { presentCredential } from './presenter.ts';
import { createCredentialParams, updateCredentialParams } from './schema.ts';

/**
 * SIP credentials of a credential list: `…/SIP/CredentialLists/{CL}/Credentials.json` and
 * `…/Credentials/{CR}.json`. The password is kept for digest authentication and never returned.
 */
export const sipCredentialRoutes = sipRoutes<CredentialRow>({
  path: 'SIP/CredentialLists/:CredentialListSid/Credentials',
  key: 'credentials',
  prefix: 'CR',
  table: (store) => store.credentials,
  async scope(ctx, account) {
    const list = await credentialListOf(ctx.deps.store, account, ctx.params.CredentialListSid, ctx.path);
    return { account_sid: account.sid, credential_list_sid: list.sid };
  },
  present: presentCredential,
  create: {
    params: createCredentialParams,
    build(p, scope, ctx) {
      const username = str(p, 'Username') ?? '';
      const password = str(p, 'Password') ?? '';
      checkUsername(username);
      checkPassword(password);
      const now = ctx.deps.clock.now();
      return {
        sid: newSid('CR'), account_sid: scope.account_sid as string, credential_list_sid: scope.credential_list_sid as string,
        username, password, date_created: now, date_updated: now,
      };
    },
  },
  update: {
    params: updateCredentialParams,
    patch(p) {
      const password = str(p, 'Password');
      if (password !== undefined) checkPassword(password);
      return { password };
    },
  },
  conflict: (ctx) => {
    const username = typeof ctx.body.Username === 'string' ? ctx.body.Username : '';
    return new SwitchboardError(CREDENTIAL_INVALID, `Username ${username} already exists in this credential list`);
  },
});
