import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeContract } from './store.contract.ts';

storeContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sb-store-'));
  return { url: `sqlite:${join(dir, 'test.db')}`, cleanup: () => rm(dir, { recursive: true, force: true }) };
});
