// `<Gather input="speech">` end to end: baresip calls a number and "says" (its audio source is an
// espeak-ng WAV of "yes please"); the app's Gather hears it through the media worker's
// pocketsphinx and the action gets SpeechResult and Confidence.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { encodeWav } from '../../src/media/player/index.ts';
import { createTtsProvider } from '../../src/media/tts/index.ts';
import { startBaresip, type Baresip } from '../support/baresip.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startTwilioApp, twiml, waitFor, type TwilioApp } from '../support/twilio-app.ts';

const NUMBER = '+15551230077';
const missing = spawnSync('pocketsphinx_continuous', ['-h']).error ? 'pocketsphinx is not installed (apt-get install pocketsphinx pocketsphinx-en-us)' : false;

let t: TestPlatform;
let app: TwilioApp;
let dir = '';

before(async () => {
  if (missing) return;
  t = await startTestPlatform({
    env: {
      SWITCHBOARD_TRUNKS: JSON.stringify([{ name: 'lab', outboundUri: 'sip:127.0.0.1:5999', transport: 'udp', allowedAddresses: ['127.0.0.1/32'], maxCps: 10, maxConcurrent: 10 }]),
      SWITCHBOARD_MEDIA_WORKERS: '1', SWITCHBOARD_RTP_PORT_MIN: '34400', SWITCHBOARD_RTP_PORT_MAX: '34599' },
  });
  app = await startTwilioApp(t.authToken, {
    '/voice': twiml((r) => {
      r.gather({ input: ['speech'], action: '/heard', timeout: 5, speechTimeout: 'auto', hints: 'yes please, no thanks' });
      r.hangup();
    }),
    '/heard': twiml((r) => r.hangup()),
  });
  dir = mkdtempSync(join(tmpdir(), 'sb-speech-'));
});

after(async () => {
  if (missing) return;
  await app.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

test('baresip says "yes please" → Gather input=speech → SpeechResult', { skip: missing }, async () => {
  await t.client().incomingPhoneNumbers.create({ phoneNumber: NUMBER, voiceUrl: `${app.url}/voice` });
  const speech = await createTtsProvider('espeak-ng').synthesize('yes please', {});
  const audio = new Int16Array(speech.length + 8000 * 5);
  audio.set(speech, 8000);
  const wav = join(dir, 'yes.wav');
  writeFileSync(wav, encodeWav(audio, { sampleRate: 8000 }));
  let phone: Baresip | undefined;
  try {
    phone = await startBaresip({ audioSource: wav });
    await phone.addAccount({ aor: 'sip:bob@127.0.0.1', outbound: `sip:127.0.0.1:${t.platform.sip.port}`, regint: 0 });
    await phone.command('dial', `sip:${NUMBER}@127.0.0.1:${t.platform.sip.port}`);
    await phone.waitEvent('CALL_ESTABLISHED', 10_000);
    await waitFor('the /heard request', () => app.hits.find((h) => h.path === '/heard'), 15_000);
  } finally {
    await phone?.close();
  }
  const heard = app.hits.find((h) => h.path === '/heard')!.body;
  assert.match(heard.SpeechResult ?? '', /\byes\b/, `SpeechResult "${heard.SpeechResult}"`);
  assert.equal(heard.Confidence, '0.9');
});
