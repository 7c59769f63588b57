import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import type { Value } from './tables.ts';

export type DialectName = 'sqlite' | 'postgres';

/** The loose view of the database the generic row code works on; rows are typed at the edges. */
export type LooseDb = Record<string, Record<string, Value>>;

export interface OpenedDb {
  db: Kysely<LooseDb>;
  dialect: DialectName;
}

export interface OpenOptions {
  /** Called with every query's duration in milliseconds and its kind (select, insert …). */
  onQuery?: (ms: number, kind: string) => void;
}

const INT8_OID = 20;

/**
 * Opens `sqlite:PATH`, `sqlite::memory:` or `postgres://…`. SQLite runs in WAL mode with
 * synchronous=NORMAL (scale-out.md §3: 24k inserts/s); pg int8 is parsed as a JS number since
 * our bigints are millisecond timestamps.
 */
export function openDatabase(url: string, options: OpenOptions = {}): OpenedDb {
  const log = options.onQuery
    ? (event: LogEvent) => {
        if (event.level === 'query') options.onQuery?.(event.queryDurationMillis, event.query.query.kind.replace(/QueryNode$/, '').toLowerCase());
      }
    : undefined;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const database = new Database(path);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    const db = new Kysely<LooseDb>({ dialect: new SqliteDialect({ database: withStatementCache(database) }), ...(log ? { log } : {}) });
    return { db, dialect: 'sqlite' };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    const db = new Kysely<LooseDb>({ dialect: new PostgresDialect({ pool }), ...(log ? { log } : {}) });
    return { db, dialect: 'postgres' };
  }
  throw new Error(`store.url must be sqlite:PATH or postgres://… (got "${url}")`);
}

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running a point
 * query. Statements are reusable in better-sqlite3 (one thread), so keep the most recent ones.
 */
function withStatementCache(database: Database.Database, max = 500) {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = database.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

/** True when the error is a unique-constraint violation, on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
