// Acceptance (call router, outbound-api): client.calls.create() through the unmodified SDK calls
// a sipp UAS behind a trunk of the test config; the status callbacks initiated, ringing, answered
// and completed arrive in order with the right parameters and valid signatures; update({url}) and
// update({twiml}) change what the live call runs; update({status:'completed'}) hangs it up (sipp
// gets the BYE) and a further update is 400/21220. A UAS answering 486 ends the call busy, and
// one that only rings ends it no-answer after Timeout, with a CANCEL.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freePort } from '../support/baresip.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { requireSipp, runSipp, type SippResult } from '../support/sipp.ts';
import { startTwilioApp, twiml, type Hit, type TwilioApp } from '../support/twilio-app.ts';

const FROM = '+15551230000';
const TO = '+15557654321';
const SCENARIOS = new URL('./scenarios/', import.meta.url).pathname;
const ALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long a test waits for a request to the app. */
const WAIT = 8000;
let app: TwilioApp;
/** The auth token of the platform of the running test (every route checks signatures with it). */
let authToken = '';

const callbacks = (sid: string) => app.hitsOf('/status').filter((h) => h.body.CallSid === sid);
/** The first request to `path`. */
const firstHit = (path: string) => app.waitHit(path, undefined, WAIT);

const waitCallback = (sid: string, status: string): Promise<Hit> =>
  app.waitHit('/status', (h) => h.body.CallSid === sid && h.body.CallStatus === status, WAIT);

function trunkEnv(uasPort: number): Record<string, string> {
  return {
    SWITCHBOARD_TRUNKS: JSON.stringify([{ name: 'sipp', outboundUri: `sip:127.0.0.1:${uasPort}`, transport: 'udp', allowedAddresses: [], maxCps: 10, maxConcurrent: 10 }]),
    SWITCHBOARD_MEDIA_WORKERS: '1',
    SWITCHBOARD_RTP_PORT_MIN: '35000',
    SWITCHBOARD_RTP_PORT_MAX: '35199',
  };
}

/** A sipp UAS for one call, given a moment to bind before the platform dials it. */
async function startUas(args: string[]): Promise<{ port: number; done: Promise<SippResult> }> {
  const port = await freePort();
  const done = runSipp([...args, '-p', String(port), '-m', '1'], { timeoutMs: 40_000 });
  await sleep(300);
  return { port, done };
}

/** The sequence of callbacks one call produced: status + sequence number, in arrival order. */
function sequence(sid: string): string[] {
  return callbacks(sid).map((h) => `${h.body.SequenceNumber}:${h.body.CallStatus}`);
}

function assertCallbackCommon(t: TestPlatform, sid: string): void {
  for (const h of callbacks(sid)) {
    const b = h.body;
    assert.ok(h.signed, `the ${b.CallStatus} callback has a valid X-Twilio-Signature`);
    assert.equal(b.CallSid, sid);
    assert.equal(b.AccountSid, t.accountSid);
    assert.equal(b.To, TO);
    assert.equal(b.From, FROM);
    assert.equal(b.Direction, 'outbound-api');
    assert.equal(b.ApiVersion, '2010-04-01');
    assert.equal(b.CallbackSource, 'call-progress-events');
    assert.ok(b.Timestamp && !Number.isNaN(Date.parse(b.Timestamp)), `Timestamp ${b.Timestamp}`);
  }
}

/** Runs one test on its own platform, trunked to a sipp UAS started with `uasArgs`; closes the platform (once) at the end. */
async function withUas(uasArgs: string[], run: (t: TestPlatform, uas: { done: Promise<SippResult> }) => Promise<void>): Promise<void> {
  const uas = await startUas(uasArgs);
  const platform = await startTestPlatform({ env: trunkEnv(uas.port) });
  authToken = platform.authToken;
  let closing: Promise<void> | undefined;
  const t: TestPlatform = { ...platform, close: () => (closing ??= platform.close()) };
  try {
    await run(t, uas);
  } finally {
    await t.close();
  }
}

/** A sipp UAS that answers and echoes RTP. */
const echoUas = async () => ['-sn', 'uas', '-mi', '127.0.0.1', '-mp', String(await freePort()), '-rtp_echo'];

/** calls.create() from FROM to TO, with every status callback to the app. */
const createCall = (t: TestPlatform, o: { url?: string; twiml?: string; timeout?: number; statusCallbackEvent?: string[] } = {}) =>
  t.client().calls.create({ to: TO, from: FROM, statusCallback: `${app.url}/status`, statusCallbackEvent: ALL_EVENTS, ...o });

