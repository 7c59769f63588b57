import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Test support: a fresh PostgreSQL database on the local server (127.0.0.1:5432, trust auth, as on
 * these machines). Fails loudly when the server is not there; tests never skip silently.
 */
export const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createTempPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is required for this test and is not reachable at ${PG_ADMIN_URL} (${(e as Error).message}). ` +
        `Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
