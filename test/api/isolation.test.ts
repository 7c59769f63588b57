import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { newSid } from '../../src/core/index.ts';
import { LocalRecordingStorage } from '../../src/media/recorder/index.ts';
import { newAccountRow } from '../../src/store/index.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { callRow, nextNumber, notificationRow, raw, recordingRow, rejectsRest, snapshot } from './helpers.ts';

// Tenant isolation: two main accounts (A, B), and A's subaccounts A1 and A2. Every cross-tenant
// read, change or delete is 404 / 20404 (never 403, which would confirm the SID exists), and
// leaves every table exactly as it was.

interface Tenant {
  name: string;
  sid: string;
  token: string;
  number: string;
  phone: string;
  app: string;
  key: string;
  secret: string;
  call: string;
  notification: string;
  recording: string;
  /** The recording's audio in the platform's recording storage. */
  media: string;
}

interface Op {
  label: string;
  run(): Promise<unknown>;
}

let t: TestPlatform;
const tenants: Record<'A' | 'B' | 'A1' | 'A2', Tenant> = {} as Record<'A' | 'B' | 'A1' | 'A2', Tenant>;

async function provision(name: string, sid: string, token: string): Promise<Tenant> {
  const c = t.client(sid, token);
  const app = await c.applications.create({ friendlyName: `${name} app`, voiceUrl: `https://${name}.example.com/voice` });
  const phone = nextNumber();
  const number = await c.incomingPhoneNumbers.create({ phoneNumber: phone, voiceApplicationSid: app.sid, friendlyName: `${name} number` });
  const key = await c.newKeys.create({ friendlyName: `${name} key` });
  const call = callRow(sid, Date.now());
  await t.platform.store.calls.insert(call);
  const notification = notificationRow(sid, Date.now(), { call_sid: call.sid });
  await t.platform.store.notifications.insert(notification);
  const media = newSid('RE');
  const writer = await storage().create(media, { sampleRate: 8000, channels: 1, encoding: 'pcm16' });
  writer.write(new Int16Array(800).fill(1000));
  await writer.finalize();
  const recording = recordingRow(sid, Date.now(), { call_sid: call.sid, media_key: media });
  await t.platform.store.recordings.insert(recording);
  return {
    name, sid, token, number: number.sid, phone, app: app.sid, key: key.sid, secret: key.secret, call: call.sid,
    notification: notification.sid, recording: recording.sid, media,
  };
}

const storage = () => new LocalRecordingStorage(join(t.platform.config.dataDir, 'recordings'), { fsync: false });

/** A plain request with the actor's credentials (what the SDK cannot send: notification DELETE, media), failing as the SDK would. */
async function rawRest(actor: twilio.Twilio, method: string, path: string): Promise<unknown> {
  const res = await raw(t, method, `/2010-04-01/${path}`, { auth: `${actor.username ?? ''}:${actor.password ?? ''}` });
  if (res.status >= 400) throw new twilio.RestException({ statusCode: res.status, body: res.text });
  return res.status;
}

/** The store snapshot plus the tables and files it leaves out (notifications, recordings and their audio). */
async function snapshotAll(): Promise<Record<string, unknown[]>> {
  const all = { pageSize: 100_000 };
  const media = await Promise.all(Object.values(tenants).map(async (x) => [x.media, await storage().exists(x.media)]));
  return {
    ...(await snapshot(t.platform.store)),
    notifications: (await t.platform.store.notifications.list(all)).rows,
    recordings: (await t.platform.store.recordings.list(all)).rows,
    media,
  };
}

const clientOf = (x: Tenant): twilio.Twilio => t.client(x.sid, x.token);

