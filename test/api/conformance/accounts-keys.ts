import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestPlatform } from '../../support/platform.ts';
import { assertDate, lastBody, nextNumber, rejectsRest, sidRe } from '../helpers.ts';

type Get = () => TestPlatform;

export function accountTests(get: Get): void {
  test('fetch the main account: fields, RFC 2822 dates as Date, uri and subresource_uris', async () => {
    const t = get();
    const a = await t.client().api.v2010.accounts(t.accountSid).fetch();
    const row = await t.platform.store.accounts.get({ sid: t.accountSid });
    assert.ok(row);
    assert.match(a.sid, sidRe('AC'));
    assert.equal(a.sid, t.accountSid);
    assert.equal(a.ownerAccountSid, t.accountSid, 'a main account is its own owner');
    assert.equal(a.friendlyName, 'Main account');
    assert.equal(a.status, 'active');
    assert.equal(a.type, 'Full');
    assert.equal(a.authToken, t.authToken);
    assert.match(a.authToken, /^[0-9a-f]{32}$/);
    assertDate(a.dateCreated, row.date_created);
    assertDate(a.dateUpdated, row.date_updated);
    const base = `/2010-04-01/Accounts/${t.accountSid}`;
    assert.equal(a.uri, `${base}.json`);
    assert.equal(a.subresourceUris.calls, `${base}/Calls.json`);
    assert.equal(a.subresourceUris.incoming_phone_numbers, `${base}/IncomingPhoneNumbers.json`);
    assert.equal(a.subresourceUris.applications, `${base}/Applications.json`);
    assert.equal(a.subresourceUris.keys, `${base}/Keys.json`);
    const same = await t.client().api.v2010.account.fetch();
    assert.equal(same.sid, t.accountSid);
  });

  test('create subaccounts; list self + subaccounts; filter FriendlyName and Status; fetch; rename', async () => {
    const t = get();
    const c = t.client();
    const startedAt = Date.now();
    const sub = await c.api.v2010.accounts.create({ friendlyName: 'conformance sub one' });
    assert.match(sub.sid, sidRe('AC'));
    assert.equal(sub.ownerAccountSid, t.accountSid);
    assert.equal(sub.friendlyName, 'conformance sub one');
    assert.equal(sub.status, 'active');
    assert.match(sub.authToken, /^[0-9a-f]{32}$/);
    assert.notEqual(sub.authToken, t.authToken);
    assert.ok(sub.dateCreated instanceof Date);
    assert.ok(Math.abs(sub.dateCreated.getTime() - startedAt) < 5000, 'dateCreated is about now');
    assert.equal(sub.uri, `/2010-04-01/Accounts/${sub.sid}.json`);
    assert.equal(sub.subresourceUris.calls, `/2010-04-01/Accounts/${sub.sid}/Calls.json`);

    const unnamed = await c.api.v2010.accounts.create();
    assert.match(unnamed.friendlyName, /^SubAccount Created at \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    const all = await c.api.v2010.accounts.list();
    const sids = all.map((a) => a.sid);
    for (const sid of [t.accountSid, sub.sid, unnamed.sid]) assert.ok(sids.includes(sid), `${sid} listed`);
    assert.ok(all.every((a) => a.ownerAccountSid === t.accountSid));
    assert.equal(new Set(sids).size, sids.length, 'no duplicates');

    const byName = await c.api.v2010.accounts.list({ friendlyName: 'conformance sub one' });
    assert.deepEqual(byName.map((a) => a.sid), [sub.sid]);
    const activeByName = await c.api.v2010.accounts.list({ friendlyName: 'conformance sub one', status: 'active' });
    assert.deepEqual(activeByName.map((a) => a.sid), [sub.sid]);
    assert.deepEqual(await c.api.v2010.accounts.list({ friendlyName: 'conformance sub one', status: 'closed' }), []);

    const fetched = await c.api.v2010.accounts(sub.sid).fetch();
    assert.equal(fetched.authToken, sub.authToken);
    assert.equal(fetched.dateCreated.getTime(), sub.dateCreated.getTime());

    const renamed = await c.api.v2010.accounts(sub.sid).update({ friendlyName: 'conformance sub renamed' });
    assert.equal(renamed.friendlyName, 'conformance sub renamed');
    assert.ok(renamed.dateUpdated.getTime() >= sub.dateUpdated.getTime());
    const self = await t.client(sub.sid, sub.authToken).api.v2010.accounts(sub.sid).fetch();
    assert.equal(self.friendlyName, 'conformance sub renamed');
  });

  test('the parent suspends, reactivates and closes a subaccount; closed is final (90004)', async () => {
    const t = get();
    const c = t.client();
    const sub = await c.api.v2010.accounts.create({ friendlyName: 'conformance lifecycle' });
    const subClient = t.client(sub.sid, sub.authToken);
    assert.deepEqual(await subClient.incomingPhoneNumbers.list(), []);
    const key = await subClient.newKeys.create({ friendlyName: 'key of a suspended account' });
    const keyClient = t.client(key.sid, key.secret, sub.sid);

    const suspended = await c.api.v2010.accounts(sub.sid).update({ status: 'suspended' });
    assert.equal(suspended.status, 'suspended');
    await rejectsRest(subClient.incomingPhoneNumbers.list(), 403, 20005);
    await rejectsRest(keyClient.incomingPhoneNumbers.list(), 403, 20005);
    const listed = await c.api.v2010.accounts.list({ status: 'suspended' });
    assert.ok(listed.some((a) => a.sid === sub.sid));
    assert.equal((await c.api.v2010.accounts(sub.sid).fetch()).status, 'suspended');

    assert.equal((await c.api.v2010.accounts(sub.sid).update({ status: 'active' })).status, 'active');
    assert.deepEqual(await subClient.applications.list(), []);

    assert.equal((await c.api.v2010.accounts(sub.sid).update({ status: 'closed' })).status, 'closed');
    await rejectsRest(subClient.applications.list(), 403, 20005);
    await rejectsRest(c.api.v2010.accounts(sub.sid).update({ status: 'active' }), 400, 90004);
    assert.equal((await c.api.v2010.accounts(sub.sid).fetch()).status, 'closed');
  });

  test('an account cannot change its own status; a subaccount sees only itself', async () => {
    const t = get();
    const c = t.client();
    await rejectsRest(c.api.v2010.accounts(t.accountSid).update({ status: 'suspended' }), 400, 90004);
    assert.equal((await c.api.v2010.accounts(t.accountSid).fetch()).status, 'active');

    const sub = await c.api.v2010.accounts.create({ friendlyName: 'conformance self' });
    const subClient = t.client(sub.sid, sub.authToken);
    await rejectsRest(subClient.api.v2010.accounts(sub.sid).update({ status: 'closed' }), 400, 90004);
    assert.equal((await subClient.api.v2010.accounts(sub.sid).update({ friendlyName: 'self renamed' })).friendlyName, 'self renamed');
    assert.deepEqual((await subClient.api.v2010.accounts.list()).map((a) => a.sid), [sub.sid]);
    await rejectsRest(subClient.api.v2010.accounts(t.accountSid).fetch(), 404, 20404);
    await rejectsRest(subClient.api.v2010.accounts.create({ friendlyName: 'grandchild' }), 403, 20403);
  });

  test('parent credentials act on a subaccount’s resources', async () => {
    const t = get();
    const c = t.client();
    const sub = await c.api.v2010.accounts.create({ friendlyName: 'conformance delegated' });
    const app = await c.api.v2010.accounts(sub.sid).applications.create({ friendlyName: 'made by parent' });
    assert.equal(app.accountSid, sub.sid);
    const n = await c.api.v2010.accounts(sub.sid).incomingPhoneNumbers.create({ phoneNumber: nextNumber(), voiceApplicationSid: app.sid });
    assert.equal(n.accountSid, sub.sid);
    assert.equal(n.uri, `/2010-04-01/Accounts/${sub.sid}/IncomingPhoneNumbers/${n.sid}.json`);
    const own = await t.client(sub.sid, sub.authToken).incomingPhoneNumbers.list();
    assert.deepEqual(own.map((x) => x.sid), [n.sid]);
    assert.deepEqual((await c.api.v2010.accounts(sub.sid).incomingPhoneNumbers.list()).map((x) => x.sid), [n.sid]);
    assert.equal(await c.api.v2010.accounts(sub.sid).incomingPhoneNumbers(n.sid).remove(), true);
  });

  test('a wrong token or an unknown account is 401 / 20003', async () => {
    const t = get();
    await rejectsRest(t.client(t.accountSid, 'f'.repeat(32)).api.v2010.accounts(t.accountSid).fetch(), 401, 20003);
    await rejectsRest(t.client(`AC${'0'.repeat(32)}`, t.authToken).incomingPhoneNumbers.list(), 401, 20003);
    await rejectsRest(t.client(t.accountSid, `${t.authToken}0`).applications.list(), 401, 20003);
  });
}

export function keyTests(get: Get): void {
  test('create returns the secret once; fetch, list, each, update, remove', async () => {
    const t = get();
    const c = t.client();
    const k = await c.newKeys.create({ friendlyName: 'conformance key' });
    assert.match(k.sid, sidRe('SK'));
    assert.match(k.secret, /^[0-9a-f]{32}$/);
    assert.equal(k.friendlyName, 'conformance key');
    const row = await t.platform.store.keys.get({ sid: k.sid });
    assert.ok(row);
    assert.equal(row.account_sid, t.accountSid);
    assert.ok(!Object.values(row).includes(k.secret), 'the store keeps only a hash of the secret');
    assertDate(k.dateCreated, row.date_created);
    assertDate(k.dateUpdated, row.date_updated);

    const fetched = await c.keys(k.sid).fetch();
    assert.equal(fetched.sid, k.sid);
    assert.equal(fetched.friendlyName, 'conformance key');
    assertDate(fetched.dateCreated, row.date_created);
    assert.ok(!('secret' in lastBody(c)), 'fetch does not show the secret');

    const listed = await c.keys.list();
    assert.ok(listed.some((x) => x.sid === k.sid));
    const page = lastBody(c).keys as Record<string, unknown>[];
    assert.ok(page.every((x) => !('secret' in x)), 'lists do not show secrets');
    const seen: string[] = [];
    await c.keys.each({ pageSize: 1 }, (x) => {
      seen.push(x.sid);
    });
    assert.deepEqual(seen, listed.map((x) => x.sid));

    const updated = await c.keys(k.sid).update({ friendlyName: 'conformance key renamed' });
    assert.equal(updated.friendlyName, 'conformance key renamed');
    assert.equal((await c.keys(k.sid).fetch()).friendlyName, 'conformance key renamed');

    assert.equal(await c.keys(k.sid).remove(), true);
    await rejectsRest(c.keys(k.sid).fetch(), 404, 20404);
    await rejectsRest(c.keys(k.sid).remove(), 404, 20404);
  });

  test('key SID + secret authenticate with {accountSid}; keys cannot manage Accounts or Keys (20403)', async () => {
    const t = get();
    const c = t.client();
    const k = await c.newKeys.create({ friendlyName: 'conformance key auth' });
    const kc = t.client(k.sid, k.secret, t.accountSid);
    const n = await kc.incomingPhoneNumbers.create({ phoneNumber: nextNumber() });
    assert.equal(n.accountSid, t.accountSid);
    assert.ok((await kc.incomingPhoneNumbers.list({ phoneNumber: n.phoneNumber })).some((x) => x.sid === n.sid));
    const app = await kc.applications.create({ friendlyName: 'made with a key' });
    assert.equal(app.accountSid, t.accountSid);

    await rejectsRest(kc.api.v2010.accounts(t.accountSid).fetch(), 403, 20403);
    await rejectsRest(kc.api.v2010.accounts.list(), 403, 20403);
    await rejectsRest(kc.api.v2010.accounts.create({ friendlyName: 'by key' }), 403, 20403);
    await rejectsRest(kc.keys.list(), 403, 20403);
    await rejectsRest(kc.newKeys.create(), 403, 20403);
    await rejectsRest(kc.keys(k.sid).remove(), 403, 20403);

    await rejectsRest(t.client(k.sid, 'f'.repeat(32), t.accountSid).applications.list(), 401, 20003);
    assert.equal(await c.keys(k.sid).remove(), true);
    await rejectsRest(kc.applications.list(), 401, 20003);
  });
}
