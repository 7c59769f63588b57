import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NotificationRow } from '../../../src/store/index.ts';
import type { TestPlatform } from '../../support/platform.ts';
import { assertDate, assertError, callRow, lastBody, notificationRow, raw, rejectsRest, sidRe } from '../helpers.ts';

type Get = () => TestPlatform;
const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2032, 2, 10, 9, 30, 0, 500);
const DETAILS = ['request_variables', 'response_body', 'response_headers'];

/** A fresh subaccount, so a list sees only the rows its test inserted. */
async function subaccount(t: TestPlatform, name: string) {
  const sub = await t.client().api.v2010.accounts.create({ friendlyName: name });
  return { sub, client: t.client(sub.sid, sub.authToken) };
}

export function notificationTests(get: Get): void {
  test('fetch: every field including the request and response; the same record under its call', async () => {
    const t = get();
    const c = t.client();
    const call = callRow(t.accountSid, T0);
    await t.platform.store.calls.insert(call);
    const row = notificationRow(t.accountSid, T0 + 2_000, {
      call_sid: call.sid, log: '1', error_code: '12200', more_info: 'https://www.twilio.com/docs/errors/12200', message_date: T0 + 1_000,
    });
    await t.platform.store.notifications.insert(row);

    const n = await c.notifications(row.sid).fetch();
    assert.match(n.sid, sidRe('NO'));
    assert.equal(n.sid, row.sid);
    assert.equal(n.accountSid, t.accountSid);
    assert.equal(n.callSid, call.sid);
    assert.equal(n.apiVersion, '2010-04-01');
    assert.equal(n.errorCode, '12200');
    assert.equal(n.log, '1');
    assertDate(n.messageDate, T0 + 1_000);
    assertDate(n.dateCreated, T0 + 2_000);
    assertDate(n.dateUpdated, T0 + 2_000);
    assert.equal(n.messageText, row.message_text);
    assert.equal(n.moreInfo, 'https://www.twilio.com/docs/errors/12200');
    assert.equal(n.requestMethod, 'POST');
    assert.equal(n.requestUrl, 'https://app.example.com/voice');
    assert.equal(n.requestVariables, row.request_variables);
    assert.equal(n.responseBody, 'Internal Server Error');
    assert.equal(n.responseHeaders, row.response_headers);
    assert.equal(n.uri, `/2010-04-01/Accounts/${t.accountSid}/Notifications/${row.sid}.json`);

    const viaCall = await c.calls(call.sid).notifications(row.sid).fetch();
    assert.equal(viaCall.sid, row.sid);
    assert.equal(viaCall.requestVariables, row.request_variables);
    assert.equal(viaCall.uri, `/2010-04-01/Accounts/${t.accountSid}/Calls/${call.sid}/Notifications/${row.sid}.json`);

    await rejectsRest(c.notifications(`NO${'0'.repeat(32)}`).fetch(), 404, 20404);
    await rejectsRest(c.notifications('NOnot-a-sid').fetch(), 404, 20404);
    await rejectsRest(c.calls(callRow(t.accountSid, T0).sid).notifications(row.sid).fetch(), 404, 20404);
    await rejectsRest(c.calls('CAxyz').notifications(row.sid).fetch(), 404, 20404);
  });

  test('list: newest first, items without the request and response details, filters Log and MessageDate', async () => {
    const t = get();
    const { sub, client } = await subaccount(t, 'conformance notifications');
    const call = callRow(sub.sid, T0);
    await t.platform.store.calls.insert(call);
    const at = (offset: number, over: Partial<NotificationRow> = {}) => notificationRow(sub.sid, T0 + offset, { message_date: T0 + offset, ...over });
    const n1 = at(0, { call_sid: call.sid });
    const n2 = at(5_000, { log: '1', error_code: '12200', call_sid: call.sid });
    const n3 = at(DAY, { log: '1' });
    const n4 = at(2 * DAY + H);
    for (const r of [n1, n2, n3, n4]) await t.platform.store.notifications.insert(r);

    const all = await client.notifications.list();
    assert.deepEqual(all.map((x) => x.sid), [n4, n3, n2, n1].map((r) => r.sid));
    const page = lastBody(client);
    const items = page.notifications as Record<string, unknown>[];
    assert.equal(items.length, 4);
    for (const item of items) {
      for (const k of DETAILS) assert.ok(!(k in item), `list items leave out ${k}`);
      assert.equal(item.request_url, 'https://app.example.com/voice');
    }
    assert.equal(all[0]?.requestVariables, undefined);

    const sids = async (opts: Parameters<typeof client.notifications.list>[0]) => (await client.notifications.list(opts)).map((x) => x.sid);
    assert.deepEqual(await sids({ log: 1 }), [n3.sid, n2.sid]);
    assert.deepEqual(await sids({ log: 0 }), [n4.sid, n1.sid]);
    const day10 = new Date(Date.UTC(2032, 2, 10));
    const day11 = new Date(Date.UTC(2032, 2, 11));
    assert.deepEqual(await sids({ messageDate: day10 }), [n2.sid, n1.sid], 'MessageDate = that UTC day');
    assert.deepEqual(await sids({ messageDateBefore: day11 }), [n2.sid, n1.sid]);
    assert.deepEqual(await sids({ messageDateAfter: day11 }), [n4.sid, n3.sid]);
    assert.deepEqual(await sids({ messageDateAfter: day10, messageDateBefore: day11, log: 1 }), [n2.sid]);

    const under = client.calls(call.sid).notifications;
    assert.deepEqual((await under.list()).map((x) => x.sid), [n2.sid, n1.sid], 'a call lists only its own');
    assert.deepEqual((await under.list({ log: 0 })).map((x) => x.sid), [n1.sid]);
    const callItems = lastBody(client).notifications as Record<string, unknown>[];
    assert.equal(callItems[0]?.uri, `/2010-04-01/Accounts/${sub.sid}/Calls/${call.sid}/Notifications/${n1.sid}.json`);
    assert.deepEqual(await client.calls(callRow(sub.sid, T0).sid).notifications.list(), [], 'a call without notifications');
  });

  test('paging: three pages of 2 with the filter carried into every next_page_uri', async () => {
    const t = get();
    const { sub, client } = await subaccount(t, 'conformance notification paging');
    const rows = Array.from({ length: 7 }, (_, i) => notificationRow(sub.sid, T0 + i * 60_000, { log: i === 6 ? '0' : '1' }));
    for (const r of rows) await t.platform.store.notifications.insert(r);
    const expected = rows.slice(0, 6).map((r) => r.sid).reverse();
    const p1 = await client.notifications.page({ pageSize: 2, log: 1 });
    assert.match(String(lastBody(client).next_page_uri), /\?Log=1&PageSize=2&Page=1&PageToken=PA\d+_NO[0-9a-f]{32}$/);
    const p2 = await p1.nextPage();
    assert.ok(p2);
    const p3 = await p2.nextPage();
    assert.ok(p3);
    assert.deepEqual([...p1.instances, ...p2.instances, ...p3.instances].map((x) => x.sid), expected);
    assert.equal(await p3.nextPage(), undefined);
    const seen: string[] = [];
    await client.notifications.each({ pageSize: 3 }, (n) => {
      seen.push(n.sid);
    });
    assert.deepEqual(seen, rows.map((r) => r.sid).reverse());
  });

  test('delete (documented; the 6.x SDK has no remove): 204, then 20404; not under a call', async () => {
    const t = get();
    const call = callRow(t.accountSid, T0);
    await t.platform.store.calls.insert(call);
    const row = notificationRow(t.accountSid, T0, { call_sid: call.sid });
    await t.platform.store.notifications.insert(row);
    const path = `/2010-04-01/Accounts/${t.accountSid}/Notifications/${row.sid}.json`;
    assertError(await raw(t, 'DELETE', `/2010-04-01/Accounts/${t.accountSid}/Calls/${call.sid}/Notifications/${row.sid}.json`), 405, 20004);
    const res = await raw(t, 'DELETE', path);
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    assert.equal(await t.platform.store.notifications.get({ sid: row.sid }), undefined);
    await rejectsRest(t.client().notifications(row.sid).fetch(), 404, 20404);
    assertError(await raw(t, 'DELETE', path), 404, 20404);
    assertError(await raw(t, 'POST', `/2010-04-01/Accounts/${t.accountSid}/Notifications.json`, { body: 'Log=0', contentType: 'application/x-www-form-urlencoded' }), 405, 20004);
  });
}