/** Everything one may try on another tenant's resources, through the account path `pathSid`. */
function attacks(actor: twilio.Twilio, pathSid: string, victim: Tenant, withKeys: boolean): Op[] {
  const acc = actor.api.v2010.accounts(pathSid);
  const at = `Accounts/${pathSid}`;
  const ops: Op[] = [
    { label: `${at} fetch number`, run: () => acc.incomingPhoneNumbers(victim.number).fetch() },
    { label: `${at} update number`, run: () => acc.incomingPhoneNumbers(victim.number).update({ voiceUrl: 'https://evil.example.com/', friendlyName: 'taken' }) },
    { label: `${at} move number`, run: () => acc.incomingPhoneNumbers(victim.number).update({ accountSid: pathSid }) },
    { label: `${at} delete number`, run: () => acc.incomingPhoneNumbers(victim.number).remove() },
    { label: `${at} fetch application`, run: () => acc.applications(victim.app).fetch() },
    { label: `${at} update application`, run: () => acc.applications(victim.app).update({ voiceUrl: 'https://evil.example.com/' }) },
    { label: `${at} delete application`, run: () => acc.applications(victim.app).remove() },
    { label: `${at} fetch call`, run: () => acc.calls(victim.call).fetch() },
    { label: `${at} fetch notification`, run: () => acc.notifications(victim.notification).fetch() },
    { label: `${at} fetch notification under the call`, run: () => acc.calls(victim.call).notifications(victim.notification).fetch() },
    { label: `${at} delete notification`, run: () => rawRest(actor, 'DELETE', `${at}/Notifications/${victim.notification}.json`) },
    { label: `${at} fetch recording`, run: () => acc.recordings(victim.recording).fetch() },
    { label: `${at} fetch recording under the call`, run: () => acc.calls(victim.call).recordings(victim.recording).fetch() },
    { label: `${at} delete recording`, run: () => acc.recordings(victim.recording).remove() },
    { label: `${at} delete recording under the call`, run: () => acc.calls(victim.call).recordings(victim.recording).remove() },
    { label: `${at} recording .wav`, run: () => rawRest(actor, 'GET', `${at}/Recordings/${victim.recording}.wav`) },
    { label: `${at} recording media_url`, run: () => rawRest(actor, 'GET', `${at}/Recordings/${victim.recording}`) },
    { label: `${at} recording .mp3`, run: () => rawRest(actor, 'GET', `${at}/Recordings/${victim.recording}.mp3`) },
  ];
  if (withKeys) {
    ops.push(
      { label: `${at} fetch key`, run: () => acc.keys(victim.key).fetch() },
      { label: `${at} update key`, run: () => acc.keys(victim.key).update({ friendlyName: 'taken' }) },
      { label: `${at} delete key`, run: () => acc.keys(victim.key).remove() },
    );
  }
  return ops;
}

/** Each op must be 404/20404 and change nothing anywhere. */
async function expectAllNotFound(ops: Op[]): Promise<void> {
  const baseline = await snapshotAll();
  for (const op of ops) {
    await rejectsRest(op.run(), 404, 20404).catch((e: unknown) => {
      throw new Error(`${op.label}: ${(e as Error).message}`);
    });
    assert.deepEqual(await snapshotAll(), baseline, `${op.label} changed the store`);
  }
}

/** The victim still sees its resources as they were (positive control: the SIDs do exist). */
async function ownerStillHas(victim: Tenant): Promise<void> {
  const c = clientOf(victim);
  const n = await c.incomingPhoneNumbers(victim.number).fetch();
  assert.equal(n.friendlyName, `${victim.name} number`);
  assert.equal(n.voiceApplicationSid, victim.app);
  assert.equal((await c.applications(victim.app).fetch()).voiceUrl, `https://${victim.name}.example.com/voice`);
  assert.equal((await c.keys(victim.key).fetch()).friendlyName, `${victim.name} key`);
  assert.equal((await c.calls(victim.call).fetch()).accountSid, victim.sid);
  assert.equal((await c.notifications(victim.notification).fetch()).callSid, victim.call);
  const { mediaUrl } = await c.recordings(victim.recording).fetch();
  assert.equal((await rawRest(c, 'GET', `${new URL(mediaUrl).pathname.replace('/2010-04-01/', '')}.wav`)), 200);
}

