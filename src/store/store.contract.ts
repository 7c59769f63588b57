import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newSid } from '../core/index.ts';
import { createStore, type Store } from './store.ts';
import { isUniqueViolation } from './dialect.ts';
import type { ChangeAction } from './table.ts';
import type { AccountRow, CallRow, IncomingNumberRow } from './tables.ts';

/** Every store operation, run the same against each engine (ARCHITECTURE habit 3). */
export function storeContract(name: string, open: () => Promise<{ url: string; cleanup(): Promise<void> }>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let url: string;
    const changes: { table: string; action: ChangeAction; sid: string }[] = [];

    before(async () => {
      const opened = await open();
      cleanup = opened.cleanup;
      url = opened.url;
      store = createStore(url, { onChange: (c) => void changes.push({ table: c.table, action: c.action, sid: c.row.sid }) });
      assert.deepEqual(await store.migrate(), ['0001_foundation', '0002_sip_endpoints', '0003_call_router']);
      assert.deepEqual(await store.migrate(), [], 'a second migrate applies nothing');
    });
    after(async () => {
      await store.close();
      await cleanup();
    });

    const account = (over: Partial<AccountRow> = {}): AccountRow => ({
      sid: newSid('AC'), owner_account_sid: null, friendly_name: 'Main', status: 'active', type: 'Full',
      auth_token: 'a'.repeat(32), date_created: 1_700_000_000_000, date_updated: 1_700_000_000_000, ...over,
    });
    const number = (accountSid: string, phone: string, t: number): IncomingNumberRow => ({
      sid: newSid('PN'), account_sid: accountSid, phone_number: phone, friendly_name: phone, voice_url: 'http://127.0.0.1:9/voice',
      voice_method: 'POST', voice_fallback_url: null, voice_fallback_method: 'POST', status_callback: null, status_callback_method: 'POST',
      voice_application_sid: null, voice_caller_id_lookup: 0, voice_receive_mode: 'voice', trunk_sid: null, sms_url: null, sms_method: 'POST',
      sms_fallback_url: null, sms_fallback_method: 'POST', sms_application_sid: null, date_created: t, date_updated: t,
    });

    it('inserts, gets, updates and deletes, reporting each change', async () => {
      const a = account();
      await store.accounts.insert(a);
      assert.deepEqual(await store.accounts.get({ sid: a.sid }), a);
      const updated = await store.accounts.update({ sid: a.sid }, { friendly_name: 'Renamed', date_updated: a.date_updated + 5 });
      assert.equal(updated?.friendly_name, 'Renamed');
      assert.equal(updated?.date_updated, a.date_updated + 5, 'bigint milliseconds come back as numbers');
      assert.equal(await store.accounts.update({ sid: newSid('AC') }, { friendly_name: 'x' }), undefined);
      assert.equal(await store.accounts.delete({ sid: a.sid }), true);
      assert.equal(await store.accounts.delete({ sid: a.sid }), false);
      assert.equal(await store.accounts.get({ sid: a.sid }), undefined);
      assert.deepEqual(changes.filter((c) => c.sid === a.sid).map((c) => c.action), ['created', 'updated', 'deleted']);
    });

    it('scopes reads by every where-column (null matched with IS NULL)', async () => {
      const main = account();
      const sub = account({ owner_account_sid: main.sid, friendly_name: 'Sub' });
      await store.accounts.insert(main);
      await store.accounts.insert(sub);
      assert.equal((await store.accounts.get({ sid: sub.sid, owner_account_sid: main.sid }))?.sid, sub.sid);
      assert.equal(await store.accounts.get({ sid: sub.sid, owner_account_sid: newSid('AC') }), undefined);
      assert.equal((await store.accounts.get({ sid: main.sid, owner_account_sid: null }))?.sid, main.sid);
      const family = await store.accounts.list({ anyOf: [{ sid: main.sid }, { owner_account_sid: main.sid }], pageSize: 10 });
      assert.deepEqual(family.rows.map((r) => r.sid).sort(), [main.sid, sub.sid].sort());
    });

    it('enforces unique phone numbers across accounts', async () => {
      const a = account();
      const b = account();
      await store.accounts.insert(a);
      await store.accounts.insert(b);
      await store.numbers.insert(number(a.sid, '+15550001111', 1));
      await assert.rejects(store.numbers.insert(number(b.sid, '+15550001111', 2)), (e) => isUniqueViolation(e));
      assert.equal(await store.numbers.count({ phone_number: '+15550001111' }), 1);
    });

    it('pages newest first by keyset and by offset, with filters and ranges', async () => {
      const acct = account();
      await store.accounts.insert(acct);
      const calls: CallRow[] = [];
      for (let i = 0; i < 7; i++) {
        const call: CallRow = {
          sid: newSid('CA'), account_sid: acct.sid, parent_call_sid: null, to_address: `+1555000000${i % 2}`, from_address: '+15559990000',
          phone_number_sid: null, status: i % 2 ? 'completed' : 'busy', direction: 'outbound-api', start_time: 1000 + i, end_time: null,
          duration: null, answered_by: null, forwarded_from: null, caller_name: null, queue_time: 0, trunk_sid: null, api_version: null,
          date_created: 5000 + (i < 4 ? 0 : i), date_updated: 5000,
        };
        calls.push(call);
        await store.calls.insert(call);
      }
      const order = [...calls].sort((x, y) => y.date_created - x.date_created || (y.sid < x.sid ? -1 : 1)).map((c) => c.sid);
      const seen: string[] = [];
      let page = await store.calls.list({ where: { account_sid: acct.sid }, pageSize: 3 });
      seen.push(...page.rows.map((r) => r.sid));
      while (page.more) {
        const last = page.rows[page.rows.length - 1]!;
        page = await store.calls.list({ where: { account_sid: acct.sid }, pageSize: 3, after: { dateCreated: last.date_created, sid: last.sid } });
        seen.push(...page.rows.map((r) => r.sid));
      }
      assert.deepEqual(seen, order, 'keyset pages cover every row once, in order, across equal timestamps');
      const byOffset = await store.calls.list({ where: { account_sid: acct.sid }, pageSize: 3, offset: 3 });
      assert.deepEqual(byOffset.rows.map((r) => r.sid), order.slice(3, 6));
      assert.equal(byOffset.more, true);
      const busy = await store.calls.list({ where: { account_sid: acct.sid, status: 'busy' }, pageSize: 50 });
      assert.equal(busy.rows.length, 4);
      const late = await store.calls.list({ where: { account_sid: acct.sid }, ranges: [{ column: 'start_time', op: '>=', value: 1005 }], pageSize: 50 });
      assert.deepEqual(late.rows.map((r) => r.start_time).sort(), [1005, 1006]);
      assert.equal(await store.calls.count({ account_sid: acct.sid }), 7);
    });

    it('deletes many rows by equality and range, reporting each', async () => {
      const aor = `alice@${newSid('SD').slice(2, 10)}.example`;
      const binding = (contact: string, expiresAt: number) => ({
        sid: newSid('CA'), account_sid: 'AC1', aor, contact_uri: contact, expires_at: expiresAt, call_id: 'c1', cseq: 1, q: 1000,
        source: 'udp:127.0.0.1:5060', user_agent: null, date_created: 1, date_updated: 1,
      });
      for (const [i, exp] of [100, 200, 300].entries()) await store.registrations.insert(binding(`sip:a${i}@127.0.0.1`, exp));
      const before = changes.length;
      assert.equal(await store.registrations.deleteMany({ aor }, [{ column: 'expires_at', op: '<', value: 250 }]), 2);
      assert.equal(changes.length - before, 2);
      const left = await store.registrations.list({ where: { aor }, pageSize: 10 });
      assert.deepEqual(left.rows.map((r) => r.contact_uri), ['sip:a2@127.0.0.1']);
      assert.equal(await store.registrations.deleteMany({ aor: 'nobody@x' }), 0);
    });

    it('keeps committed rows across close and reopen', async () => {
      const row = account({ friendly_name: 'Durable' });
      await store.accounts.insert(row);
      const again = createStore(url);
      try {
        assert.equal((await again.accounts.get({ sid: row.sid }))?.friendly_name, 'Durable');
      } finally {
        await again.close();
      }
    });
  });
}
