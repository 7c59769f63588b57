import { createTempPgDatabase } from '../../src/store/pg-testing.ts';

/** A store engine to run a suite on: the store URL to start with, and how to clean it up. */
export interface Engine {
  name: string;
  /** storeUrl undefined: the harness's SQLite in a temp dir. */
  open(): Promise<{ storeUrl?: string; cleanup(): Promise<void> }>;
}

export const sqlite: Engine = { name: 'SQLite', open: async () => ({ cleanup: async () => {} }) };

/** A fresh database on the local PostgreSQL server (fails loudly when it is not running). */
export const postgres: Engine = {
  name: 'PostgreSQL',
  open: async () => {
    const db = await createTempPgDatabase();
    return { storeUrl: db.url, cleanup: db.drop };
  },
};