before(async () => {
  requireSipp();
  const pause = (say?: string) =>
    twiml((r) => {
      if (say) r.say(say);
      r.pause({ length: 20 });
    });
  app = await startTwilioApp(() => authToken, {
    '/voice': pause('Hello from the first document.'),
    '/second': pause('Hello from the second document.'),
    '/third': pause(),
    // Records every callback, valid or not, with what the SDK's validator says of it.
    '/status': () => ({ status: 204 }),
  }, { checkOnly: ['/status'] });
});

after(async () => {
  await app.close();
});

test('calls.create() reaches the sipp UAS through the trunk; callbacks, update(url|twiml|status) and the Calls list', async () =>
  withUas(await echoUas(), async (t, uas) => {
    const client = t.client();
    const created = await createCall(t, { url: `${app.url}/voice` });
    const sid = created.sid;
    assert.match(sid, /^CA[0-9a-f]{32}$/);
    assert.equal(created.status, 'queued');
    assert.equal(created.direction, 'outbound-api');
    assert.equal(created.to, TO);
    assert.equal(created.from, FROM);

    // Answered: the app is asked for TwiML with the call in progress.
    const voice = await firstHit('/voice');
    assert.equal(voice.body.CallSid, sid);
    assert.equal(voice.body.CallStatus, 'in-progress');
    assert.equal(voice.body.Direction, 'outbound-api');
    assert.equal(voice.body.To, TO);
    assert.equal(voice.body.From, FROM);
    await waitCallback(sid, 'in-progress');
    const live = await client.calls(sid).fetch();
    assert.equal(live.status, 'in-progress');
    assert.ok(live.startTime instanceof Date, 'start_time is set once the call is placed');

    // update({url}): the live call fetches the new document.
    const redirected = await client.calls(sid).update({ url: `${app.url}/second` });
    assert.equal(redirected.status, 'in-progress');
    assert.match(redirected.queueTime, /^\d+$/, 'queue_time is whole milliseconds');
    const second = await firstHit('/second');
    assert.equal(second.body.CallSid, sid);
    assert.equal(second.body.CallStatus, 'in-progress');

    // update({twiml}): the inline document replaces /second's <Pause>: it says a word, then redirects.
    const before = Date.now();
    await client.calls(sid).update({ twiml: `<Response><Say>changed</Say><Redirect>${app.url}/third</Redirect></Response>` });
    const third = await firstHit('/third');
    assert.ok(third.at - before >= 600, `<Say>changed</Say> (0.85 s of audio) played before the <Redirect> (${third.at - before} ms)`);
    assert.equal(third.body.CallStatus, 'in-progress');
    // The inline document with only a pause: no further fetch, and the call stays up.
    const fetchesBefore = app.hits.filter((h) => h.path !== '/status').length;
    await client.calls(sid).update({ twiml: '<Response><Say>changed</Say><Pause length="20"/></Response>' });
    await sleep(1500);
    assert.equal(app.hits.filter((h) => h.path !== '/status').length, fetchesBefore, 'the inline TwiML fetched nothing');
    assert.equal((await client.calls(sid).fetch()).status, 'in-progress', 'the call is still up after update({twiml})');

    // update({status:'completed'}): BYE to sipp, the call ends completed.
    await client.calls(sid).update({ status: 'completed' });
    const r = await uas.done;
    assert.equal(r.code, 0, `sipp uas did not complete its call (BYE expected):\n${r.errors}\n${r.output.slice(-1500)}`);
    assert.equal(r.stats['SuccessfulCall(C)'], '1');
    const completed = await waitCallback(sid, 'completed');
    assert.deepEqual(sequence(sid), ['0:initiated', '1:ringing', '2:in-progress', '3:completed']);
    assertCallbackCommon(t, sid);
    const duration = Number(completed.body.CallDuration);
    assert.ok(duration >= 2 && duration <= 15, `CallDuration ${completed.body.CallDuration}`);
    assert.equal(completed.body.Duration, String(Math.ceil(duration / 60)), 'Duration is billed minutes');

    const ended = await client.calls(sid).fetch();
    assert.equal(ended.status, 'completed');
    assert.equal(ended.duration, String(duration), 'the record has the duration of the callback');
    assert.ok(ended.endTime instanceof Date);
    assert.equal(ended.queueTime, redirected.queueTime, 'the stored queue_time is the one the live call showed');

    // Updating an ended call: 400 / 21220.
    await assert.rejects(client.calls(sid).update({ status: 'completed' }), (e: { status?: number; code?: number }) => {
      assert.equal(e.status, 400);
      assert.equal(e.code, 21220);
      return true;
    });

    const list = await client.calls.list({ to: TO });
    const listed = list.find((c) => c.sid === sid);
    assert.ok(listed, 'the call is in the Calls list');
    assert.equal(listed.direction, 'outbound-api');
    assert.equal(listed.status, 'completed');
  }));

