import { isSid, rfc2822, SwitchboardError, type SidPrefix } from '../core/index.ts';
import { isUniqueViolation, type AccountRow, type BaseRow, type Range, type RowTable, type Store, type Where } from '../store/index.ts';
import { notFound } from './auth.ts';
import type { Ctx, Handler, RouteDef } from './context.ts';
import { envelope, PAGING_PARAMS, readPaging, toListQuery } from './paging.ts';
import { parseParams, type ParamSpec, type Params } from './params.ts';

/** A list filter: an equality on `column`, or a date range when `range` is given. */
export interface Filter {
  spec: ParamSpec;
  /** Column compared for equality (or range); omit with `constant`. */
  column?: string;
  range?: '=' | '<' | '>';
  /** The value every row has (e.g. Beta=false): a different value lists nothing. */
  constant?: string | number | boolean;
}

/**
 * One account-scoped REST resource (`/2010-04-01/Accounts/{AccountSid}/<Collection>.json` and
 * `…/<Collection>/{Sid}.json`), declared as data: adding a resource never edits a switch.
 */
export interface ScopedResource<Row extends BaseRow & { account_sid: string }> {
  collection: string;
  /** Array key in list pages (`incoming_phone_numbers`). */
  key: string;
  prefix: SidPrefix;
  table(store: Store): RowTable<Row>;
  present(row: Row): Record<string, unknown>;
  filters?: readonly Filter[];
  /** Runs before every operation (e.g. refuse API keys). */
  guard?(ctx: Ctx): void;
  create?: {
    params: readonly ParamSpec[];
    build(p: Params, account: AccountRow, ctx: Ctx): Promise<{ row: Row; extra?: Record<string, unknown> }>;
    /** The error for a unique-constraint violation on insert (e.g. a number already claimed). */
    onConflict?(row: Row): SwitchboardError;
  };
  update?: { params: readonly ParamSpec[]; patch(p: Params, row: Row, ctx: Ctx): Promise<Partial<Row>> };
  remove?: boolean;
}

const DAY = 86_400_000;

/** The three filters of one date on `column`: `Name` is that UTC day, `Name<` strictly before, `Name>` at or after. */
export function dateFilters(name: string, column: string): Filter[] {
  return [
    { spec: { name, type: 'date' }, column, range: '=' },
    { spec: { name: `${name}<`, type: 'date' }, column, range: '<' },
    { spec: { name: `${name}>`, type: 'date' }, column, range: '>' },
  ];
}

/** Turns date filters (`StartTime`, `StartTime<`, `StartTime>`) into ranges; `=` means that UTC day. */
export function rangesFor(filters: readonly Filter[], p: Params): Range[] {
  const out: Range[] = [];
  for (const f of filters) {
    const v = p[f.spec.name];
    if (typeof v !== 'number' || !f.range || !f.column) continue;
    const day = v - (((v % DAY) + DAY) % DAY);
    if (f.range === '=') out.push({ column: f.column, op: '>=', value: day }, { column: f.column, op: '<', value: day + DAY });
    else out.push({ column: f.column, op: f.range === '<' ? '<' : '>=', value: v });
  }
  return out;
}