describe('tenant isolation through the twilio SDK', () => {
  before(async () => {
    t = await startTestPlatform();
    const c = t.client();
    const bRow = newAccountRow({ friendlyName: 'Tenant B', now: Date.now() });
    await t.platform.store.accounts.insert(bRow);
    const a1 = await c.api.v2010.accounts.create({ friendlyName: 'A1' });
    const a2 = await c.api.v2010.accounts.create({ friendlyName: 'A2' });
    tenants.A = await provision('a', t.accountSid, t.authToken);
    tenants.B = await provision('b', bRow.sid, bRow.auth_token);
    tenants.A1 = await provision('a1', a1.sid, a1.authToken);
    tenants.A2 = await provision('a2', a2.sid, a2.authToken);
  });
  after(async () => {
    await t.close();
  });

  const pairs: [keyof typeof tenants, keyof typeof tenants][] = [
    ['A', 'B'],
    ['B', 'A'],
    ['B', 'A1'],
    ['A1', 'A'],
    ['A1', 'A2'],
    ['A1', 'B'],
  ];
  for (const [actorName, victimName] of pairs) {
    test(`${actorName} can neither read, change nor delete ${victimName}'s numbers, applications, keys and calls`, async () => {
      const actor = tenants[actorName];
      const victim = tenants[victimName];
      const client = clientOf(actor);
      await expectAllNotFound([...attacks(client, victim.sid, victim, true), ...attacks(client, actor.sid, victim, true)]);
      await ownerStillHas(victim);
    });
  }

  test("a parent reaches a subaccount's resources only through the subaccount's path", async () => {
    const { A, A1 } = tenants;
    await expectAllNotFound(attacks(clientOf(A), A.sid, A1, true));
    const c = clientOf(A);
    assert.equal((await c.api.v2010.accounts(A1.sid).incomingPhoneNumbers(A1.number).fetch()).sid, A1.number);
    assert.equal((await c.api.v2010.accounts(A1.sid).calls(A1.call).fetch()).sid, A1.call);
  });

  test("API keys used with another tenant's SID as accountSid are 20404 and change nothing", async () => {
    const { A, B, A1 } = tenants;
    const keyOfA = t.client(A.key, A.secret, B.sid);
    await expectAllNotFound([
      ...attacks(keyOfA, B.sid, B, false),
      { label: 'list B numbers', run: () => keyOfA.incomingPhoneNumbers.list() },
      { label: 'list B calls', run: () => keyOfA.calls.list() },
      { label: 'create in B', run: () => keyOfA.applications.create({ friendlyName: 'planted' }) },
    ]);
    const keyOfA1 = t.client(A1.key, A1.secret, A.sid);
    await expectAllNotFound([...attacks(keyOfA1, A.sid, A, false), { label: 'A1 key lists A apps', run: () => keyOfA1.applications.list() }]);
    const keyOfB = t.client(B.key, B.secret, A.sid);
    await expectAllNotFound(attacks(keyOfB, A.sid, A, false));
    await ownerStillHas(B);
    await ownerStillHas(A);
  });

  test("accounts: another tenant's account, a parent and a sibling are 20404 to fetch or update", async () => {
    const { A, B, A1, A2 } = tenants;
    const probe = (actor: Tenant, victim: Tenant): Op[] => {
      const acc = clientOf(actor).api.v2010.accounts(victim.sid);
      const at = `${actor.name} → ${victim.name}`;
      return [
        { label: `${at} fetch`, run: () => acc.fetch() },
        { label: `${at} rename`, run: () => acc.update({ friendlyName: 'taken' }) },
        { label: `${at} suspend`, run: () => acc.update({ status: 'suspended' }) },
        { label: `${at} close`, run: () => acc.update({ status: 'closed' }) },
      ];
    };
    await expectAllNotFound([...probe(A, B), ...probe(B, A), ...probe(B, A1), ...probe(A1, A), ...probe(A1, A2), ...probe(A2, A1), ...probe(A1, B)]);
    for (const x of [A, B, A1, A2]) assert.equal((await clientOf(x).api.v2010.accounts(x.sid).fetch()).status, 'active');
  });

  test("listing another tenant's collections is 20404; own lists never contain other tenants' rows", async () => {
    const { A, B, A1, A2 } = tenants;
    const lists = (actor: Tenant, victim: Tenant): Op[] => {
      const acc = clientOf(actor).api.v2010.accounts(victim.sid);
      const at = `${actor.name} lists ${victim.name}`;
      return [
        { label: `${at} numbers`, run: () => acc.incomingPhoneNumbers.list() },
        { label: `${at} applications`, run: () => acc.applications.list() },
        { label: `${at} calls`, run: () => acc.calls.list() },
        { label: `${at} keys`, run: () => acc.keys.list() },
        { label: `${at} notifications`, run: () => acc.notifications.list() },
        { label: `${at} recordings`, run: () => acc.recordings.list() },
        { label: `${at} call notifications`, run: () => acc.calls(victim.call).notifications.list() },
        { label: `${at} call recordings`, run: () => acc.calls(victim.call).recordings.list() },
        { label: `${at} numbers by PhoneNumber`, run: () => acc.incomingPhoneNumbers.list({ phoneNumber: victim.phone }) },
      ];
    };
    await expectAllNotFound([...lists(A, B), ...lists(B, A), ...lists(A1, A), ...lists(A1, A2), ...lists(A2, B)]);

    for (const actor of [A, B, A1, A2]) {
      const c = clientOf(actor);
      const others = [A, B, A1, A2].filter((x) => x !== actor);
      const seen = [
        ...(await c.incomingPhoneNumbers.list()).map((x) => x.sid),
        ...(await c.applications.list()).map((x) => x.sid),
        ...(await c.calls.list()).map((x) => x.sid),
        ...(await c.keys.list()).map((x) => x.sid),
        ...(await c.notifications.list()).map((x) => x.sid),
        ...(await c.recordings.list()).map((x) => x.sid),
      ];
      const own = [actor.number, actor.app, actor.call, actor.key, actor.notification, actor.recording];
      assert.deepEqual([...seen].sort(), own.sort(), `${actor.name} sees only its own rows`);
      for (const o of others) {
        assert.deepEqual(await c.incomingPhoneNumbers.list({ phoneNumber: o.phone }), [], `${actor.name} cannot find ${o.name}'s number by filter`);
        assert.deepEqual(await c.recordings.list({ callSid: o.call }), [], `${actor.name} cannot find ${o.name}'s recordings by CallSid`);
        assert.deepEqual(await c.calls(o.call).recordings.list(), [], `${actor.name} lists nothing under ${o.name}'s call`);
        assert.deepEqual(await c.calls(o.call).notifications.list(), [], `${actor.name} lists no notifications under ${o.name}'s call`);
      }
    }
    const accountsSeen = async (x: Tenant) => (await clientOf(x).api.v2010.accounts.list()).map((a) => a.sid).sort();
    assert.deepEqual(await accountsSeen(A), [A.sid, A1.sid, A2.sid].sort());
    assert.deepEqual(await accountsSeen(B), [B.sid]);
    assert.deepEqual(await accountsSeen(A1), [A1.sid]);
  });

  test("nothing can be created in, moved to or linked with another tenant's account", async () => {
    const { A, B, A1, A2 } = tenants;
    const a = clientOf(A);
    const a1 = clientOf(A1);
    await expectAllNotFound([
      { label: 'A creates a number in B', run: () => a.api.v2010.accounts(B.sid).incomingPhoneNumbers.create({ phoneNumber: nextNumber() }) },
      { label: 'A creates an app in B', run: () => a.api.v2010.accounts(B.sid).applications.create({ friendlyName: 'planted' }) },
      { label: 'A creates a key in B', run: () => a.api.v2010.accounts(B.sid).newKeys.create({ friendlyName: 'planted' }) },
      { label: 'A1 creates an app in A', run: () => a1.api.v2010.accounts(A.sid).applications.create({ friendlyName: 'planted' }) },
      { label: 'A1 creates a number in A2', run: () => a1.api.v2010.accounts(A2.sid).incomingPhoneNumbers.create({ phoneNumber: nextNumber() }) },
      { label: 'A moves its number to B', run: () => a.incomingPhoneNumbers(A.number).update({ accountSid: B.sid }) },
      { label: 'A1 moves its number to A', run: () => a1.incomingPhoneNumbers(A1.number).update({ accountSid: A.sid }) },
      { label: 'A1 moves its number to A2', run: () => a1.incomingPhoneNumbers(A1.number).update({ accountSid: A2.sid }) },
    ]);
    const baseline = await snapshot(t.platform.store);
    await rejectsRest(a.incomingPhoneNumbers.create({ phoneNumber: nextNumber(), voiceApplicationSid: B.app }), 400, 21218);
    await rejectsRest(a.incomingPhoneNumbers(A.number).update({ voiceApplicationSid: B.app }), 400, 21218);
    await rejectsRest(a1.incomingPhoneNumbers(A1.number).update({ voiceApplicationSid: A.app }), 400, 21218);
    await rejectsRest(a.incomingPhoneNumbers(A.number).update({ accountSid: A1.sid, voiceApplicationSid: A.app }), 400, 21218);
    assert.deepEqual(await snapshot(t.platform.store), baseline);
    await ownerStillHas(A);
    await ownerStillHas(A1);
  });
});

