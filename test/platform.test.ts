import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BusMessage } from '../src/bus/index.ts';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';

describe('platform process', () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform();
  });
  after(() => t.close());

  it('publishes every committed change on the bus, without secrets', async () => {
    const seen: BusMessage[] = [];
    const sub = t.platform.bus.subscribe('ev.local.>', (m) => void seen.push(m));
    const client = t.client();
    const n = await client.incomingPhoneNumbers.create({ phoneNumber: '+15557770001', voiceUrl: 'http://127.0.0.1:9/a' });
    await client.incomingPhoneNumbers(n.sid).update({ voiceUrl: 'http://127.0.0.1:9/b' });
    await client.incomingPhoneNumbers(n.sid).remove();
    const sub1 = await client.api.v2010.accounts.create({ friendlyName: 'Child' });
    const key = await client.newKeys.create({ friendlyName: 'k' });
    await new Promise((r) => setTimeout(r, 50));
    sub.unsubscribe();
    const subjects = seen.map((m) => m.subject);
    assert.deepEqual(subjects, [
      `ev.local.${t.accountSid}.incoming-phone-number.created`,
      `ev.local.${t.accountSid}.incoming-phone-number.updated`,
      `ev.local.${t.accountSid}.incoming-phone-number.deleted`,
      `ev.local.${sub1.sid}.account.created`,
      `ev.local.${t.accountSid}.key.created`,
    ]);
    const updated = seen[1]?.data as { sid: string; data: { voice_url: string } };
    assert.equal(updated.sid, n.sid);
    assert.equal(updated.data.voice_url, 'http://127.0.0.1:9/b');
    const all = JSON.stringify(seen);
    assert.ok(!all.includes(sub1.authToken), 'auth tokens never travel on the bus');
    assert.ok(!all.includes('secret_hash') && !all.includes(key.secret));
  });

  it('serves /healthz and Prometheus /metrics with request and store figures', async () => {
    const health = await fetch(`${t.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    await t.client().applications.list();
    await fetch(`${t.url}/2010-04-01/Accounts/${t.accountSid}/Nope.json`);
    const text = await (await fetch(`${t.url}/metrics`)).text();
    assert.match(text, /switchboard_http_requests_total\{method="GET",route="\/2010-04-01\/Accounts\/:AccountSid\/Applications.json",status="200"\} [1-9]/);
    assert.match(text, /switchboard_http_requests_total\{method="GET",route="unmatched",status="404"\} [1-9]/);
    assert.match(text, /switchboard_http_request_duration_seconds_bucket\{le="0.005",method="GET"/);
    assert.match(text, /switchboard_store_query_duration_seconds_count\{kind="select"\} [1-9]/);
    assert.match(text, /switchboard_process_cpu_seconds_total/);
  });
});