export function scopedRoutes<Row extends BaseRow & { account_sid: string }>(r: ScopedResource<Row>): RouteDef[] {
  const base = `/2010-04-01/Accounts/:AccountSid/${r.collection}`;
  const one = async (ctx: Ctx): Promise<Row> => {
    const account = await ctx.account();
    const sid = ctx.params.Sid ?? '';
    const row = isSid(sid, r.prefix) ? await r.table(ctx.deps.store).get({ sid, account_sid: account.sid } as Where<Row>) : undefined;
    if (!row) throw notFound(ctx.path);
    return row;
  };
  const routes: RouteDef[] = [
    {
      method: 'GET',
      path: `${base}.json`,
      handler: async (ctx) => {
        r.guard?.(ctx);
        const account = await ctx.account();
        const filters = r.filters ?? [];
        const p = parseParams(ctx.query, filters.map((f) => f.spec), PAGING_PARAMS);
        const where: Record<string, unknown> = { account_sid: account.sid };
        for (const f of filters) if (f.column && !f.range && p[f.spec.name] !== undefined) where[f.column] = p[f.spec.name];
        const req = readPaging(ctx.query);
        const impossible = filters.some((f) => f.constant !== undefined && p[f.spec.name] !== undefined && p[f.spec.name] !== f.constant);
        const result = impossible
          ? { rows: [], more: false }
          : await r.table(ctx.deps.store).list(toListQuery<Row>(req, { where: where as Where<Row>, ranges: rangesFor(filters, p) }));
        return { body: envelope(ctx.path, ctx.query, req, result, r.key, (row) => r.present(row)) };
      },
    },
    {
      method: 'GET',
      path: `${base}/:Sid.json`,
      handler: async (ctx) => {
        r.guard?.(ctx);
        return { body: r.present(await one(ctx)) };
      },
    },
  ];
  const { create, update } = r;
  if (create) {
    routes.push({
      method: 'POST',
      path: `${base}.json`,
      handler: async (ctx) => {
        r.guard?.(ctx);
        const account = await ctx.account();
        const p = parseParams(ctx.body, create.params);
        const { row, extra } = await create.build(p, account, ctx);
        try {
          await r.table(ctx.deps.store).insert(row);
        } catch (e) {
          if (create.onConflict && isUniqueViolation(e)) throw create.onConflict(row);
          throw e;
        }
        return { status: 201, body: { ...r.present(row), ...extra } };
      },
    });
  }
  if (update) {
    routes.push({
      method: 'POST',
      path: `${base}/:Sid.json`,
      handler: async (ctx) => {
        r.guard?.(ctx);
        const row = await one(ctx);
        const p = parseParams(ctx.body, update.params);
        const patch = await update.patch(p, row, ctx);
        const updated = await r.table(ctx.deps.store).update({ sid: row.sid } as Where<Row>, { ...patch, date_updated: ctx.deps.clock.now() });
        if (!updated) throw notFound(ctx.path);
        return { body: r.present(updated) };
      },
    });
  }
  if (r.remove) {
    routes.push({
      method: 'DELETE',
      path: `${base}/:Sid.json`,
      handler: async (ctx) => {
        r.guard?.(ctx);
        const row = await one(ctx);
        await r.table(ctx.deps.store).delete({ sid: row.sid } as Where<Row>);
        return { status: 204 };
      },
    });
  }
  return routes;
}

const ACCOUNT = '/2010-04-01/Accounts/:AccountSid';
const CALL = `${ACCOUNT}/Calls/:CallSid`;

/** The rows a path reaches: the account's, or one call's when the path goes through `…/Calls/{CallSid}`. */
export type CallScope = { account_sid: string; call_sid?: string };

/** The account's rows, narrowed to the call when the path names one (a malformed CallSid is 20404). */
export async function callScope(ctx: Ctx): Promise<CallScope> {
  const account = await ctx.account();
  const callSid = ctx.params.CallSid;
  if (callSid === undefined) return { account_sid: account.sid };
  if (!isSid(callSid, 'CA')) throw notFound(ctx.path);
  return { account_sid: account.sid, call_sid: callSid };
}

/** The row `:Sid` names within the path's scope, else 20404 (another account's is not found either). */
export async function findInCallScope<Row>(
  ctx: Ctx,
  prefix: SidPrefix,
  get: (where: CallScope & { sid: string }) => Promise<Row | undefined>,
): Promise<Row> {
  const where = await callScope(ctx);
  const sid = ctx.params.Sid ?? '';
  const row = isSid(sid, prefix) ? await get({ ...where, sid }) : undefined;
  if (!row) throw notFound(ctx.path);
  return row;
}

/**
 * A collection served on the account (`…/Accounts/{AccountSid}/<Collection>`) and under a call
 * (`…/Calls/{CallSid}/<Collection>`): list and fetch on both; DELETE on the account's instance
 * path, and on the call's one too when `removeUnderCall`.
 */
export function accountAndCallRoutes(
  collection: string,
  h: { list: Handler; fetch: Handler; remove: Handler },
  removeUnderCall: boolean,
): RouteDef[] {
  return [
    { method: 'GET', path: `${ACCOUNT}/${collection}.json`, handler: h.list },
    { method: 'GET', path: `${ACCOUNT}/${collection}/:Sid.json`, handler: h.fetch },
    { method: 'DELETE', path: `${ACCOUNT}/${collection}/:Sid.json`, handler: h.remove },
    { method: 'GET', path: `${CALL}/${collection}.json`, handler: h.list },
    { method: 'GET', path: `${CALL}/${collection}/:Sid.json`, handler: h.fetch },
    ...(removeUnderCall ? [{ method: 'DELETE' as const, path: `${CALL}/${collection}/:Sid.json`, handler: h.remove }] : []),
  ];
}

/** Fields every 2010 resource carries. */
export function dates(row: BaseRow): { date_created: string; date_updated: string } {
  return { date_created: rfc2822(row.date_created), date_updated: rfc2822(row.date_updated) };
}

export function accountPath(accountSid: string): string {
  return `/2010-04-01/Accounts/${accountSid}`;
}
