import { storeContract } from './store.contract.ts';
import { createTempPgDatabase } from './pg-testing.ts';

storeContract('postgres', async () => {
  const db = await createTempPgDatabase();
  return { url: db.url, cleanup: db.drop };
});
