import { SwitchboardError } from '../../../core/index.ts';
import { newAccountRow, type AccountRow } from '../../../store/index.ts';
import { requireAccountCredentials } from '../../auth.ts';
import type { Ctx, RouteDef } from '../../context.ts';
import { envelope, PAGING_PARAMS, readPaging, toListQuery } from '../../paging.ts';
import { parseParams, str, type ParamSpec } from '../../params.ts';
import { presentAccount } from './presenter.ts';

const STATUSES = ['active', 'suspended', 'closed'] as const;
const friendly: ParamSpec = { name: 'FriendlyName', type: 'string', max: 64 };

/** Changing an account's status: only its parent may, and closed is final. */
function checkStatusChange(ctx: Ctx, account: AccountRow, next: string): void {
  if (next === account.status) return;
  if (account.status === 'closed') throw new SwitchboardError(90004, `Account ${account.sid} is closed; a closed account cannot be reopened`);
  if (account.sid === ctx.principal.account.sid) {
    throw new SwitchboardError(90004, 'An account cannot change its own status; use the parent account’s credentials');
  }
}

async function withAuth(ctx: Ctx): Promise<AccountRow> {
  requireAccountCredentials(ctx.principal);
  return ctx.account();
}

export const accountRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/2010-04-01/Accounts.json',
    handler: async (ctx) => {
      requireAccountCredentials(ctx.principal);
      const p = parseParams(ctx.body, [friendly]);
      if (ctx.principal.account.owner_account_sid) throw new SwitchboardError(20403, 'A subaccount cannot create subaccounts');
      const row = newAccountRow({ friendlyName: str(p, 'FriendlyName') ?? '', ownerAccountSid: ctx.principal.account.sid, now: ctx.deps.clock.now() });
      await ctx.deps.store.accounts.insert(row);
      return { status: 201, body: presentAccount(row) };
    },
  },
  {
    method: 'GET',
    path: '/2010-04-01/Accounts.json',
    handler: async (ctx) => {
      requireAccountCredentials(ctx.principal);
      const p = parseParams(ctx.query, [friendly, { name: 'Status', type: 'enum', values: STATUSES }], PAGING_PARAMS);
      const self = ctx.principal.account.sid;
      const req = readPaging(ctx.query);
      const result = await ctx.deps.store.accounts.list(
        toListQuery<AccountRow>(req, {
          where: { friendly_name: str(p, 'FriendlyName'), status: str(p, 'Status') as AccountRow['status'] | undefined },
          anyOf: [{ sid: self }, { owner_account_sid: self }],
        }),
      );
      return { body: envelope(ctx.path, ctx.query, req, result, 'accounts', presentAccount) };
    },
  },
  {
    method: 'GET',
    path: '/2010-04-01/Accounts/:AccountSid.json',
    handler: async (ctx) => ({ body: presentAccount(await withAuth(ctx)) }),
  },
  {
    method: 'POST',
    path: '/2010-04-01/Accounts/:AccountSid.json',
    handler: async (ctx) => {
      const account = await withAuth(ctx);
      const p = parseParams(ctx.body, [friendly, { name: 'Status', type: 'enum', values: STATUSES }]);
      const status = str(p, 'Status') as AccountRow['status'] | undefined;
      if (status) checkStatusChange(ctx, account, status);
      const updated = await ctx.deps.store.accounts.update(
        { sid: account.sid },
        { friendly_name: str(p, 'FriendlyName'), status, date_updated: ctx.deps.clock.now() },
      );
      return { body: presentAccount(updated ?? account) };
    },
  },
];
