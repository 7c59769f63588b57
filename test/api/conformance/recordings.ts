import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { newSid } from '../../../src/core/index.ts';
import { LocalRecordingStorage, parseWav, readRecording } from '../../../src/media/recorder/index.ts';
import type { RecordingRow } from '../../../src/store/index.ts';
import { dominantFrequency } from '../../support/audio.ts';
import type { TestPlatform } from '../../support/platform.ts';
import { assertDate, assertError, callRow, lastBody, raw, recordingRow, rejectsRest, sidRe } from '../helpers.ts';

type Get = () => TestPlatform;
const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2033, 6, 20, 14, 0, 0, 750);
const RATE = 8000;

/** The platform's own recording storage directory, opened a second time as the call router would. */
const storageOf = (t: TestPlatform) => new LocalRecordingStorage(join(t.platform.config.dataDir, 'recordings'), { fsync: false });

/** A 440 Hz sine, `seconds` long, written 20 ms at a time through create()/write()/finalize(). */
async function storeSine(t: TestPlatform, seconds: number): Promise<{ key: string; samples: Int16Array }> {
  const key = newSid('RE');
  const samples = Int16Array.from({ length: Math.round(seconds * RATE) }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / RATE)));
  const writer = await storageOf(t).create(key, { sampleRate: RATE, channels: 1, encoding: 'pcm16' });
  for (let at = 0; at < samples.length; at += 160) writer.write(samples.subarray(at, at + 160));
  await writer.finalize();
  return { key, samples };
}

async function subaccount(t: TestPlatform, name: string) {
  const sub = await t.client().api.v2010.accounts.create({ friendlyName: name });
  return { sub, client: t.client(sub.sid, sub.authToken) };
}

/** GET with a Host header of our choosing (fetch does not let one set Host). */
function getWithHost(url: string, host: string, headers: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers: { ...headers, host } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(JSON.parse(text) as Record<string, unknown>));
    }).on('error', reject);
  });
}

