// Acceptance (issue 5, second point, the endpoint half): client.calls.create() through the SDK
// calls a baresip registered on a SIP domain (domain, credential list, credential and the
// registrations mapping all made through the SDK). baresip answers, hears the TwiML's speech, and
// the status callbacks initiated → ringing → answered → completed arrive in order, signed; with
// Record=true the whole call is recorded in two channels.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { wavToPcm8k } from '../../src/media/player/index.ts';
import { makeToneWav, rmsDbfs } from '../support/audio.ts';
import { requireBaresip, startBaresip, type Baresip } from '../support/baresip.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startTwilioApp, waitFor, type TwilioApp } from '../support/twilio-app.ts';

const DOMAIN = 'lab.sip.test';
const PASSWORD = 'Alice1Password';

let t: TestPlatform;
let app: TwilioApp;
let dir = '';

before(async () => {
  requireBaresip();
  t = await startTestPlatform({ env: { SWITCHBOARD_MEDIA_WORKERS: '1', SWITCHBOARD_RTP_PORT_MIN: '37000', SWITCHBOARD_RTP_PORT_MAX: '37199' } });
  app = await startTwilioApp(t.authToken, { '/status': () => ({ status: 204 }) });
  dir = mkdtempSync(join(tmpdir(), 'sb-client-'));
});

after(async () => {
  await app.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

test('calls.create to client:alice rings the baresip registered on the account’s SIP domain', async () => {
  const client = t.client();
  const domain = await client.sip.domains.create({ domainName: DOMAIN, sipRegistration: true });
  const list = await client.sip.credentialLists.create({ friendlyName: 'lab phones' });
  await client.sip.credentialLists(list.sid).credentials.create({ username: 'alice', password: PASSWORD });
  await client.sip.domains(domain.sid).auth.registrations.credentialListMappings.create({ credentialListSid: list.sid });

  const tone = join(dir, 'tone.wav');
  makeToneWav(tone, 800, 20);
  const recDir = join(dir, 'rec');
  mkdirSync(recDir);
  let phone: Baresip | undefined;
  try {
    phone = await startBaresip({ audioSource: tone, recordDir: recDir });
    await phone.addAccount({
      aor: `sip:alice@${DOMAIN}`, password: PASSWORD, outbound: `sip:127.0.0.1:${t.platform.sip.port}`, regint: 600, params: { answermode: 'auto' },
    });
    const reg = await phone.waitEvent((e) => e.type === 'REGISTER_OK' || e.type === 'REGISTER_FAIL', 10_000);
    assert.equal(reg.type, 'REGISTER_OK');

    const call = await client.calls.create({
      to: 'client:alice',
      from: '+15551230000',
      twiml: '<Response><Say>Hello Alice, this is a call from Switchboard.</Say><Pause length="1"/></Response>',
      statusCallback: `${app.url}/status`,
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      timeout: 15,
      record: true,
      recordingChannels: 'dual',
    });
    assert.equal(call.status, 'queued');
    assert.equal(call.direction, 'outbound-api');
    await phone.waitEvent('CALL_ESTABLISHED', 10_000);
    await phone.waitEvent('CALL_CLOSED', 20_000);
    await waitFor('the completed callback', () => app.hits.some((h) => h.body.CallStatus === 'completed'), 10_000);
    const callbacks = app.hits.map((h) => h.body);

    assert.deepEqual(callbacks.map((c) => c.CallStatus), ['initiated', 'ringing', 'in-progress', 'completed']);
    assert.deepEqual(callbacks.map((c) => c.SequenceNumber), ['0', '1', '2', '3']);
    for (const c of callbacks) {
      assert.equal(c.CallSid, call.sid);
      assert.equal(c.AccountSid, t.accountSid);
      assert.equal(c.To, 'client:alice');
      assert.equal(c.Direction, 'outbound-api');
      assert.equal(c.CallbackSource, 'call-progress-events');
    }
    assert.ok(Number(callbacks[3]!.CallDuration) >= 2, `CallDuration ${callbacks[3]!.CallDuration}`);
    const done = await client.calls(call.sid).fetch();
    assert.equal(done.status, 'completed');

    // Record=true: the whole call, two channels, baresip's 800 Hz tone in the first.
    let recordings = await client.recordings.list({ callSid: call.sid });
    for (let i = 0; i < 40 && recordings[0]?.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      recordings = await client.recordings.list({ callSid: call.sid });
    }
    assert.equal(recordings.length, 1);
    assert.equal(recordings[0]!.source, 'OutboundAPI');
    assert.equal(recordings[0]!.channels, 2);
    assert.ok(Number(recordings[0]!.duration) >= 2, `recording duration ${recordings[0]!.duration}`);

    const dec = readdirSync(recDir).find((f) => f.endsWith('-dec.wav'));
    assert.ok(dec, 'baresip recorded what it received');
    const heard = wavToPcm8k(readFileSync(join(recDir, dec)));
    assert.ok(heard.length >= 8000 * 2, `heard ${(heard.length / 8000).toFixed(1)} s`);
    assert.ok(rmsDbfs(heard.subarray(0, 16000)) > -45, 'baresip heard the speech');
  } finally {
    await phone?.close();
  }
});
