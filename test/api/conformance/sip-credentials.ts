import assert from 'node:assert/strict';
import { test } from 'node:test';
import type twilio from 'twilio';
import type { LocalHttpClient, TestPlatform } from '../../support/platform.ts';
import { assertDate, lastBody, rejectsRest, sidRe } from '../helpers.ts';
import { freshDomain, otherAccount } from './sip-domains.ts';

type Get = () => TestPlatform;
const PASSWORD = 'IWasAtSignal2018';

/** The last response the client received mentions no password, neither the word nor any of these values. */
function assertNoPassword(client: twilio.Twilio, ...secrets: string[]): void {
  const text = JSON.stringify(lastBody(client));
  assert.doesNotMatch(text, /password/i, `a response carried a password field: ${text}`);
  for (const s of secrets) assert.ok(!text.includes(s), 'a response carried a password value');
}

export function sipCredentialListTests(get: Get): void {
  test('credential lists: create, fetch, rename, list, remove', async () => {
    const t = get();
    const c = t.client();
    const list = await c.sip.credentialLists.create({ friendlyName: 'office phones' });
    const row = await t.platform.store.credentialLists.get({ sid: list.sid });
    assert.ok(row);
    assert.match(list.sid, sidRe('CL'));
    assert.equal(list.accountSid, t.accountSid);
    assert.equal(list.friendlyName, 'office phones');
    const base = `/2010-04-01/Accounts/${t.accountSid}/SIP/CredentialLists/${list.sid}`;
    assert.equal(list.uri, `${base}.json`);
    assert.deepEqual(list.subresourceUris, { credentials: `${base}/Credentials.json` });
    assertDate(list.dateCreated, row.date_created);
    assertDate(list.dateUpdated, row.date_updated);
    assert.deepEqual((await c.sip.credentialLists(list.sid).fetch()).toJSON(), list.toJSON());

    const renamed = await c.sip.credentialLists(list.sid).update({ friendlyName: 'desk phones' });
    assert.equal(renamed.friendlyName, 'desk phones');
    assert.ok((await c.sip.credentialLists.list()).some((x) => x.sid === list.sid && x.friendlyName === 'desk phones'));
    assert.ok(Array.isArray(lastBody(c).credential_lists));

    await rejectsRest(c.sip.credentialLists.create({ friendlyName: 'x'.repeat(65) }), 400, 20002);
    await rejectsRest(c.sip.credentialLists(list.sid).update({ friendlyName: 'y'.repeat(65) }), 400, 20002);
    assert.equal(await c.sip.credentialLists(list.sid).remove(), true);
    await rejectsRest(c.sip.credentialLists(list.sid).fetch(), 404, 20404);
    await rejectsRest(c.sip.credentialLists(list.sid).update({ friendlyName: 'z' }), 404, 20404);
    await rejectsRest(c.sip.credentialLists(list.sid).remove(), 404, 20404);
  });

  test('deleting a credential list deletes its credentials and its mappings', async () => {
    const t = get();
    const c = t.client();
    const list = await c.sip.credentialLists.create({ friendlyName: 'doomed' });
    const cred = await c.sip.credentialLists(list.sid).credentials.create({ username: 'bob', password: PASSWORD });
    const d = await c.sip.domains.create({ domainName: freshDomain(), sipRegistration: true });
    await c.sip.domains(d.sid).auth.calls.credentialListMappings.create({ credentialListSid: list.sid });
    await c.sip.domains(d.sid).auth.registrations.credentialListMappings.create({ credentialListSid: list.sid });
    await c.sip.credentialLists(list.sid).remove();
    assert.equal(await t.platform.store.credentials.count({ credential_list_sid: list.sid }), 0);
    assert.equal(await t.platform.store.domainMappings.count({ credential_list_sid: list.sid }), 0);
    await rejectsRest(c.sip.credentialLists(list.sid).credentials(cred.sid).fetch(), 404, 20404);
    assert.deepEqual(await c.sip.domains(d.sid).auth.calls.credentialListMappings.list(), []);
    assert.equal((await c.sip.domains(d.sid).fetch()).authType, '');
  });
}

