import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LocalHttpClient, TestPlatform } from '../../support/platform.ts';
import { callRow, lastBody, nextNumber } from '../helpers.ts';

type Get = () => TestPlatform;
const T0 = Date.UTC(2031, 5, 1, 8, 0, 0);

/** A fresh subaccount with seven calls one minute apart; sids newest first. */
async function sevenCalls(t: TestPlatform) {
  const sub = await t.client().api.v2010.accounts.create({ friendlyName: 'conformance paging' });
  const rows = Array.from({ length: 7 }, (_, i) => callRow(sub.sid, T0 + i * 60_000, { to_address: `+1555333000${i}` }));
  for (const r of rows) await t.platform.store.calls.insert(r);
  const client = t.client(sub.sid, sub.authToken);
  return { sub, client, http: client.httpClient as LocalHttpClient, sids: rows.map((r) => r.sid).reverse() };
}

export function pagingTests(get: Get): void {
  test('page() / nextPage() / previousPage() across three pages of 3, with a relative next_page_uri', async () => {
    const t = get();
    const { sub, client, sids } = await sevenCalls(t);
    const p1 = await client.calls.page({ pageSize: 3 });
    assert.deepEqual(p1.instances.map((x) => x.sid), sids.slice(0, 3));
    const env = lastBody(client);
    const path = `/2010-04-01/Accounts/${sub.sid}/Calls.json`;
    assert.equal(env.page, 0);
    assert.equal(env.page_size, 3);
    assert.equal(env.start, 0);
    assert.equal(env.end, 2);
    assert.equal(env.previous_page_uri, null);
    assert.equal(env.first_page_uri, `${path}?PageSize=3&Page=0`);
    assert.equal(env.uri, `${path}?PageSize=3&Page=0`);
    assert.match(String(env.next_page_uri), new RegExp(`^${path.replace(/\./g, '\\.')}\\?PageSize=3&Page=1&PageToken=PA\\d+_CA[0-9a-f]{32}$`));

    const p2 = await p1.nextPage();
    assert.ok(p2);
    assert.deepEqual(p2.instances.map((x) => x.sid), sids.slice(3, 6));
    assert.equal(lastBody(client).start, 3);
    const p3 = await p2.nextPage();
    assert.ok(p3);
    assert.deepEqual(p3.instances.map((x) => x.sid), sids.slice(6));
    assert.equal(lastBody(client).next_page_uri, null);
    assert.equal(await p3.nextPage(), undefined, 'the last page has no next page');
    const back = await p2.previousPage();
    assert.ok(back);
    assert.deepEqual(back.instances.map((x) => x.sid), sids.slice(0, 3));
    const third = await client.calls.page({ pageSize: 3, pageNumber: 2 });
    assert.deepEqual(third.instances.map((x) => x.sid), sids.slice(6), 'Page without PageToken counts from the start');
  });

  test('list({pageSize}), list({limit}), list(), each() follow next_page_uri', async () => {
    const t = get();
    const { client, http, sids } = await sevenCalls(t);
    const before = http.requests.length;
    assert.deepEqual((await client.calls.list({ pageSize: 3 })).map((x) => x.sid), sids);
    const pages = http.requests.slice(before);
    assert.equal(pages.length, 3, 'three GETs');
    assert.ok(pages.every((r) => r.method === 'GET'));
    assert.match(pages[1]?.uri ?? '', /\?PageSize=3&Page=1&PageToken=PA/);
    assert.match(pages[2]?.uri ?? '', /\?PageSize=3&Page=2&PageToken=PA/);

    assert.deepEqual((await client.calls.list({ limit: 5 })).map((x) => x.sid), sids.slice(0, 5));
    assert.deepEqual(http.lastRequest?.params, { PageSize: 5 }, 'list({limit}) asks for one page of that size');
    assert.equal(lastBody(client).page_size, 5);
    assert.deepEqual((await client.calls.list({ limit: 5, pageSize: 2 })).map((x) => x.sid), sids.slice(0, 5));

    assert.deepEqual((await client.calls.list()).map((x) => x.sid), sids);
    assert.equal(lastBody(client).page_size, 50, 'the default page size is 50');

    const seen: string[] = [];
    await client.calls.each({ pageSize: 3 }, (call) => {
      seen.push(call.sid);
    });
    assert.deepEqual(seen, sids);
    const limited: string[] = [];
    await client.calls.each({ pageSize: 2, limit: 4 }, (call) => {
      limited.push(call.sid);
    });
    assert.deepEqual(limited, sids.slice(0, 4));
  });

  test('the PageToken keeps later pages stable when newer rows arrive', async () => {
    const t = get();
    const { sub, client, sids } = await sevenCalls(t);
    const p1 = await client.calls.page({ pageSize: 3 });
    await t.platform.store.calls.insert(callRow(sub.sid, T0 + 3_600_000));
    const p2 = await p1.nextPage();
    assert.ok(p2);
    assert.deepEqual(p2.instances.map((x) => x.sid), sids.slice(3, 6), 'no row is repeated or skipped');
  });

  test('IncomingPhoneNumbers and Accounts page the same way', async () => {
    const t = get();
    const c = t.client();
    const sub = await c.api.v2010.accounts.create({ friendlyName: 'conformance number paging' });
    const sc = t.client(sub.sid, sub.authToken);
    const created: string[] = [];
    for (let i = 0; i < 7; i += 1) created.push((await sc.incomingPhoneNumbers.create({ phoneNumber: nextNumber() })).sid);
    const listed = await sc.incomingPhoneNumbers.list({ pageSize: 3 });
    assert.deepEqual([...listed.map((x) => x.sid)].sort(), [...created].sort());
    for (let i = 1; i < listed.length; i += 1) {
      assert.ok((listed[i - 1]?.dateCreated.getTime() ?? 0) >= (listed[i]?.dateCreated.getTime() ?? 0), 'newest first');
    }
    const eachSeen: string[] = [];
    await sc.incomingPhoneNumbers.each({ pageSize: 3 }, (n) => {
      eachSeen.push(n.sid);
    });
    assert.deepEqual(eachSeen, listed.map((x) => x.sid));
    const p1 = await sc.incomingPhoneNumbers.page({ pageSize: 3 });
    const p2 = await p1.nextPage();
    const p3 = await p2?.nextPage();
    assert.deepEqual([p1, p2, p3].map((p) => p?.instances.length), [3, 3, 1]);
    assert.equal(await p3?.nextPage(), undefined);

    const all = await c.api.v2010.accounts.list();
    assert.deepEqual((await c.api.v2010.accounts.list({ pageSize: 2 })).map((a) => a.sid), all.map((a) => a.sid));
    assert.ok(all.length >= 7, 'several pages of accounts');
  });
}