// SIP domains, credential lists, credentials and their mappings follow the same rules: another
// tenant's are 404 / 20404 through any path and change nothing; its credential lists cannot be
// mapped onto one's own domain.

interface SipTenant {
  name: string;
  sid: string;
  token: string;
  domain: string;
  list: string;
  cred: string;
}

describe('tenant isolation of SIP resources through the twilio SDK', () => {
  let sp: TestPlatform;
  const sipTenants = {} as Record<'A' | 'B' | 'A1', SipTenant>;
  const SIP_PASSWORD = 'Isolation1Password';

  async function sipSnapshot(): Promise<Record<string, unknown[]>> {
    const all = { pageSize: 100_000 };
    const s = sp.platform.store;
    return {
      domains: (await s.sipDomains.list(all)).rows,
      lists: (await s.credentialLists.list(all)).rows,
      credentials: (await s.credentials.list(all)).rows,
      mappings: (await s.domainMappings.list(all)).rows,
    };
  }

  async function sipProvision(name: string, sid: string, token: string): Promise<SipTenant> {
    const c = sp.client(sid, token);
    const domain = await c.sip.domains.create({ domainName: `${name}-${sid.slice(2, 10)}.sip.example.com`, sipRegistration: true, voiceUrl: `https://${name}.example.com/sip` });
    const list = await c.sip.credentialLists.create({ friendlyName: `${name} list` });
    const cred = await c.sip.credentialLists(list.sid).credentials.create({ username: name, password: SIP_PASSWORD });
    await c.sip.domains(domain.sid).auth.calls.credentialListMappings.create({ credentialListSid: list.sid });
    await c.sip.domains(domain.sid).auth.registrations.credentialListMappings.create({ credentialListSid: list.sid });
    return { name, sid, token, domain: domain.sid, list: list.sid, cred: cred.sid };
  }

  const sipClient = (x: SipTenant): twilio.Twilio => sp.client(x.sid, x.token);

  function sipAttacks(actor: twilio.Twilio, pathSid: string, victim: SipTenant, own: SipTenant): Op[] {
    const s = actor.api.v2010.accounts(pathSid).sip;
    const at = `Accounts/${pathSid}`;
    const d = s.domains(victim.domain);
    const l = s.credentialLists(victim.list);
    return [
      { label: `${at} fetch domain`, run: () => d.fetch() },
      { label: `${at} update domain`, run: () => d.update({ voiceUrl: 'https://evil.example.com/', domainName: 'stolen.example.com' }) },
      { label: `${at} delete domain`, run: () => d.remove() },
      { label: `${at} list calls mappings`, run: () => d.auth.calls.credentialListMappings.list() },
      { label: `${at} list registrations mappings`, run: () => d.auth.registrations.credentialListMappings.list() },
      { label: `${at} list legacy mappings`, run: () => d.credentialListMappings.list() },
      { label: `${at} fetch calls mapping`, run: () => d.auth.calls.credentialListMappings(victim.list).fetch() },
      { label: `${at} delete calls mapping`, run: () => d.auth.calls.credentialListMappings(victim.list).remove() },
      { label: `${at} delete registrations mapping`, run: () => d.auth.registrations.credentialListMappings(victim.list).remove() },
      { label: `${at} delete legacy mapping`, run: () => d.credentialListMappings(victim.list).remove() },
      { label: `${at} map own list onto the domain`, run: () => d.auth.registrations.credentialListMappings.create({ credentialListSid: own.list }) },
      { label: `${at} fetch credential list`, run: () => l.fetch() },
      { label: `${at} rename credential list`, run: () => l.update({ friendlyName: 'taken' }) },
      { label: `${at} delete credential list`, run: () => l.remove() },
      { label: `${at} list credentials`, run: () => l.credentials.list() },
      { label: `${at} plant a credential`, run: () => l.credentials.create({ username: 'mallory', password: SIP_PASSWORD }) },
      { label: `${at} fetch credential`, run: () => l.credentials(victim.cred).fetch() },
      { label: `${at} change a password`, run: () => l.credentials(victim.cred).update({ password: 'Hijacked1Password' }) },
      { label: `${at} delete credential`, run: () => l.credentials(victim.cred).remove() },
      { label: `${at} credential through own list`, run: () => s.credentialLists(own.list).credentials(victim.cred).fetch() },
      { label: `${at} map victim list onto own domain`, run: () => actor.sip.domains(own.domain).auth.calls.credentialListMappings.create({ credentialListSid: victim.list }) },
    ];
  }

  async function sipAllNotFound(ops: Op[]): Promise<void> {
    const baseline = await sipSnapshot();
    for (const op of ops) {
      await rejectsRest(op.run(), 404, 20404).catch((e: unknown) => {
        throw new Error(`${op.label}: ${(e as Error).message}`);
      });
      assert.deepEqual(await sipSnapshot(), baseline, `${op.label} changed the SIP tables`);
    }
  }

  async function sipOwnerStillHas(victim: SipTenant): Promise<void> {
    const c = sipClient(victim);
    assert.equal((await c.sip.domains(victim.domain).fetch()).voiceUrl, `https://${victim.name}.example.com/sip`);
    assert.equal((await c.sip.credentialLists(victim.list).fetch()).friendlyName, `${victim.name} list`);
    assert.equal((await c.sip.credentialLists(victim.list).credentials(victim.cred).fetch()).username, victim.name);
    assert.deepEqual((await c.sip.domains(victim.domain).auth.calls.credentialListMappings.list()).map((m) => m.sid), [victim.list]);
    assert.equal((await sp.platform.store.credentials.get({ sid: victim.cred }))?.password, SIP_PASSWORD);
  }

  before(async () => {
    sp = await startTestPlatform();
    const bRow = newAccountRow({ friendlyName: 'SIP tenant B', now: Date.now() });
    await sp.platform.store.accounts.insert(bRow);
    const a1 = await sp.client().api.v2010.accounts.create({ friendlyName: 'SIP A1' });
    sipTenants.A = await sipProvision('a', sp.accountSid, sp.authToken);
    sipTenants.B = await sipProvision('b', bRow.sid, bRow.auth_token);
    sipTenants.A1 = await sipProvision('a1', a1.sid, a1.authToken);
  });
  after(async () => {
    await sp.close();
  });

  const sipPairs: ['A' | 'B' | 'A1', 'A' | 'B' | 'A1'][] = [['A', 'B'], ['B', 'A'], ['A1', 'A'], ['B', 'A1'], ['A1', 'B']];
  for (const [actorName, victimName] of sipPairs) {
    test(`${actorName} can neither read, change, delete nor map ${victimName}'s SIP domains, lists and credentials`, async () => {
      const actor = sipTenants[actorName];
      const victim = sipTenants[victimName];
      const client = sipClient(actor);
      await sipAllNotFound([...sipAttacks(client, victim.sid, victim, actor), ...sipAttacks(client, actor.sid, victim, actor)]);
      await sipOwnerStillHas(victim);
    });
  }

  test("own SIP lists never contain other tenants' rows; a parent reaches a subaccount's only through its path", async () => {
    const { A, B, A1 } = sipTenants;
    for (const x of [A, B, A1]) {
      const c = sipClient(x);
      assert.deepEqual((await c.sip.domains.list()).map((d) => d.sid), [x.domain], `${x.name} sees only its domain`);
      assert.deepEqual((await c.sip.credentialLists.list()).map((l) => l.sid), [x.list], `${x.name} sees only its list`);
    }
    const viaSub = sipClient(A).api.v2010.accounts(A1.sid).sip;
    assert.equal((await viaSub.domains(A1.domain).fetch()).sid, A1.domain);
    assert.equal((await viaSub.credentialLists(A1.list).credentials(A1.cred).fetch()).username, 'a1');
    await sipAllNotFound(sipAttacks(sipClient(A), A.sid, A1, A));
  });

  test("an API key used with another tenant's SID as accountSid is 20404 on SIP resources", async () => {
    const { A, B } = sipTenants;
    const key = await sipClient(A).newKeys.create({ friendlyName: 'sip key' });
    const keyOfA = sp.client(key.sid, key.secret, B.sid);
    await sipAllNotFound([
      ...sipAttacks(keyOfA, B.sid, B, A),
      { label: 'key lists B domains', run: () => keyOfA.sip.domains.list() },
      { label: 'key creates a domain in B', run: () => keyOfA.sip.domains.create({ domainName: 'planted.sip.example.com' }) },
      { label: 'key creates a list in B', run: () => keyOfA.sip.credentialLists.create({ friendlyName: 'planted' }) },
    ]);
    await sipOwnerStillHas(B);
  });
});