export function sipCredentialTests(get: Get): void {
  test('credentials: create, fetch, change the password, list, remove; no response ever carries the password', async () => {
    const t = get();
    const c = t.client();
    const list = await c.sip.credentialLists.create({ friendlyName: 'creds' });
    const creds = c.sip.credentialLists(list.sid).credentials;
    const cred = await creds.create({ username: 'alice', password: PASSWORD });
    assertNoPassword(c, PASSWORD);
    const row = await t.platform.store.credentials.get({ sid: cred.sid });
    assert.ok(row);
    assert.equal(row.password, PASSWORD, 'kept for digest authentication');
    assert.match(cred.sid, sidRe('CR'));
    assert.equal(cred.accountSid, t.accountSid);
    assert.equal(cred.credentialListSid, list.sid);
    assert.equal(cred.username, 'alice');
    assert.equal(cred.uri, `/2010-04-01/Accounts/${t.accountSid}/SIP/CredentialLists/${list.sid}/Credentials/${cred.sid}.json`);
    assertDate(cred.dateCreated, row.date_created);
    assertDate(cred.dateUpdated, row.date_updated);
    assert.ok(!('password' in cred.toJSON()));

    assert.deepEqual((await creds(cred.sid).fetch()).toJSON(), cred.toJSON());
    assertNoPassword(c, PASSWORD);
    const changed = await creds(cred.sid).update({ password: 'Another1Password' });
    assertNoPassword(c, PASSWORD, 'Another1Password');
    assert.equal(changed.username, 'alice');
    assert.equal((await t.platform.store.credentials.get({ sid: cred.sid }))?.password, 'Another1Password');
    const untouched = await creds(cred.sid).update();
    assert.equal(untouched.username, 'alice');
    assert.equal((await t.platform.store.credentials.get({ sid: cred.sid }))?.password, 'Another1Password', 'no Password, no change');

    assert.deepEqual((await creds.list()).map((x) => x.sid), [cred.sid]);
    assertNoPassword(c, PASSWORD, 'Another1Password');
    assert.ok(Array.isArray(lastBody(c).credentials));

    assert.equal(await creds(cred.sid).remove(), true);
    await rejectsRest(creds(cred.sid).fetch(), 404, 20404);
    await rejectsRest(creds(cred.sid).update({ password: PASSWORD }), 404, 20404);
    await rejectsRest(creds(cred.sid).remove(), 404, 20404);
  });

  test('paging over seven credentials: page()/nextPage(), list({pageSize}), each()', async () => {
    const t = get();
    const c = t.client();
    const list = await c.sip.credentialLists.create({ friendlyName: 'paged' });
    const creds = c.sip.credentialLists(list.sid).credentials;
    const made: string[] = [];
    for (let i = 0; i < 7; i += 1) made.push((await creds.create({ username: `user${i}`, password: `${PASSWORD}${i}` })).sid);
    const newestFirst = (await t.platform.store.credentials.list({ where: { credential_list_sid: list.sid }, pageSize: 10 })).rows.map((r) => r.sid);
    assert.deepEqual([...newestFirst].sort(), [...made].sort());

    const p1 = await creds.page({ pageSize: 3 });
    assert.deepEqual(p1.instances.map((x) => x.sid), newestFirst.slice(0, 3));
    const path = `/2010-04-01/Accounts/${t.accountSid}/SIP/CredentialLists/${list.sid}/Credentials.json`;
    assert.match(String(lastBody(c).next_page_uri), new RegExp(`^${path.replace(/\./g, '\\.')}\\?PageSize=3&Page=1&PageToken=PA\\d+_CR[0-9a-f]{32}$`));
    assertNoPassword(c);
    const p2 = await p1.nextPage();
    assert.deepEqual(p2?.instances.map((x) => x.sid), newestFirst.slice(3, 6));
    const p3 = await p2?.nextPage();
    assert.deepEqual(p3?.instances.map((x) => x.sid), newestFirst.slice(6));
    assert.equal(lastBody(c).next_page_uri, null);

    const http = c.httpClient as LocalHttpClient;
    const before = http.requests.length;
    assert.deepEqual((await creds.list({ pageSize: 3 })).map((x) => x.sid), newestFirst);
    assert.equal(http.requests.length - before, 3, 'three GETs');
    const seen: string[] = [];
    await creds.each({ pageSize: 2 }, (x) => void seen.push(x.sid));
    assert.deepEqual(seen, newestFirst);
  });

  test('weak passwords, bad usernames and a duplicate username are 21243 (a Username over 32 characters 90002) and store nothing', async () => {
    const t = get();
    const c = t.client();
    const list = await c.sip.credentialLists.create({ friendlyName: 'strict' });
    const creds = c.sip.credentialLists(list.sid).credentials;
    for (const weak of ['Short1Pass', 'alllowercase123', 'ALLUPPERCASE123', 'NoDigitsAtAllHere', '']) {
      const e = await rejectsRest(creds.create({ username: 'carol', password: weak }), 400, 21243);
      assert.match(e.message, /Password/);
      if (weak) assert.ok(!e.message.includes(weak), 'the error does not echo the password');
    }
    await rejectsRest(creds.create({ username: 'x'.repeat(33), password: PASSWORD }), 400, 90002);
    for (const username of ['has space', 'quo"te', 'back\\slash', '']) {
      await rejectsRest(creds.create({ username, password: PASSWORD }), 400, 21243);
    }
    assert.equal(await t.platform.store.credentials.count({ credential_list_sid: list.sid }), 0);
    const ok = await creds.create({ username: 'x'.repeat(32), password: PASSWORD });
    await rejectsRest(creds.create({ username: 'x'.repeat(32), password: PASSWORD }), 400, 21243);
    const other = await c.sip.credentialLists.create({ friendlyName: 'other' });
    await c.sip.credentialLists(other.sid).credentials.create({ username: 'x'.repeat(32), password: PASSWORD });
    await rejectsRest(creds(ok.sid).update({ password: 'weakpassword' }), 400, 21243);
    assert.equal((await t.platform.store.credentials.get({ sid: ok.sid }))?.password, PASSWORD);
  });

  test("another account's credential list and credentials are 20404; a credential under another list's path is 20404", async () => {
    const t = get();
    const neighbour = await otherAccount(t);
    const theirList = await neighbour.sip.credentialLists.create({ friendlyName: 'theirs' });
    const theirCred = await neighbour.sip.credentialLists(theirList.sid).credentials.create({ username: 'eve', password: PASSWORD });
    const c = t.client();
    for (const sip of [c.sip, c.api.v2010.accounts(theirList.accountSid).sip]) {
      const l = sip.credentialLists(theirList.sid);
      await rejectsRest(l.fetch(), 404, 20404);
      await rejectsRest(l.update({ friendlyName: 'taken' }), 404, 20404);
      await rejectsRest(l.remove(), 404, 20404);
      await rejectsRest(l.credentials.list(), 404, 20404);
      await rejectsRest(l.credentials.create({ username: 'planted', password: PASSWORD }), 404, 20404);
      await rejectsRest(l.credentials(theirCred.sid).fetch(), 404, 20404);
      await rejectsRest(l.credentials(theirCred.sid).update({ password: 'Hijacked1Password' }), 404, 20404);
      await rejectsRest(l.credentials(theirCred.sid).remove(), 404, 20404);
    }
    const mine = await c.sip.credentialLists.create({ friendlyName: 'mine' });
    await rejectsRest(c.sip.credentialLists(mine.sid).credentials(theirCred.sid).fetch(), 404, 20404);
    const myCred = await c.sip.credentialLists(mine.sid).credentials.create({ username: 'me', password: PASSWORD });
    const second = await c.sip.credentialLists.create({ friendlyName: 'second' });
    await rejectsRest(c.sip.credentialLists(second.sid).credentials(myCred.sid).fetch(), 404, 20404);
    await rejectsRest(c.sip.credentialLists(second.sid).credentials(myCred.sid).remove(), 404, 20404);
    assert.equal((await neighbour.sip.credentialLists(theirList.sid).fetch()).friendlyName, 'theirs');
    assert.equal((await t.platform.store.credentials.get({ sid: theirCred.sid }))?.password, PASSWORD);
    assert.equal(await t.platform.store.credentials.count({ credential_list_sid: theirList.sid }), 1);
  });
}
