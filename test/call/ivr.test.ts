// Acceptance (issue 5, first point): an app written with the official twilio package —
// VoiceResponse for TwiML, twilio.webhook() validating every request's signature — answers a
// baresip call to a number with Say + Gather numDigits=3; baresip hears the prompt, sends 1 2 3
// as RFC 4733, the action gets Digits=123; the next document Records 3 s of baresip's tone, and
// the recording is fetched through the SDK and downloaded as WAV with the tone intact.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { wavToPcm8k } from '../../src/media/player/index.ts';
import { dominantFrequency, makeToneWav, rmsDbfs } from '../support/audio.ts';
import { startBaresip, type Baresip } from '../support/baresip.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startTwilioApp, twiml, type TwilioApp } from '../support/twilio-app.ts';

const NUMBER = '+15551230000';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t: TestPlatform;
let app: TwilioApp;
let dir = '';

before(async () => {
  t = await startTestPlatform({
    env: {
      SWITCHBOARD_TRUNKS: JSON.stringify([{ name: 'lab', outboundUri: 'sip:127.0.0.1:5999', transport: 'udp', allowedAddresses: ['127.0.0.1/32'], maxCps: 10, maxConcurrent: 10 }]),
      SWITCHBOARD_MEDIA_WORKERS: '1',
      SWITCHBOARD_RTP_PORT_MIN: '34000',
      SWITCHBOARD_RTP_PORT_MAX: '34199',
    },
  });
  app = await startTwilioApp(t.authToken, {
    '/voice': twiml((r) => {
      const g = r.gather({ numDigits: 3, action: '/digits', timeout: 10 });
      g.say({ voice: 'woman', language: 'en-US' }, 'Welcome to the lab. Please enter your three digit code now.');
      r.say('We did not receive your code.');
    }),
    '/digits': twiml((r) => r.record({ maxLength: 3, playBeep: false, trim: 'do-not-trim', action: '/recorded', finishOnKey: '' })),
    '/recorded': twiml((r) => r.hangup()),
  });
  dir = mkdtempSync(join(tmpdir(), 'sb-ivr-'));
});

after(async () => {
  await app.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

test('baresip → number → Say + Gather → Digits=123 → Record 3 s → recording fetched through the SDK', async () => {
  const client = t.client();
  await client.incomingPhoneNumbers.create({ phoneNumber: NUMBER, voiceUrl: `${app.url}/voice` });
  const tone = join(dir, 'tone.wav');
  makeToneWav(tone, 1000, 30);
  const recDir = join(dir, 'rec');
  mkdirSync(recDir);
  let phone: Baresip | undefined;
  try {
    phone = await startBaresip({ audioSource: tone, recordDir: recDir });
    await phone.addAccount({ aor: 'sip:alice@127.0.0.1', outbound: `sip:127.0.0.1:${t.platform.sip.port}`, regint: 0 });
    await phone.command('dial', `sip:${NUMBER}@127.0.0.1:${t.platform.sip.port}`);
    await phone.waitEvent('CALL_ESTABLISHED', 10_000);
    // Let the prompt play a while (the Gather interrupts it at the first digit), then key the code.
    await sleep(2500);
    await phone.command('sndcode', '123');
    await phone.waitEvent('CALL_CLOSED', 20_000);
  } finally {
    await phone?.close();
  }

  // The app saw the call, then the digits, then the recording — every request signed (webhook() let them through).
  const hits = app.hits;
  assert.deepEqual(hits.map((h) => h.path), ['/voice', '/digits', '/recorded']);
  const first = hits[0]!.body;
  assert.equal(first.AccountSid, t.accountSid);
  assert.match(first.CallSid ?? '', /^CA[0-9a-f]{32}$/);
  assert.equal(first.To, NUMBER);
  assert.equal(first.Direction, 'inbound');
  assert.equal(first.ApiVersion, '2010-04-01');
  assert.equal(hits[1]!.body.Digits, '123');
  const rec = hits[2]!.body;
  assert.match(rec.RecordingSid ?? '', /^RE[0-9a-f]{32}$/);
  assert.ok(Math.abs(Number(rec.RecordingDuration) - 3) <= 1, `RecordingDuration ${rec.RecordingDuration}`);

  // baresip heard speech: its recording of what it received is speech-length and not silence.
  const dec = readdirSync(recDir).find((f) => f.endsWith('-dec.wav'));
  assert.ok(dec, 'baresip recorded what it received');
  const heard = wavToPcm8k(readFileSync(join(recDir, dec)));
  assert.ok(heard.length >= 8000 * 2, `heard ${(heard.length / 8000).toFixed(1)} s`);
  assert.ok(rmsDbfs(heard.subarray(0, 16000)) > -45, `the prompt is not silence (${rmsDbfs(heard.subarray(0, 16000)).toFixed(1)} dBFS)`);

  // The recording through the SDK, and its media as WAV with the tone intact.
  const recording = await client.recordings(rec.RecordingSid!).fetch();
  assert.equal(recording.callSid, first.CallSid);
  assert.equal(recording.status, 'completed');
  assert.equal(recording.source, 'RecordVerb');
  const media = await fetch(`${t.url}/2010-04-01/Accounts/${t.accountSid}/Recordings/${recording.sid}.wav`, {
    headers: { authorization: `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString('base64')}` },
  });
  assert.equal(media.status, 200);
  const pcm = wavToPcm8k(Buffer.from(await media.arrayBuffer()));
  assert.ok(Math.abs(pcm.length / 8000 - 3) < 0.5, `recording lasts ${(pcm.length / 8000).toFixed(2)} s`);
  const f = dominantFrequency(pcm.subarray(4000, 20000), 200, 2000);
  assert.ok(Math.abs(f - 1000) <= 5, `the recorded tone is at ${f} Hz`);

  // The call's record: completed, with a duration.
  const call = await client.calls(first.CallSid!).fetch();
  assert.equal(call.status, 'completed');
  assert.equal(call.direction, 'inbound');
  assert.ok(Number(call.duration) >= 3);
});
