import { isSid } from '../../../core/index.ts';
import type { NotificationRow, Where } from '../../../store/index.ts';
import { notFound } from '../../auth.ts';
import type { Ctx, Handler, RouteDef } from '../../context.ts';
import { envelope, PAGING_PARAMS, readPaging, toListQuery } from '../../paging.ts';
import { parseParams, str } from '../../params.ts';
import { presentNotification } from './presenter.ts';
import { messageDateRanges, NOTIFICATION_FILTERS } from './schema.ts';

const ACCOUNT = '/2010-04-01/Accounts/:AccountSid';
const CALL = `${ACCOUNT}/Calls/:CallSid`;

/** The account's rows, narrowed to the call when the path names one (a malformed CallSid is 20404). */
async function scope(ctx: Ctx): Promise<Where<NotificationRow>> {
  const account = await ctx.account();
  const callSid = ctx.params.CallSid;
  if (callSid === undefined) return { account_sid: account.sid };
  if (!isSid(callSid, 'CA')) throw notFound(ctx.path);
  return { account_sid: account.sid, call_sid: callSid };
}

async function find(ctx: Ctx): Promise<NotificationRow> {
  const where = await scope(ctx);
  const sid = ctx.params.Sid ?? '';
  const row = isSid(sid, 'NO') ? await ctx.deps.store.notifications.get({ ...where, sid }) : undefined;
  if (!row) throw notFound(ctx.path);
  return row;
}

const list: Handler = async (ctx) => {
  const where = await scope(ctx);
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
export const notificationRoutes: readonly RouteDef[] = [
  { method: 'GET', path: `${ACCOUNT}/Notifications.json`, handler: list },
  { method: 'GET', path: `${ACCOUNT}/Notifications/:Sid.json`, handler: fetch },
  { method: 'DELETE', path: `${ACCOUNT}/Notifications/:Sid.json`, handler: remove },
  { method: 'GET', path: `${CALL}/Notifications.json`, handler: list },
  { method: 'GET', path: `${CALL}/Notifications/:Sid.json`, handler: fetch },
];
