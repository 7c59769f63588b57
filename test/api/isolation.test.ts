import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type twilio from 'twilio';
import { newAccountRow } from '../../src/store/index.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { callRow, nextNumber, rejectsRest, snapshot } from './helpers.ts';

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
  return { name, sid, token, number: number.sid, phone, app: app.sid, key: key.sid, secret: key.secret, call: call.sid };
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
  const baseline = await snapshot(t.platform.store);
  for (const op of ops) {
    await rejectsRest(op.run(), 404, 20404).catch((e: unknown) => {
      throw new Error(`${op.label}: ${(e as Error).message}`);
    });
    assert.deepEqual(await snapshot(t.platform.store), baseline, `${op.label} changed the store`);
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
      ];
      assert.deepEqual([...seen].sort(), [actor.number, actor.app, actor.call, actor.key].sort(), `${actor.name} sees only its own rows`);
      for (const o of others) {
        assert.deepEqual(await c.incomingPhoneNumbers.list({ phoneNumber: o.phone }), [], `${actor.name} cannot find ${o.name}'s number by filter`);
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