test('a UAS answering 486 ends the call busy', () =>
  withUas(['-sf', `${SCENARIOS}uas-invite-reply-486-busy.xml`], async (t, uas) => {
    const client = t.client();
    const call = await createCall(t, { url: `${app.url}/voice` });
    const done = await waitCallback(call.sid, 'busy');
    const r = await uas.done;
    assert.equal(r.code, 0, `sipp saw no ACK for its 486:\n${r.errors}`);
    assert.deepEqual(sequence(call.sid), ['0:initiated', '1:busy']);
    assertCallbackCommon(t, call.sid);
    assert.equal(done.body.CallDuration, '0');
    assert.equal(done.body.SipResponseCode, '486');
    assert.equal((await client.calls(call.sid).fetch()).status, 'busy');
    assert.equal(app.hitsOf('/voice').filter((h) => h.body.CallSid === call.sid).length, 0, 'an unanswered call fetches no TwiML');
  }));

test('a UAS that only rings ends the call no-answer after Timeout, with a CANCEL', () =>
  withUas(['-sf', `${SCENARIOS}uas-ring-no-answer.xml`], async (t, uas) => {
    const client = t.client();
    const started = Date.now();
    const call = await createCall(t, { url: `${app.url}/voice`, timeout: 3 });
    await waitCallback(call.sid, 'ringing');
    assert.equal((await client.calls(call.sid).fetch()).status, 'ringing');
    const done = await waitCallback(call.sid, 'no-answer');
    const elapsed = done.at - started;
    assert.ok(elapsed >= 2900 && elapsed < 5000, `no-answer after ${elapsed} ms (Timeout 3 s)`);
    const r = await uas.done;
    assert.equal(r.code, 0, `sipp got no CANCEL (or no ACK for its 487):\n${r.errors}`);
    assert.deepEqual(sequence(call.sid), ['0:initiated', '1:ringing', '2:no-answer']);
    assertCallbackCommon(t, call.sid);
    assert.equal(done.body.CallDuration, '0');
    assert.equal(done.body.SipResponseCode, '487', 'as Twilio reports a canceled INVITE');
    const fetched = await client.calls(call.sid).fetch();
    assert.equal(fetched.status, 'no-answer');
    assert.equal(fetched.duration, '0');
    assert.equal(app.hitsOf('/voice').filter((h) => h.body.CallSid === call.sid).length, 0, 'an unanswered call fetches no TwiML');
  }));

test('update({status:"canceled"}) on a ringing call sends a CANCEL and ends it canceled', () =>
  withUas(['-sf', `${SCENARIOS}uas-ring-no-answer.xml`], async (t, uas) => {
    const client = t.client();
    const call = await createCall(t, { url: `${app.url}/voice`, timeout: 30 });
    await waitCallback(call.sid, 'ringing');
    await client.calls(call.sid).update({ status: 'canceled' });
    const done = await waitCallback(call.sid, 'canceled');
    const r = await uas.done;
    assert.equal(r.code, 0, `sipp got no CANCEL (or no ACK for its 487):\n${r.errors}`);
    assert.deepEqual(sequence(call.sid), ['0:initiated', '1:ringing', '2:canceled']);
    assertCallbackCommon(t, call.sid);
    assert.equal(done.body.CallDuration, '0');
    assert.equal((await client.calls(call.sid).fetch()).status, 'canceled');
  }));

test('closing the platform hangs up a live call with a BYE, and its completed callback still goes out', async () =>
  withUas(await echoUas(), async (t, uas) => {
    const call = await createCall(t, { twiml: '<Response><Pause length="20"/></Response>', statusCallbackEvent: ['answered', 'completed'] });
    await waitCallback(call.sid, 'in-progress');
    await t.close();
    const r = await uas.done;
    assert.equal(r.code, 0, `sipp got no BYE when the platform closed:\n${r.errors}`);
    assert.deepEqual(sequence(call.sid), ['0:in-progress', '1:completed']);
  }));
