// Acceptance (call router, <Dial>): an app written with the official twilio package answers a
// baresip call with <Dial action="/dialed"><Number>; the E.164 number goes out through the
// configured trunk to a second, auto-answering baresip; the two hear each other's tone (each
// one's recording of what it received); after the caller hangs up the action gets
// DialCallStatus=completed with the child leg's SID and duration. A trunk whose far end answers
// 486 (sipp) gives DialCallStatus=busy, and the caller hears what the action returns. Also:
// <Dial><Sip> where the callee hangs up first (the caller goes on with the action), and a Dial
// timeout honoured when the callee never answers the INVITE at all.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { wavToPcm8k } from '../../src/media/player/index.ts';
import { dominantFrequency, makeToneWav, rmsDbfs } from '../support/audio.ts';
import { freePort, startBaresip, type Baresip } from '../support/baresip.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { runSipp } from '../support/sipp.ts';
import { startTwilioApp, twiml, type TwilioApp } from '../support/twilio-app.ts';

const NUMBER = '+15551230000';
const CALLEE = '+15557654321';
const SCENARIOS = new URL('./scenarios/', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let app: TwilioApp;
/** The auth token of the platform of the running test (every route checks signatures with it). */
let authToken = '';
let dir = '';
/** Where <Sip> dials (the callee baresip of the current test). */
let sipCallee = '';

function received(recDir: string): Int16Array {
  const dec = readdirSync(recDir).find((f) => f.endsWith('-dec.wav'));
  assert.ok(dec, `no recording of received audio in ${recDir}: ${readdirSync(recDir).join(', ')}`);
  return wavToPcm8k(readFileSync(join(recDir, dec)));
}

function trunkEnv(calleePort: number, rtpMin: number): Record<string, string> {
  return {
    SWITCHBOARD_TRUNKS: JSON.stringify([{ name: 'local', outboundUri: `sip:127.0.0.1:${calleePort}`, transport: 'udp', allowedAddresses: ['127.0.0.1/32'], maxCps: 10, maxConcurrent: 10 }]),
    SWITCHBOARD_MEDIA_WORKERS: '1',
    SWITCHBOARD_RTP_PORT_MIN: String(rtpMin),
    SWITCHBOARD_RTP_PORT_MAX: String(rtpMin + 199),
  };
}

interface Scene {
  /** Starts the platform of this test (its auth token is the one the app checks). */
  platform(env: Record<string, string>): Promise<TestPlatform>;
  /** Starts a baresip playing a `freq` Hz tone and recording what it receives into `rec`. */
  baresip(freq: number): Promise<{ phone: Baresip; rec: string }>;
  /** Gives NUMBER the app's `voicePath`, then alice (600 Hz) dials it; resolves once the call is established. */
  aliceCalls(t: TestPlatform, voicePath: string): Promise<{ alice: Baresip; recA: string }>;
}

/** Runs one test with an empty hit list and its own folder; closes its baresips, then its platform. */
async function scene(run: (s: Scene) => Promise<void>): Promise<void> {
  app.hits.length = 0;
  const work = mkdtempSync(join(dir, 'test-'));
  const phones: Baresip[] = [];
  let platform: TestPlatform | undefined;
  const s: Scene = {
    async platform(env) {
      platform = await startTestPlatform({ env });
      authToken = platform.authToken;
      return platform;
    },
    async baresip(freq) {
      const n = phones.length;
      const [tone, rec] = [join(work, `${n}.wav`), join(work, `rec${n}`)];
      makeToneWav(tone, freq, 30);
      mkdirSync(rec);
      const phone = await startBaresip({ audioSource: tone, recordDir: rec });
      phones.push(phone);
      return { phone, rec };
    },
    async aliceCalls(t, voicePath) {
      await t.client().incomingPhoneNumbers.create({ phoneNumber: NUMBER, voiceUrl: `${app.url}${voicePath}` });
      const { phone: alice, rec: recA } = await s.baresip(600);
      const sipPort = t.platform.sip.port;
      await alice.addAccount({ aor: 'sip:alice@127.0.0.1', outbound: `sip:127.0.0.1:${sipPort}`, regint: 0 });
      await alice.command('dial', `sip:${NUMBER}@127.0.0.1:${sipPort}`);
      await alice.waitEvent('CALL_ESTABLISHED', 5000);
      return { alice, recA };
    },
  };
  try {
    await run(s);
  } finally {
    for (const phone of phones.reverse()) await phone.close();
    await platform?.close();
  }
}

before(async () => {
  app = await startTwilioApp(() => authToken, {
    '/voice': twiml((r) => r.dial({ action: '/dialed', timeout: 10 }).number(CALLEE)),
    '/dialed': twiml((r) => {
      r.say('The line is busy. Please try again later. Goodbye.');
      r.hangup();
    }),
    '/voice-sip': twiml((r) => r.dial({ action: '/dialed-sip', timeout: 10 }).sip(sipCallee)),
    '/dialed-sip': twiml((r) => r.say('The other party has hung up. Goodbye.')),
    '/voice-silent': twiml((r) => r.dial({ action: '/dialed-silent', timeout: 3 }).sip(sipCallee)),
    '/dialed-silent': twiml((r) => r.hangup()),
  });
  dir = mkdtempSync(join(tmpdir(), 'sb-dial-'));
});

after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

test('<Dial><Number> through the trunk bridges two baresips: audio both ways, DialCallStatus=completed', () =>
  scene(async (s) => {
    const { phone: bob, rec: recB } = await s.baresip(1000);
    const t = await s.platform(trunkEnv(bob.sipPort, 36000));
    // baresip takes a call only for a user agent whose user is the Request-URI's: the number.
    await bob.addAccount({ aor: `sip:${CALLEE}@127.0.0.1`, outbound: `sip:127.0.0.1:${t.platform.sip.port}`, regint: 0, params: { answermode: 'auto' } });
    const client = t.client();
    const { alice, recA } = await s.aliceCalls(t, '/voice');
    await bob.waitEvent('CALL_ESTABLISHED', 5000);
    await sleep(3000);
    await alice.command('hangup');
    await alice.waitEvent('CALL_CLOSED', 5000);
    await bob.waitEvent('CALL_CLOSED', 5000);
    await sleep(300);

    // Audio both ways: each heard the other's tone.
    for (const [who, pcm, freq] of [['alice', received(recA), 1000], ['bob', received(recB), 600]] as const) {
      assert.ok(pcm.length > 8000 * 2, `${who} recorded ${(pcm.length / 8000).toFixed(1)} s`);
      const tail = pcm.subarray(Math.max(0, pcm.length - 12000), pcm.length - 4000);
      assert.ok(rmsDbfs(tail) > -30, `${who} heard silence (${rmsDbfs(tail).toFixed(1)} dBFS)`);
      const f = dominantFrequency(tail, 200, 2000);
      assert.ok(Math.abs(f - freq) <= 5, `${who} heard ${f} Hz, expected the other side's ${freq} Hz`);
    }

    // The action: completed, with the child leg and its duration (its answer is ignored: the caller is gone).
    const voice = await app.waitHit('/voice');
    const dialed = (await app.waitHit('/dialed')).body;
    assert.equal(dialed.DialCallStatus, 'completed');
    assert.equal(dialed.CallSid, voice.body.CallSid);
    assert.match(dialed.DialCallSid ?? '', /^CA[0-9a-f]{32}$/);
    assert.notEqual(dialed.DialCallSid, voice.body.CallSid);
    const duration = Number(dialed.DialCallDuration);
    assert.ok(duration >= 2 && duration <= 5, `DialCallDuration ${dialed.DialCallDuration}`);

    const child = await client.calls(dialed.DialCallSid!).fetch();
    assert.equal(child.direction, 'outbound-dial');
    assert.equal(child.parentCallSid, voice.body.CallSid);
    assert.equal(child.to, CALLEE);
    assert.equal(child.status, 'completed');
    const parent = await client.calls(voice.body.CallSid!).fetch();
    assert.equal(parent.direction, 'inbound');
    assert.equal(parent.status, 'completed');
    assert.ok(Number(parent.duration) >= 3, `parent duration ${parent.duration}`);
  }));

test('<Dial> to a callee answering 486 reports DialCallStatus=busy; the caller hears the action and the call ends', () =>
  scene(async (s) => {
    const uasPort = await freePort();
    const uas = runSipp(['-sf', `${SCENARIOS}uas-invite-reply-486-busy.xml`, '-p', String(uasPort), '-m', '1'], { timeoutMs: 30_000 });
    const t = await s.platform(trunkEnv(uasPort, 36200));
    const client = t.client();
    const { alice, recA } = await s.aliceCalls(t, '/voice');
    const dialed = (await app.waitHit('/dialed', undefined, 10_000)).body;
    const actionAt = Date.now();
    const closed = await alice.waitEvent('CALL_CLOSED', 15_000);
    const heardMs = Date.now() - actionAt;
    await sleep(300);

    assert.equal(dialed.DialCallStatus, 'busy');
    assert.match(dialed.DialCallSid ?? '', /^CA[0-9a-f]{32}$/);
    const child = await client.calls(dialed.DialCallSid!).fetch();
    assert.equal(child.status, 'busy');
    assert.equal(child.direction, 'outbound-dial');
    assert.equal(child.parentCallSid, dialed.CallSid);

    // The caller heard the action's <Say> (seconds of speech, not silence), then we hung up.
    assert.ok(heardMs >= 1000, `the call ended ${heardMs} ms after the action was requested: ${JSON.stringify(closed)}`);
    const pcm = received(recA);
    assert.ok(pcm.length >= 8000, `alice recorded ${(pcm.length / 8000).toFixed(1)} s`);
    const speech = pcm.subarray(Math.max(0, pcm.length - 8000 * 2));
    assert.ok(rmsDbfs(speech) > -45, `the action's prompt is not silence (${rmsDbfs(speech).toFixed(1)} dBFS)`);
    const parent = await client.calls(dialed.CallSid!).fetch();
    assert.equal(parent.status, 'completed');

    const r = await uas;
    assert.equal(r.code, 0, `sipp UAS failed:\n${r.errors}\n${r.output.slice(-2000)}`);
  }));

test('<Dial><Sip>: the callee hangs up first; the caller goes on with the action and hears it', () =>
  scene(async (s) => {
    const t = await s.platform(trunkEnv(9, 36400));
    const { phone: bob, rec: recB } = await s.baresip(1000);
    await bob.addAccount({ aor: 'sip:bob@127.0.0.1', outbound: `sip:127.0.0.1:${t.platform.sip.port}`, regint: 0, params: { answermode: 'auto' } });
    sipCallee = `sip:bob@127.0.0.1:${bob.sipPort}`;
    const client = t.client();
    const { alice, recA } = await s.aliceCalls(t, '/voice-sip');
    await bob.waitEvent('CALL_ESTABLISHED', 5000);
    await sleep(2500);
    await bob.command('hangup');
    await bob.waitEvent('CALL_CLOSED', 5000);
    const hungUpAt = Date.now();
    await alice.waitEvent('CALL_CLOSED', 15_000);
    const afterMs = Date.now() - hungUpAt;
    await sleep(300);

    const dialed = (await app.waitHit('/dialed-sip')).body;
    assert.equal(dialed.DialCallStatus, 'completed');
    assert.ok(Number(dialed.DialCallDuration) >= 2, `DialCallDuration ${dialed.DialCallDuration}`);
    const child = await client.calls(dialed.DialCallSid!).fetch();
    assert.equal(child.direction, 'outbound-dial');
    assert.equal(child.parentCallSid, dialed.CallSid);
    assert.equal(child.to, sipCallee);
    assert.equal(child.status, 'completed');
    // The caller stayed on for the action's <Say>, then we hung up.
    assert.ok(afterMs >= 1000, `the caller was hung up ${afterMs} ms after the callee left`);
    assert.equal((await client.calls(dialed.CallSid!).fetch()).status, 'completed');

    const bobHeard = received(recB);
    const tail = bobHeard.subarray(Math.max(0, bobHeard.length - 12000), bobHeard.length - 4000);
    assert.ok(Math.abs(dominantFrequency(tail, 200, 2000) - 600) <= 5, 'bob heard alice');
    const aliceHeard = received(recA);
    let heardBob = false;
    for (let i = 0; i + 4000 <= aliceHeard.length && !heardBob; i += 2000) {
      const w = aliceHeard.subarray(i, i + 4000);
      heardBob = rmsDbfs(w) > -30 && Math.abs(dominantFrequency(w, 200, 2000) - 1000) <= 5;
    }
    assert.ok(heardBob, 'alice heard bob');
    const last = aliceHeard.subarray(Math.max(0, aliceHeard.length - 8000));
    assert.ok(rmsDbfs(last) > -45, `alice heard the action's prompt at the end (${rmsDbfs(last).toFixed(1)} dBFS)`);
  }));

test('<Dial timeout="3"> to a callee that never responds reports no-answer after 3 s, not after Timer B', () =>
  scene(async (s) => {
    const t = await s.platform(trunkEnv(9, 36400));
    // Nothing listens there: the INVITE gets no 100 Trying, so there is nothing to CANCEL (RFC 3261 §9.1).
    sipCallee = `sip:nobody@127.0.0.1:${await freePort()}`;
    const client = t.client();
    const { alice } = await s.aliceCalls(t, '/voice-silent');
    const establishedAt = Date.now();
    const dialed = (await app.waitHit('/dialed-silent', undefined, 10_000)).body;
    const waitedMs = Date.now() - establishedAt;
    assert.ok(waitedMs >= 2500 && waitedMs < 6000, `the Dial ended after ${waitedMs} ms`);
    assert.equal(dialed.DialCallStatus, 'no-answer');
    await alice.waitEvent('CALL_CLOSED', 5000);
    const child = await client.calls(dialed.DialCallSid!).fetch();
    assert.equal(child.status, 'no-answer');
    assert.equal(child.parentCallSid, dialed.CallSid);
  }));
