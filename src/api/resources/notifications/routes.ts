import type { NotificationRow } from '../../../store/index.ts';
import type { Ctx, Handler, RouteDef } from '../../context.ts';
import { envelope, PAGING_PARAMS, readPaging, toListQuery } from '../../paging.ts';
import { parseParams, str } from '../../params.ts';
import { accountAndCallRoutes, callScope, findInCallScope } from '../../scoped.ts';
import { presentNotification } from './presenter.ts';
import { messageDateRanges, NOTIFICATION_FILTERS } from './schema.ts';

function find(ctx: Ctx): Promise<NotificationRow> {
  return findInCallScope(ctx, 'NO', (where) => ctx.deps.store.notifications.get(where));
}

const list: Handler = async (ctx) => {
  const where = await callScope(ctx);
  const p = parseParams(ctx.query, NOTIFICATION_FILTERS, PAGING_PARAMS);
  const log = str(p, 'Log');
  const req = readPaging(ctx.query);
  const result = await ctx.deps.store.notifications.list(
    toListQuery<NotificationRow>(req, { where: { ...where, ...(log !== undefined ? { log } : {}) }, ranges: messageDateRanges(p) }),
  );
  const underCall = ctx.params.CallSid !== undefined;
  return { body: envelope(ctx.path, ctx.query, req, result, 'notifications', (row) => presentNotification(row, { detail: false, underCall })) };
};

const fetch: Handler = async (ctx) => {
  parseParams(ctx.query, []);
  const row = await find(ctx);
  return { body: presentNotification(row, { detail: true, underCall: ctx.params.CallSid !== undefined }) };
};

const remove: Handler = async (ctx) => {
  const row = await find(ctx);
  await ctx.deps.store.notifications.delete({ sid: row.sid });
  return { status: 204 };
};

/**
 * Notifications (`NO…`): errors and warnings the call router logged while running calls. Read-only
 * but for DELETE on the account's instance path (documented by Twilio, absent from the 6.x SDK).
 * The same records are listed and fetched under `…/Calls/{CallSid}/Notifications`.
 */
export const notificationRoutes: readonly RouteDef[] = accountAndCallRoutes('Notifications', { list, fetch, remove }, false);
