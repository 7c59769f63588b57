import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallRow } from '../../../src/store/index.ts';
import type { TestPlatform } from '../../support/platform.ts';
import { assertDate, callRow, rejectsRest, sidRe } from '../helpers.ts';

type Get = () => TestPlatform;
const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2030, 0, 15, 12, 0, 0, 250);

export function callTests(get: Get): void {
  test('fetch: fields, formatted numbers, dates and duration, uri and subresource_uris', async () => {
    const t = get();
    const c = t.client();
    const row = callRow(t.accountSid, T0, { to_address: '+15551110001', from_address: '+442071838750', caller_name: 'ACME', queue_time: 3 });
    await t.platform.store.calls.insert(row);
    const call = await c.calls(row.sid).fetch();
    assert.match(call.sid, sidRe('CA'));
    assert.equal(call.sid, row.sid);
    assert.equal(call.accountSid, t.accountSid);
    assert.equal(call.to, '+15551110001');
    assert.equal(call.toFormatted, '(555) 111-0001');
    assert.equal(call.from, '+442071838750');
    assert.equal(call.fromFormatted, '+442071838750');
    assert.equal(call.status, 'completed');
    assert.equal(call.direction, 'outbound-api');
    assert.equal(call.parentCallSid, null);
    assert.equal(call.phoneNumberSid, null);
    assertDate(call.startTime, T0);
    assertDate(call.endTime, T0 + 42_000);
    assertDate(call.dateCreated, T0);
    assertDate(call.dateUpdated, T0);
    assert.equal(call.duration, '42');
    assert.equal(call.queueTime, '3');
    assert.equal(call.callerName, 'ACME');
    assert.equal(call.price, null);
    assert.equal(call.priceUnit, 'USD');
    assert.equal(call.apiVersion, '2010-04-01');
    const base = `/2010-04-01/Accounts/${t.accountSid}/Calls/${row.sid}`;
    assert.equal(call.uri, `${base}.json`);
    assert.equal(call.subresourceUris.recordings, `${base}/Recordings.json`);
    assert.equal(call.subresourceUris.notifications, `${base}/Notifications.json`);
    assert.equal(call.subresourceUris.user_defined_message_subscriptions, `${base}/UserDefinedMessageSubscriptions.json`);
  });

  test('fetch: a call that has not started has null times and duration; unknown SID is 20404', async () => {
    const t = get();
    const c = t.client();
    const row = callRow(t.accountSid, T0, { status: 'queued', start_time: null, end_time: null, duration: null });
    await t.platform.store.calls.insert(row);
    const call = await c.calls(row.sid).fetch();
    assert.equal(call.status, 'queued');
    assert.equal(call.startTime, null);
    assert.equal(call.endTime, null);
    assert.equal(call.duration, null);
    await rejectsRest(c.calls(`CA${'0'.repeat(32)}`).fetch(), 404, 20404);
    await rejectsRest(c.calls('CAnot-a-sid').fetch(), 404, 20404);
  });

  test('list filters: To, From, Status, ParentCallSid, StartTime and EndTime (=, <, >)', async () => {
    const t = get();
    const c = t.client();
    const sub = await c.api.v2010.accounts.create({ friendlyName: 'conformance calls' });
    const sc = t.client(sub.sid, sub.authToken);
    const at = (offset: number, over: Partial<CallRow> = {}) => callRow(sub.sid, T0 + offset, over);
    const c1 = at(0, { to_address: '+15551110001', from_address: '+15552220001' });
    const c3 = at(5_000, { parent_call_sid: c1.sid, direction: 'outbound-dial', to_address: '+15551110003', end_time: T0 + 50_000 });
    const c2 = at(21 * H, { status: 'busy', to_address: '+15551110002', end_time: T0 + 21 * H, duration: 0 });
    const c4 = at(2 * DAY, { status: 'queued', start_time: null, end_time: null, duration: null });
    const c5 = at(2 * DAY + H, { status: 'in-progress', end_time: null, duration: null });
    for (const r of [c1, c2, c3, c4, c5]) await t.platform.store.calls.insert(r);

    const sids = async (opts: Parameters<typeof sc.calls.list>[0] = {}) => (await sc.calls.list(opts)).map((x) => x.sid);
    assert.deepEqual(await sids(), [c5, c4, c2, c3, c1].map((r) => r.sid), 'newest first');
    assert.deepEqual(await sids({ to: '+15551110001' }), [c1.sid]);
    assert.deepEqual(await sids({ from: '+15552220001' }), [c1.sid]);
    assert.deepEqual(await sids({ status: 'completed' }), [c3.sid, c1.sid]);
    assert.deepEqual(await sids({ status: 'busy' }), [c2.sid]);
    assert.deepEqual(await sids({ parentCallSid: c1.sid }), [c3.sid]);

    const day15 = new Date(Date.UTC(2030, 0, 15));
    assert.deepEqual(await sids({ startTime: day15 }), [c3.sid, c1.sid], 'StartTime = that UTC day');
    assert.deepEqual(await sids({ startTime: new Date(Date.UTC(2030, 0, 15, 18)) }), [c3.sid, c1.sid], 'a time of day still means that day');
    const day16 = new Date(Date.UTC(2030, 0, 16));
    assert.deepEqual(await sids({ startTimeAfter: day16 }), [c5.sid, c2.sid]);
    assert.deepEqual(await sids({ startTimeBefore: day16 }), [c3.sid, c1.sid]);
    assert.deepEqual(await sids({ startTimeAfter: day15, startTimeBefore: day16 }), [c3.sid, c1.sid]);
    assert.deepEqual(await sids({ endTime: day16 }), [c2.sid]);
    assert.deepEqual(await sids({ endTimeBefore: day16 }), [c3.sid, c1.sid]);
    assert.deepEqual(await sids({ endTimeAfter: day16 }), [c2.sid]);
    assert.deepEqual(await sids({ status: 'completed', startTimeAfter: day16 }), []);

    const paged: string[] = [];
    await sc.calls.each({ status: 'completed', pageSize: 1 }, (call) => {
      paged.push(call.sid);
    });
    assert.deepEqual(paged, [c3.sid, c1.sid], 'filters are carried into every next page');

    assert.deepEqual((await c.api.v2010.accounts(sub.sid).calls.list({ status: 'busy' })).map((x) => x.sid), [c2.sid]);
  });
}