const basic = (user: string, pass: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

export function recordingTests(get: Get): void {
  test('fetch: fields, media_url on the request host, subresource_uris; the call view has track and no media_url', async () => {
    const t = get();
    const c = t.client();
    const call = callRow(t.accountSid, T0);
    await t.platform.store.calls.insert(call);
    const row = recordingRow(t.accountSid, T0, { call_sid: call.sid, channels: 2, source: 'DialVerb', duration: 12 });
    await t.platform.store.recordings.insert(row);

    const r = await c.recordings(row.sid).fetch();
    assert.match(r.sid, sidRe('RE'));
    assert.equal(r.sid, row.sid);
    assert.equal(r.accountSid, t.accountSid);
    assert.equal(r.apiVersion, '2010-04-01');
    assert.equal(r.callSid, call.sid);
    assert.equal(r.conferenceSid, null);
    assertDate(r.dateCreated, T0);
    assertDate(r.dateUpdated, T0);
    assertDate(r.startTime, T0 - 7_000);
    assert.equal(r.duration, '12');
    assert.equal(r.price, null);
    assert.equal(r.priceUnit, 'USD');
    assert.equal(r.status, 'completed');
    assert.equal(r.channels, 2);
    assert.equal(r.source, 'DialVerb');
    assert.equal(r.errorCode, null);
    assert.equal(r.encryptionDetails, null);
    const path = `/2010-04-01/Accounts/${t.accountSid}/Recordings/${row.sid}`;
    assert.equal(r.uri, `${path}.json`);
    assert.equal(r.mediaUrl, `${t.url}${path}`);
    assert.deepEqual(r.subresourceUris, { add_on_results: `${path}/AddOnResults.json`, transcriptions: `${path}/Transcriptions.json` });
    assert.equal((await c.recordings(row.sid).fetch({ includeSoftDeleted: true })).sid, row.sid);
    assert.equal((await c.api.v2010.accounts(t.accountSid).recordings(row.sid).fetch()).sid, row.sid);

    const viaCall = await c.calls(call.sid).recordings(row.sid).fetch();
    assert.equal(viaCall.sid, row.sid);
    assert.equal(viaCall.track, 'both');
    assert.equal(viaCall.channels, 2);
    assert.equal(viaCall.uri, `/2010-04-01/Accounts/${t.accountSid}/Calls/${call.sid}/Recordings/${row.sid}.json`);
    const body = lastBody(c);
    assert.ok(!('media_url' in body) && !('subresource_uris' in body));

    const absent = recordingRow(t.accountSid, T0, { status: 'absent', duration: null, error_code: 13617, conference_sid: newSid('CF') });
    await t.platform.store.recordings.insert(absent);
    const a = await c.recordings(absent.sid).fetch();
    assert.equal(a.duration, '-1', 'no length yet reads as "-1", as Twilio');
    assert.equal(a.errorCode, 13617);
    assert.equal(a.conferenceSid, absent.conference_sid);

    await rejectsRest(c.recordings(`RE${'0'.repeat(32)}`).fetch(), 404, 20404);
    await rejectsRest(c.recordings('REnot-a-sid').fetch(), 404, 20404);
    await rejectsRest(c.calls(callRow(t.accountSid, T0).sid).recordings(row.sid).fetch(), 404, 20404);
  });

  test('media_url is built on the Host the request came in on', async () => {
    const t = get();
    const row = recordingRow(t.accountSid, T0);
    await t.platform.store.recordings.insert(row);
    const path = `/2010-04-01/Accounts/${t.accountSid}/Recordings/${row.sid}`;
    const body = await getWithHost(`${t.url}${path}.json`, 'voice.example.org:8443', basic(t.accountSid, t.authToken));
    assert.equal(body.media_url, `http://voice.example.org:8443${path}`);
    assert.equal(body.uri, `${path}.json`, 'uri stays relative');
  });

  test('list: filters CallSid, ConferenceSid, DateCreated (=, <, >); under a call; three pages', async () => {
    const t = get();
    const { sub, client } = await subaccount(t, 'conformance recordings');
    const call = callRow(sub.sid, T0);
    await t.platform.store.calls.insert(call);
    const conf = newSid('CF');
    const at = (offset: number, over: Partial<RecordingRow> = {}) => recordingRow(sub.sid, T0 + offset, over);
    const r1 = at(0, { call_sid: call.sid });
    const r2 = at(60_000, { call_sid: call.sid, source: 'StartCallRecordingAPI' });
    const r3 = at(DAY, { conference_sid: conf, source: 'Conference' });
    const r4 = at(2 * DAY);
    const r5 = at(2 * DAY + H, { call_sid: call.sid });
    for (const r of [r1, r2, r3, r4, r5]) await t.platform.store.recordings.insert(r);

    const sids = async (opts: Parameters<typeof client.recordings.list>[0] = {}) => (await client.recordings.list(opts)).map((x) => x.sid);
    assert.deepEqual(await sids(), [r5, r4, r3, r2, r1].map((r) => r.sid));
    const items = lastBody(client).recordings as Record<string, unknown>[];
    assert.equal(items[0]?.media_url, `${t.url}/2010-04-01/Accounts/${sub.sid}/Recordings/${r5.sid}`);
    assert.deepEqual(await sids({ callSid: call.sid }), [r5, r2, r1].map((r) => r.sid));
    assert.deepEqual(await sids({ conferenceSid: conf }), [r3.sid]);
    const day20 = new Date(Date.UTC(2033, 6, 20));
    const day21 = new Date(Date.UTC(2033, 6, 21));
    assert.deepEqual(await sids({ dateCreated: day20 }), [r2.sid, r1.sid], 'DateCreated = that UTC day');
    assert.deepEqual(await sids({ dateCreatedBefore: day21 }), [r2.sid, r1.sid]);
    assert.deepEqual(await sids({ dateCreatedAfter: day21 }), [r5, r4, r3].map((r) => r.sid));
    assert.deepEqual(await sids({ dateCreatedAfter: new Date(T0 + 60_000), callSid: call.sid }), [r5.sid, r2.sid], 'a time of day is an instant for < and >');
    assert.deepEqual(await sids({ includeSoftDeleted: true, callSid: call.sid }), [r5, r2, r1].map((r) => r.sid));

    const under = client.calls(call.sid).recordings;
    assert.deepEqual((await under.list()).map((x) => x.sid), [r5, r2, r1].map((r) => r.sid));
    const callItems = lastBody(client).recordings as Record<string, unknown>[];
    assert.equal(callItems[0]?.uri, `/2010-04-01/Accounts/${sub.sid}/Calls/${call.sid}/Recordings/${r5.sid}.json`);
    assert.equal(callItems[0]?.track, 'both');
    assert.deepEqual((await under.list({ dateCreated: day20 })).map((x) => x.sid), [r2.sid, r1.sid]);
    assert.deepEqual((await under.list({ dateCreatedAfter: day21 })).map((x) => x.sid), [r5.sid]);

    const p1 = await client.recordings.page({ pageSize: 2 });
    assert.match(String(lastBody(client).next_page_uri), /\?PageSize=2&Page=1&PageToken=PA\d+_RE[0-9a-f]{32}$/);
    const p2 = await p1.nextPage();
    assert.ok(p2);
    const p3 = await p2.nextPage();
    assert.ok(p3);
    assert.deepEqual([...p1.instances, ...p2.instances, ...p3.instances].map((x) => x.sid), [r5, r4, r3, r2, r1].map((r) => r.sid));
    assert.equal(await p3.nextPage(), undefined);
    const paged: string[] = [];
    await under.each({ pageSize: 1 }, (r) => {
      paged.push(r.sid);
    });
    assert.deepEqual(paged, [r5, r2, r1].map((r) => r.sid), 'three pages of one under the call');
  });

  test('media: .wav and the bare media_url stream the stored WAV byte for byte, with Basic auth', async () => {
    const t = get();
    const c = t.client();
    const { key, samples } = await storeSine(t, 1.5);
    const row = recordingRow(t.accountSid, T0, { media_key: key, duration: 2 });
    await t.platform.store.recordings.insert(row);
    const stored = await readRecording(storageOf(t), key);
    const { mediaUrl } = await c.recordings(row.sid).fetch();

    for (const url of [`${mediaUrl}.wav`, mediaUrl]) {
      const res = await fetch(url, { headers: basic(t.accountSid, t.authToken) });
      assert.equal(res.status, 200, url);
      assert.equal(res.headers.get('content-type'), 'audio/x-wav');
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.ok(bytes.equals(stored), `${url} serves the stored file`);
      const wav = parseWav(bytes);
      assert.deepEqual([wav.info.sampleRate, wav.info.channels, wav.info.frames], [RATE, 1, samples.length]);
      assert.deepEqual(wav.samples, samples);
      assert.ok(Math.abs(dominantFrequency(wav.samples.subarray(0, 4000)) - 440) <= 10);
    }

    const key2 = await c.newKeys.create({ friendlyName: 'media key' });
    assert.equal((await fetch(`${mediaUrl}.wav`, { headers: basic(key2.sid, key2.secret) })).status, 200, 'an API key of the account works');
    const mp3 = await raw(t, 'GET', `${new URL(mediaUrl).pathname}.mp3`);
    assertError(mp3, 415, 90002);
    assert.match(String(mp3.json?.message), /WAV/);
    assertError(await raw(t, 'GET', `${new URL(mediaUrl).pathname}.wav`, { auth: null }), 401, 20003);
    assertError(await raw(t, 'GET', `${new URL(mediaUrl).pathname}.wav`, { auth: `${t.accountSid}:wrong` }), 401, 20003);
    assertError(await raw(t, 'DELETE', `${new URL(mediaUrl).pathname}.wav`), 405, 20004);
  });

  test('media: a recording without stored audio, or whose file is gone, is 20404', async () => {
    const t = get();
    const none = recordingRow(t.accountSid, T0, { status: 'absent', media_key: null });
    const gone = recordingRow(t.accountSid, T0, { media_key: newSid('RE') });
    const junk = recordingRow(t.accountSid, T0, { media_key: '../../etc/passwd' });
    for (const r of [none, gone, junk]) await t.platform.store.recordings.insert(r);
    for (const r of [none, gone, junk]) {
      const path = `/2010-04-01/Accounts/${t.accountSid}/Recordings/${r.sid}`;
      assertError(await raw(t, 'GET', `${path}.wav`), 404, 20404);
      assertError(await raw(t, 'GET', path), 404, 20404);
    }
    assertError(await raw(t, 'GET', `/2010-04-01/Accounts/${t.accountSid}/Recordings/RE${'0'.repeat(32)}.wav`), 404, 20404);
    assertError(await raw(t, 'GET', `/2010-04-01/Accounts/${t.accountSid}/Recordings/RE${'0'.repeat(32)}.mp3`), 404, 20404);
    assertError(await raw(t, 'GET', `/2010-04-01/Accounts/${t.accountSid}/Recordings/${gone.sid}.ogg`), 404, 20404);
  });

  test('delete: removes the record and its audio, on the account path and under the call; a live one is refused', async () => {
    const t = get();
    const c = t.client();
    const storage = storageOf(t);
    const call = callRow(t.accountSid, T0);
    await t.platform.store.calls.insert(call);
    const a = await storeSine(t, 0.2);
    const b = await storeSine(t, 0.2);
    const ra = recordingRow(t.accountSid, T0, { media_key: a.key });
    const rb = recordingRow(t.accountSid, T0, { media_key: b.key, call_sid: call.sid });
    const live = recordingRow(t.accountSid, T0, { status: 'in-progress', duration: null, call_sid: call.sid });
    for (const r of [ra, rb, live]) await t.platform.store.recordings.insert(r);

    assert.equal(await c.recordings(ra.sid).remove(), true);
    assert.equal(await t.platform.store.recordings.get({ sid: ra.sid }), undefined);
    assert.equal(await storage.exists(a.key), false, 'the audio is deleted too');
    await rejectsRest(c.recordings(ra.sid).fetch(), 404, 20404);
    await rejectsRest(c.recordings(ra.sid).remove(), 404, 20404);
    assertError(await raw(t, 'GET', `/2010-04-01/Accounts/${t.accountSid}/Recordings/${ra.sid}.wav`), 404, 20404);

    await rejectsRest(c.calls(callRow(t.accountSid, T0).sid).recordings(rb.sid).remove(), 404, 20404);
    assert.equal(await storage.exists(b.key), true);
    assert.equal(await c.calls(call.sid).recordings(rb.sid).remove(), true);
    assert.equal(await storage.exists(b.key), false);

    await rejectsRest(c.recordings(live.sid).remove(), 400, 21220);
    assert.equal((await c.recordings(live.sid).fetch()).status, 'in-progress');
  });

  test('starting or updating a call recording is not served: 405 / 20004', async () => {
    const t = get();
    const c = t.client();
    const call = callRow(t.accountSid, T0);
    await t.platform.store.calls.insert(call);
    const row = recordingRow(t.accountSid, T0, { call_sid: call.sid });
    await t.platform.store.recordings.insert(row);
    await rejectsRest(c.calls(call.sid).recordings.create(), 405, 20004);
    await rejectsRest(c.calls(call.sid).recordings(row.sid).update({ status: 'paused' }), 405, 20004);
    assert.equal((await c.recordings(row.sid).fetch()).status, 'completed');
  });
}
