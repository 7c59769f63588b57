import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import type twilio from 'twilio';
import { newAccountRow } from '../../../src/store/index.ts';
import type { TestPlatform } from '../../support/platform.ts';
import { assertDate, lastBody, rejectsRest, sidRe } from '../helpers.ts';

type Get = () => TestPlatform;
const U = 'https://app.example.com';
const run = randomBytes(3).toString('hex');
let seq = 0;

/** A domain name no other test of this platform uses. */
export function freshDomain(label = 'd'): string {
  seq += 1;
  return `${label}${seq}-${run}.sip.example.com`;
}

/** Another main account with its own client (for "another account's resource" checks). */
export async function otherAccount(t: TestPlatform): Promise<twilio.Twilio> {
  const row = newAccountRow({ friendlyName: 'SIP neighbour', now: Date.now() });
  await t.platform.store.accounts.insert(row);
  return t.client(row.sid, row.auth_token);
}

export function sipDomainTests(get: Get): void {
  test('create with every field; fetch; update; rename; clear a URL; list; remove', async () => {
    const t = get();
    const c = t.client();
    const name = freshDomain('Every');
    const d = await c.sip.domains.create({
      domainName: name,
      friendlyName: 'front office',
      voiceUrl: `${U}/voice`,
      voiceMethod: 'GET',
      voiceFallbackUrl: `${U}/fallback`,
      voiceFallbackMethod: 'GET',
      voiceStatusCallbackUrl: `${U}/status`,
      voiceStatusCallbackMethod: 'GET',
      sipRegistration: true,
      secure: false,
      emergencyCallingEnabled: false,
    });
    const row = await t.platform.store.sipDomains.get({ sid: d.sid });
    assert.ok(row);
    assert.match(d.sid, sidRe('SD'));
    assert.equal(d.accountSid, t.accountSid);
    assert.equal(d.apiVersion, '2010-04-01');
    assert.equal(d.domainName, name.toLowerCase(), 'domain names are stored lower-cased');
    assert.equal(d.friendlyName, 'front office');
    assert.equal(d.voiceUrl, `${U}/voice`);
    assert.equal(d.voiceMethod, 'GET');
    assert.equal(d.voiceFallbackUrl, `${U}/fallback`);
    assert.equal(d.voiceFallbackMethod, 'GET');
    assert.equal(d.voiceStatusCallbackUrl, `${U}/status`);
    assert.equal(d.voiceStatusCallbackMethod, 'GET');
    assert.equal(d.sipRegistration, true);
    assert.equal(d.authType, '', 'no credential list mapped yet');
    assert.equal(d.secure, false);
    assert.equal(d.emergencyCallingEnabled, false);
    assert.equal(d.byocTrunkSid, null);
    assert.equal(d.emergencyCallerSid, null);
    const base = `/2010-04-01/Accounts/${t.accountSid}/SIP/Domains/${d.sid}`;
    assert.equal(d.uri, `${base}.json`);
    assert.deepEqual(d.subresourceUris, {
      credential_list_mappings: `${base}/CredentialListMappings.json`,
      ip_access_control_list_mappings: `${base}/IpAccessControlListMappings.json`,
      auth: `${base}/Auth.json`,
    });
    assertDate(d.dateCreated, row.date_created);
    assertDate(d.dateUpdated, row.date_updated);

    assert.deepEqual((await c.sip.domains(d.sid).fetch()).toJSON(), d.toJSON());

    const renamed = freshDomain('renamed');
    const updated = await c.sip.domains(d.sid).update({ voiceUrl: '', voiceMethod: 'post', friendlyName: 'back office', domainName: renamed, sipRegistration: false });
    assert.equal(updated.voiceUrl, null, 'an empty URL clears it');
    assert.equal(updated.voiceMethod, 'POST');
    assert.equal(updated.friendlyName, 'back office');
    assert.equal(updated.domainName, renamed);
    assert.equal(updated.sipRegistration, false);
    assert.equal(updated.voiceFallbackUrl, `${U}/fallback`, 'fields not sent are kept');
    assert.ok(updated.dateUpdated.getTime() >= d.dateUpdated.getTime());
    assert.equal((await t.platform.store.sipDomains.get({ sid: d.sid }))?.domain_name, renamed);

    const listed = await c.sip.domains.list();
    assert.ok(listed.some((x) => x.sid === d.sid && x.domainName === renamed));
    assert.ok(Array.isArray(lastBody(c).domains), 'list pages carry the records under "domains"');

    assert.equal(await c.sip.domains(d.sid).remove(), true);
    await rejectsRest(c.sip.domains(d.sid).fetch(), 404, 20404);
    await rejectsRest(c.sip.domains(d.sid).update({ friendlyName: 'x' }), 404, 20404);
    await rejectsRest(c.sip.domains(d.sid).remove(), 404, 20404);
  });

  test('defaults of a bare domain', async () => {
    const c = get().client();
    const d = await c.sip.domains.create({ domainName: freshDomain() });
    assert.equal(d.friendlyName, '');
    assert.equal(d.voiceUrl, null);
    assert.equal(d.voiceMethod, 'POST');
    assert.equal(d.voiceFallbackUrl, null);
    assert.equal(d.voiceFallbackMethod, 'POST');
    assert.equal(d.voiceStatusCallbackUrl, null);
    assert.equal(d.voiceStatusCallbackMethod, 'POST');
    assert.equal(d.sipRegistration, false);
    assert.equal(d.authType, '');
  });

  test('a domain name is unique across the platform, case-insensitively, and free again once deleted', async () => {
    const t = get();
    const c = t.client();
    const name = freshDomain();
    const d = await c.sip.domains.create({ domainName: name });
    await rejectsRest(c.sip.domains.create({ domainName: name }), 400, 21231);
    await rejectsRest(c.sip.domains.create({ domainName: name.toUpperCase() }), 400, 21231);
    const sub = await c.api.v2010.accounts.create({ friendlyName: 'sip sub' });
    await rejectsRest(t.client(sub.sid, sub.authToken).sip.domains.create({ domainName: name }), 400, 21231);
    await rejectsRest((await otherAccount(t)).sip.domains.create({ domainName: name }), 400, 21231);
    const other = await c.sip.domains.create({ domainName: freshDomain() });
    await rejectsRest(c.sip.domains(other.sid).update({ domainName: name }), 400, 21231);
    assert.notEqual((await c.sip.domains(other.sid).fetch()).domainName, name, 'a refused rename changes nothing');
    await c.sip.domains(d.sid).remove();
    const again = await t.client(sub.sid, sub.authToken).sip.domains.create({ domainName: name });
    assert.equal(again.accountSid, sub.sid);
  });

  test('bad values: 21231 DomainName and unsupported features (90002 over 255 characters), 21205 URL, 21209 method, 20002 FriendlyName', async () => {
    const c = get().client();
    for (const bad of ['localhost', 'bad_name.example.com', '-a.example.com', 'a-.example.com', `${'a'.repeat(64)}.example.com`, 'a..example.com', 'a.example.com.', '']) {
      await rejectsRest(c.sip.domains.create({ domainName: bad }), 400, 21231);
    }
    await rejectsRest(c.sip.domains.create({ domainName: `${'a.'.repeat(128)}com` }), 400, 90002);
    await rejectsRest(c.sip.domains.create({ domainName: freshDomain(), secure: true }), 400, 21231);
    await rejectsRest(c.sip.domains.create({ domainName: freshDomain(), emergencyCallingEnabled: true }), 400, 21231);
    await rejectsRest(c.sip.domains.create({ domainName: freshDomain(), voiceUrl: 'ftp://x.example.com/' }), 400, 21205);
    await rejectsRest(c.sip.domains.create({ domainName: freshDomain(), voiceStatusCallbackMethod: 'PUT' }), 400, 21209);
    await rejectsRest(c.sip.domains.create({ domainName: freshDomain(), friendlyName: 'x'.repeat(65) }), 400, 20002);
    const ok = await c.sip.domains.create({ domainName: freshDomain() });
    await rejectsRest(c.sip.domains(ok.sid).update({ domainName: 'nodots' }), 400, 21231);
    await rejectsRest(c.sip.domains(ok.sid).update({ voiceFallbackMethod: 'DELETE' }), 400, 21209);
    assert.equal((await c.sip.domains(ok.sid).fetch()).voiceFallbackMethod, 'POST');
  });

  test("another account's domain is 20404 to fetch, update, delete or map, through either account path", async () => {
    const t = get();
    const neighbour = await otherAccount(t);
    const theirs = await neighbour.sip.domains.create({ domainName: freshDomain() });
    const list = await t.client().sip.credentialLists.create({ friendlyName: 'mine' });
    const c = t.client();
    const ownPath = c.sip.domains(theirs.sid);
    const theirPath = c.api.v2010.accounts(theirs.accountSid).sip.domains(theirs.sid);
    for (const d of [ownPath, theirPath]) {
      await rejectsRest(d.fetch(), 404, 20404);
      await rejectsRest(d.update({ voiceUrl: 'https://evil.example.com/' }), 404, 20404);
      await rejectsRest(d.remove(), 404, 20404);
      await rejectsRest(d.auth.calls.credentialListMappings.create({ credentialListSid: list.sid }), 404, 20404);
      await rejectsRest(d.auth.registrations.credentialListMappings.list(), 404, 20404);
      await rejectsRest(d.credentialListMappings.list(), 404, 20404);
    }
    await rejectsRest(c.api.v2010.accounts(theirs.accountSid).sip.domains.list(), 404, 20404);
    assert.ok(!(await c.sip.domains.list()).some((x) => x.sid === theirs.sid));
    const still = await neighbour.sip.domains(theirs.sid).fetch();
    assert.equal(still.voiceUrl, null);
    assert.equal(await t.platform.store.domainMappings.count({ domain_sid: theirs.sid }), 0);
  });
}

