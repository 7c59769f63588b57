import { isSid, type SidPrefix, type SwitchboardError } from '../../../core/index.ts';
import { isUniqueViolation, type AccountRow, type BaseRow, type RowTable, type Store, type Where } from '../../../store/index.ts';
import { notFound } from '../../auth.ts';
import type { Ctx, RouteDef } from '../../context.ts';
import { envelope, PAGING_PARAMS, readPaging, toListQuery } from '../../paging.ts';
import { parseParams, type ParamSpec, type Params } from '../../params.ts';

type Owned = BaseRow & { account_sid: string };

/**
 * A SIP collection under `/2010-04-01/Accounts/{AccountSid}/…`, possibly nested in a parent
 * (`SIP/CredentialLists/{CredentialListSid}/Credentials`). Like `scopedRoutes`, declared as data,
 * plus what SIP needs: a parent in the path, presenters that read other rows, dependants deleted
 * with a row, and unique violations on update as well as insert.
 */
export interface SipCollection<Row extends Owned> {
  /** Below `Accounts/:AccountSid/`, without `.json`. */
  path: string;
  key: string;
  prefix: SidPrefix;
  table(store: Store): RowTable<Row>;
  /** Columns every row of this collection has (the account, a parent from the path); 20404 when the parent is not the account's. */
  scope(ctx: Ctx, account: AccountRow): Promise<Where<Row>>;
  present(row: Row, store: Store): Promise<Record<string, unknown>>;
  create: { params: readonly ParamSpec[]; build(p: Params, scope: Where<Row>, ctx: Ctx): Row };
  update: { params: readonly ParamSpec[]; patch(p: Params, row: Row): Partial<Row> };
  /** Removes what depends on a deleted row (after the row: an interrupted delete leaves only unreachable rows). */
  cascade?(row: Row, store: Store): Promise<void>;
  /** The error for a unique-constraint violation (a taken name). */
  conflict(ctx: Ctx): SwitchboardError;
}

export function sipRoutes<Row extends Owned>(r: SipCollection<Row>): RouteDef[] {
  const base = `/2010-04-01/Accounts/:AccountSid/${r.path}`;
  const table = (ctx: Ctx) => r.table(ctx.deps.store);
  const unique = async <T>(ctx: Ctx, write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (e) {
      if (isUniqueViolation(e)) throw r.conflict(ctx);
      throw e;
    }
  };
  const one = async (ctx: Ctx): Promise<Row> => {
    const scope = await r.scope(ctx, await ctx.account());
    const sid = ctx.params.Sid ?? '';
    const row = isSid(sid, r.prefix) ? await table(ctx).get({ ...scope, sid }) : undefined;
    if (!row) throw notFound(ctx.path);
    return row;
  };
  return [
    {
      method: 'GET',
      path: `${base}.json`,
      handler: async (ctx) => {
        const scope = await r.scope(ctx, await ctx.account());
        parseParams(ctx.query, [], PAGING_PARAMS);
        const req = readPaging(ctx.query);
        const result = await table(ctx).list(toListQuery<Row>(req, { where: scope }));
        const shown = new Map(await Promise.all(result.rows.map(async (row) => [row, await r.present(row, ctx.deps.store)] as const)));
        return { body: envelope(ctx.path, ctx.query, req, result, r.key, (row) => shown.get(row)) };
      },
    },
    {
      method: 'POST',
      path: `${base}.json`,
      handler: async (ctx) => {
        const scope = await r.scope(ctx, await ctx.account());
        const row = r.create.build(parseParams(ctx.body, r.create.params), scope, ctx);
        await unique(ctx, () => table(ctx).insert(row));
        return { status: 201, body: await r.present(row, ctx.deps.store) };
      },
    },
    { method: 'GET', path: `${base}/:Sid.json`, handler: async (ctx) => ({ body: await r.present(await one(ctx), ctx.deps.store) }) },
    {
      method: 'POST',
      path: `${base}/:Sid.json`,
      handler: async (ctx) => {
        const row = await one(ctx);
        const patch = r.update.patch(parseParams(ctx.body, r.update.params), row);
        const where = { sid: row.sid } as Where<Row>;
        const updated = await unique(ctx, () => table(ctx).update(where, { ...patch, date_updated: ctx.deps.clock.now() }));
        if (!updated) throw notFound(ctx.path);
        return { body: await r.present(updated, ctx.deps.store) };
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:Sid.json`,
      handler: async (ctx) => {
        const row = await one(ctx);
        await table(ctx).delete({ sid: row.sid } as Where<Row>);
        await r.cascade?.(row, ctx.deps.store);
        return { status: 204 };
      },
    },
  ];
}
