import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FakeScheduler, newSid } from '../core/index.ts';
import { createStore, type Store } from '../store/index.ts';
import { purgeExpiredRegistrations, storeLocation, storeSipDirectory } from './location.ts';

let store: Store;
let dir: string;
const clock = new FakeScheduler(1_800_000_000_000);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-loc-'));
  store = createStore(`sqlite:${join(dir, 'db')}`);
  await store.migrate();
  const t = clock.now();
  const base = { account_sid: 'AC1', date_created: t, date_updated: t };
  const domain = { sid: newSid('SD'), domain_name: 'acme.sip.test', friendly_name: 'acme', voice_url: null, voice_method: 'POST', voice_fallback_url: null,
    voice_fallback_method: 'POST', voice_status_callback_url: null, voice_status_callback_method: 'POST', sip_registration: 1, ...base };
  await store.sipDomains.insert(domain);
  const list = { sid: newSid('CL'), friendly_name: 'staff', ...base };
  await store.credentialLists.insert(list);
  await store.credentials.insert({ sid: newSid('CR'), credential_list_sid: list.sid, username: 'alice', password: 'pw1', ...base });
  await store.domainMappings.insert({ sid: newSid('MP'), domain_sid: domain.sid, credential_list_sid: list.sid, kind: 'registrations', ...base });
});
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

test('the directory resolves a registering domain and its mapped credentials only', async () => {
  const dir = storeSipDirectory(store);
  const reg = await dir.resolveDomain('acme.sip.test', 'registrations');
  assert.equal(reg?.accountSid, 'AC1');
  assert.deepEqual(await reg?.lookup('alice', 'acme.sip.test'), { password: 'pw1' });
  assert.equal(await reg?.lookup('mallory', 'acme.sip.test'), undefined);
  assert.equal(await (await dir.resolveDomain('acme.sip.test', 'calls'))?.lookup('alice', 'acme.sip.test'), undefined, 'not mapped for calls');
  assert.equal(await dir.resolveDomain('other.test', 'registrations'), undefined);
});

test('bindings are saved, updated in place, listed by q, removed and purged when lapsed', async () => {
  const loc = storeLocation(store, clock);
  const aor = 'alice@acme.sip.test';
  const b = { contact: 'sip:alice@127.0.0.1:5062', expiresAt: clock.now() + 60_000, callId: 'c1', cseq: 1, q: 500, source: 'udp:127.0.0.1:5062', userAgent: 'ua' };
  await loc.save('AC1', aor, b);
  await loc.save('AC1', aor, { ...b, cseq: 2, expiresAt: clock.now() + 120_000 });
  await loc.save('AC1', aor, { ...b, contact: 'sip:alice@127.0.0.1:5064', q: 1000 });
  const listed = await loc.list(aor, clock.now());
  assert.deepEqual(listed.map((x) => [x.contact, x.cseq]), [['sip:alice@127.0.0.1:5064', 1], ['sip:alice@127.0.0.1:5062', 2]]);
  await loc.remove(aor, 'sip:alice@127.0.0.1:5064');
  assert.equal((await loc.list(aor, clock.now())).length, 1);
  clock.advance(121_000);
  assert.equal((await loc.list(aor, clock.now())).length, 0);
  assert.equal(await purgeExpiredRegistrations(store, clock.now()), 1);
  assert.equal(await store.registrations.count({}), 0);
});