export function sipMappingTests(get: Get): void {
  test('calls and registrations mappings: create, list, fetch, remove; the legacy path is the calls mappings', async () => {
    const t = get();
    const c = t.client();
    const d = await c.sip.domains.create({ domainName: freshDomain(), sipRegistration: true });
    const staff = await c.sip.credentialLists.create({ friendlyName: 'staff' });
    const guests = await c.sip.credentialLists.create({ friendlyName: 'guests' });
    const auth = c.sip.domains(d.sid).auth;

    const reg = await auth.registrations.credentialListMappings.create({ credentialListSid: staff.sid });
    assert.equal(reg.sid, staff.sid, "a mapping's sid is the credential list's");
    assert.equal(reg.friendlyName, 'staff');
    assert.equal(reg.accountSid, t.accountSid);
    assert.ok(reg.dateCreated instanceof Date);
    assert.equal((await c.sip.domains(d.sid).fetch()).authType, '', 'registrations mappings do not authenticate calls');
    assert.deepEqual(await auth.calls.credentialListMappings.list(), []);

    const call = await auth.calls.credentialListMappings.create({ credentialListSid: staff.sid });
    assert.equal(call.sid, staff.sid);
    const legacy = await c.sip.domains(d.sid).credentialListMappings.create({ credentialListSid: guests.sid });
    assert.equal(legacy.sid, guests.sid);
    assert.equal(legacy.domainSid, d.sid);
    assert.equal(legacy.friendlyName, 'guests');
    assert.equal(legacy.uri, `/2010-04-01/Accounts/${t.accountSid}/SIP/Domains/${d.sid}/CredentialListMappings/${guests.sid}.json`);
    assert.equal((await c.sip.domains(d.sid).fetch()).authType, 'CREDENTIAL_LIST');

    const calls = await auth.calls.credentialListMappings.list();
    assert.deepEqual(calls.map((m) => m.sid).sort(), [staff.sid, guests.sid].sort());
    assert.ok(Array.isArray(lastBody(c).contents), 'Auth/* lists carry the records under "contents"');
    const legacyList = await c.sip.domains(d.sid).credentialListMappings.list();
    assert.deepEqual(legacyList.map((m) => m.sid).sort(), [staff.sid, guests.sid].sort());
    assert.ok(Array.isArray(lastBody(c).credential_list_mappings));
    assert.deepEqual((await auth.registrations.credentialListMappings.list()).map((m) => m.sid), [staff.sid]);

    assert.equal((await auth.calls.credentialListMappings(guests.sid).fetch()).friendlyName, 'guests');
    assert.equal((await c.sip.domains(d.sid).credentialListMappings(staff.sid).fetch()).domainSid, d.sid);
    await rejectsRest(auth.registrations.credentialListMappings(guests.sid).fetch(), 404, 20404);

    assert.equal(await c.sip.domains(d.sid).credentialListMappings(guests.sid).remove(), true);
    await rejectsRest(auth.calls.credentialListMappings(guests.sid).fetch(), 404, 20404);
    await rejectsRest(auth.calls.credentialListMappings(guests.sid).remove(), 404, 20404);
    assert.equal(await auth.calls.credentialListMappings(staff.sid).remove(), true);
    assert.equal((await c.sip.domains(d.sid).fetch()).authType, '');
    assert.deepEqual((await auth.registrations.credentialListMappings.list()).map((m) => m.sid), [staff.sid], 'the registrations mapping stays');
  });

  test('a duplicate mapping is 400 (not 500); an unknown or foreign credential list is 20404', async () => {
    const t = get();
    const c = t.client();
    const d = await c.sip.domains.create({ domainName: freshDomain() });
    const list = await c.sip.credentialLists.create({ friendlyName: 'dup' });
    const auth = c.sip.domains(d.sid).auth;
    await auth.calls.credentialListMappings.create({ credentialListSid: list.sid });
    await rejectsRest(auth.calls.credentialListMappings.create({ credentialListSid: list.sid }), 400, 21231);
    await rejectsRest(c.sip.domains(d.sid).credentialListMappings.create({ credentialListSid: list.sid }), 400, 21231);
    await auth.registrations.credentialListMappings.create({ credentialListSid: list.sid });
    await rejectsRest(auth.registrations.credentialListMappings.create({ credentialListSid: list.sid }), 400, 21231);
    assert.equal(await t.platform.store.domainMappings.count({ domain_sid: d.sid }), 2);

    await rejectsRest(auth.calls.credentialListMappings.create({ credentialListSid: `CL${'0'.repeat(32)}` }), 404, 20404);
    const foreign = await (await otherAccount(t)).sip.credentialLists.create({ friendlyName: 'not yours' });
    await rejectsRest(auth.calls.credentialListMappings.create({ credentialListSid: foreign.sid }), 404, 20404);
    await rejectsRest(auth.registrations.credentialListMappings.create({ credentialListSid: foreign.sid }), 404, 20404);
    await rejectsRest(auth.calls.credentialListMappings.create({ credentialListSid: 'CL1' }), 400, 90002);
    const sub = await c.api.v2010.accounts.create({ friendlyName: 'sip mapping sub' });
    const subList = await t.client(sub.sid, sub.authToken).sip.credentialLists.create({ friendlyName: "sub's" });
    await rejectsRest(auth.calls.credentialListMappings.create({ credentialListSid: subList.sid }), 404, 20404);
    assert.equal(await t.platform.store.domainMappings.count({ domain_sid: d.sid }), 2);
  });

  test('deleting a domain deletes its mappings, not its credential lists', async () => {
    const t = get();
    const c = t.client();
    const d = await c.sip.domains.create({ domainName: freshDomain() });
    const list = await c.sip.credentialLists.create({ friendlyName: 'kept' });
    await c.sip.domains(d.sid).auth.calls.credentialListMappings.create({ credentialListSid: list.sid });
    await c.sip.domains(d.sid).auth.registrations.credentialListMappings.create({ credentialListSid: list.sid });
    assert.equal(await t.platform.store.domainMappings.count({ domain_sid: d.sid }), 2);
    await c.sip.domains(d.sid).remove();
    assert.equal(await t.platform.store.domainMappings.count({ domain_sid: d.sid }), 0);
    assert.equal((await c.sip.credentialLists(list.sid).fetch()).friendlyName, 'kept');
    await rejectsRest(c.sip.domains(d.sid).auth.calls.credentialListMappings(list.sid).fetch(), 404, 20404);
  });
}
