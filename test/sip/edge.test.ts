import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newSid, realScheduler } from '../../src/core/index.ts';
import { createTransports } from '../../src/sip/transport/index.ts';
import { UserAgent } from '../../src/sip/ua/index.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

const SDP = Buffer.from('v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n');

async function caller() {
  const transport = await createTransports({ host: '127.0.0.1', port: 0 });
  return new UserAgent({ transport, scheduler: realScheduler(), host: '127.0.0.1', port: transport.local.port });
}

function dial(ua: UserAgent, port: number, from: string, credentials?: { username: string; password: string }) {
  const call = ua.invite({ uri: `sip:+15551230000@127.0.0.1:${port}`, target: { transport: 'udp', address: '127.0.0.1', port }, from, sdp: SDP, ...(credentials ? { credentials } : {}) });
  const statuses: number[] = [];
  call.on('message', ({ direction, message }) => direction === 'in' && message.type === 'response' && statuses.push(message.status));
  return new Promise<number[]>((resolve) => call.on('failed', () => resolve(statuses)));
}

async function addDomain(t: TestPlatform, name: string, kind: 'calls' | 'registrations', username: string, password: string) {
  const store = t.platform.store;
  const base = { account_sid: t.accountSid, date_created: Date.now(), date_updated: Date.now() };
  const domain = { sid: newSid('SD'), domain_name: name, friendly_name: name, voice_url: null, voice_method: 'POST', voice_fallback_url: null, voice_fallback_method: 'POST',
    voice_status_callback_url: null, voice_status_callback_method: 'POST', sip_registration: 1, ...base };
  await store.sipDomains.insert(domain);
  const list = { sid: newSid('CL'), friendly_name: 'staff', ...base };
  await store.credentialLists.insert(list);
  await store.credentials.insert({ sid: newSid('CR'), credential_list_sid: list.sid, username, password, ...base });
  await store.domainMappings.insert({ sid: newSid('MP'), domain_sid: domain.sid, credential_list_sid: list.sid, kind, ...base });
}

describe('SIP edge admission', () => {
  let t: TestPlatform;
  let ua: UserAgent;
  before(async () => {
    t = await startTestPlatform();
    ua = await caller();
    await addDomain(t, 'acme.sip.test', 'calls', 'alice', 'pa55word');
  });
  after(async () => {
    await ua.close();
    await t.close();
  });

  it('an INVITE from an address no trunk allows, not from a known domain, gets 403', async () => {
    assert.deepEqual(await dial(ua, t.platform.sip.port, '<sip:mallory@evil.test>'), [403]);
  });

  it('a SIP-domain endpoint is challenged (407); a wrong password stays refused; the right one is admitted (404: no route yet)', async () => {
    assert.deepEqual(await dial(ua, t.platform.sip.port, '<sip:alice@acme.sip.test>'), [407]);
    assert.deepEqual(await dial(ua, t.platform.sip.port, '<sip:alice@acme.sip.test>', { username: 'alice', password: 'nope' }), [407, 407]);
    assert.deepEqual(await dial(ua, t.platform.sip.port, '<sip:alice@acme.sip.test>', { username: 'alice', password: 'pa55word' }), [407, 404]);
  });
});

describe('SIP edge with a trunk', () => {
  it('admits INVITEs from the trunk’s allowed addresses (404 until numbers route)', async () => {
    const t = await startTestPlatform({ env: { SWITCHBOARD_TRUNKS: JSON.stringify([{ name: 'carrier', outboundUri: 'sip:127.0.0.1:5999', allowedAddresses: ['127.0.0.0/8'] }]) } });
    const ua = await caller();
    try {
      assert.deepEqual(await dial(ua, t.platform.sip.port, '<sip:+15557650000@carrier.test>'), [404]);
    } finally {
      await ua.close();
      await t.close();
    }
  });
});
