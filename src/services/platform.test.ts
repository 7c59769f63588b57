import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createInprocBus, type BusMessage } from '../bus/index.ts';
import { createLogger } from '../core/index.ts';
import { changePublisher } from './platform.ts';

test('changes are published per account and resource, with every secret column removed', async () => {
  const bus = createInprocBus();
  const seen: BusMessage[] = [];
  bus.subscribe('ev.r1.>', (m) => void seen.push(m));
  const publish = changePublisher(bus, 'r1', createLogger({ level: 'silent' }));
  const base = { date_created: 1, date_updated: 1 };
  publish({ table: 'accounts', action: 'created', row: { sid: 'AC1', auth_token: 'tok-123', ...base } as never });
  publish({ table: 'sip_credentials', action: 'updated', row: { sid: 'CR1', account_sid: 'AC1', username: 'alice', password: 'pw-456', ...base } as never });
  publish({ table: 'api_keys', action: 'deleted', row: { sid: 'SK1', account_sid: 'AC1', secret_hash: 'hash-789', ...base } as never });
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(seen.map((m) => m.subject), ['ev.r1.AC1.account.created', 'ev.r1.AC1.credential.updated', 'ev.r1.AC1.key.deleted']);
  const text = JSON.stringify(seen);
  for (const secret of ['tok-123', 'pw-456', 'hash-789']) assert.ok(!text.includes(secret), secret);
  assert.equal((seen[1]?.data as { data: { username: string } }).data.username, 'alice');
});
