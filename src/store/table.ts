import type { Kysely } from 'kysely';
import type { LooseDb } from './dialect.ts';
import type { BaseRow, Value } from './tables.ts';

export type Where<Row> = { [K in keyof Row]?: Row[K] };

export interface Range {
  column: string;
  op: '<' | '<=' | '>' | '>=';
  value: number;
}

export interface ListQuery<Row> {
  /** Equality on every given column. */
  where?: Where<Row>;
  /** At least one of these equality sets must hold (e.g. the account itself OR its subaccounts). */
  anyOf?: Where<Row>[];
  ranges?: Range[];
  pageSize: number;
  /** Keyset cursor: rows strictly after this (date_created, sid) in the list order. */
  after?: { dateCreated: number; sid: string };
  /** Used only without `after`: rows to skip. */
  offset?: number;
}

export interface PageResult<Row> {
  rows: Row[];
  /** Whether another page follows. */
  more: boolean;
}

export type ChangeAction = 'created' | 'updated' | 'deleted';
export type ChangeListener = (change: { table: string; action: ChangeAction; row: BaseRow }) => void;

function definedEntries(where: object): [string, Value][] {
  return Object.entries(where).filter(([, v]) => v !== undefined) as [string, Value][];
}

/**
 * CRUD and paging over one table of SID-keyed rows. Lists are ordered newest first,
 * `date_created DESC, sid DESC`, which makes keyset paging stable while rows are added.
 */
export class RowTable<Row extends BaseRow> {
  constructor(
    private readonly db: Kysely<LooseDb>,
    readonly table: string,
    private readonly notify: ChangeListener,
  ) {}

  async insert(row: Row): Promise<Row> {
    await this.db.insertInto(this.table).values(row as unknown as Record<string, Value>).execute();
    this.notify({ table: this.table, action: 'created', row });
    return row;
  }

  async get(where: Where<Row>): Promise<Row | undefined> {
    let q = this.db.selectFrom(this.table).selectAll();
    for (const [k, v] of definedEntries(where)) q = q.where(k, v === null ? 'is' : '=', v);
    return (await q.limit(1).executeTakeFirst()) as Row | undefined;
  }

  async list(query: ListQuery<Row>): Promise<PageResult<Row>> {
    let q = this.db.selectFrom(this.table).selectAll();
    for (const [k, v] of definedEntries(query.where ?? {})) q = q.where(k, v === null ? 'is' : '=', v);
    if (query.anyOf?.length) {
      const sets = query.anyOf;
      q = q.where((eb) => eb.or(sets.map((set) => eb.and(definedEntries(set).map(([k, v]) => eb(k, v === null ? 'is' : '=', v))))));
    }
    for (const r of query.ranges ?? []) q = q.where(r.column, r.op, r.value);
    const after = query.after;
    if (after) {
      q = q.where((eb) =>
        eb.or([eb('date_created', '<', after.dateCreated), eb.and([eb('date_created', '=', after.dateCreated), eb('sid', '<', after.sid)])]),
      );
    } else if (query.offset) {
      q = q.offset(query.offset);
    }
    const rows = (await q.orderBy('date_created', 'desc').orderBy('sid', 'desc').limit(query.pageSize + 1).execute()) as unknown as Row[];
    const more = rows.length > query.pageSize;
    if (more) rows.pop();
    return { rows, more };
  }

  async count(where: Where<Row>): Promise<number> {
    let q = this.db.selectFrom(this.table).select((eb) => eb.fn.countAll<number>().as('n'));
    for (const [k, v] of definedEntries(where)) q = q.where(k, v === null ? 'is' : '=', v);
    const r = await q.executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Applies `patch` to the row matching `where`; returns the new row, or undefined if none matched. */
  async update(where: Where<Row>, patch: Partial<Row>): Promise<Row | undefined> {
    const set = Object.fromEntries(definedEntries(patch));
    if (Object.keys(set).length === 0) return this.get(where);
    let q = this.db.updateTable(this.table).set(set);
    for (const [k, v] of definedEntries(where)) q = q.where(k, v === null ? 'is' : '=', v);
    const result = await q.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    const row = await this.get(where);
    if (row) this.notify({ table: this.table, action: 'updated', row });
    return row;
  }

  /** Deletes every row matching `where` and `ranges`, reporting each; returns how many. */
  async deleteMany(where: Where<Row>, ranges: Range[] = []): Promise<number> {
    let q = this.db.selectFrom(this.table).selectAll();
    for (const [k, v] of definedEntries(where)) q = q.where(k, v === null ? 'is' : '=', v);
    for (const r of ranges) q = q.where(r.column, r.op, r.value);
    const rows = (await q.execute()) as unknown as Row[];
    if (rows.length === 0) return 0;
    const sids = rows.map((r) => r.sid);
    await this.db.deleteFrom(this.table).where('sid', 'in', sids).execute();
    for (const row of rows) this.notify({ table: this.table, action: 'deleted', row });
    return rows.length;
  }

  /** Deletes the row matching `where`; returns whether one was deleted. */
  async delete(where: Where<Row>): Promise<boolean> {
    const row = await this.get(where);
    if (!row) return false;
    let q = this.db.deleteFrom(this.table);
    for (const [k, v] of definedEntries(where)) q = q.where(k, v === null ? 'is' : '=', v);
    const result = await q.executeTakeFirst();
    const deleted = Number(result.numDeletedRows) > 0;
    if (deleted) this.notify({ table: this.table, action: 'deleted', row });
    return deleted;
  }
}
