import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import express from 'express';
import twilio from 'twilio';
import { requestWebhook } from './request.ts';
import { httpServer, TEST_TOKEN as token, type TestServer } from './webhook-testing.ts';

const params = { CallSid: 'CA' + 'a'.repeat(32), From: '+15551230000', To: 'sip:bob@example.org', Caller: 'Zoë & co', Empty: '' };
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let app: TestServer & { readonly seen: { method: string; url: string; headers: Record<string, unknown>; body: string }[] };
before(async () => {
  app = await httpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'x-app': 'yes' }).end('<Response/>');
  });
});
after(() => app.close());

function last() {
  const r = app.seen.at(-1);
  assert.ok(r);
  return r;
}

test('POST: form body, Twilio headers, and a signature the SDK accepts', async () => {
  const url = `${app.origin}/voice?x=1&y=a%20b`;
  const res = await requestWebhook({ url, method: 'POST', params, authToken: token });
  assert.ok(res.ok, JSON.stringify(res));
  assert.equal(res.status, 200);
  assert.equal(res.body, '<Response/>');
  assert.equal(res.contentType, 'text/xml; charset=utf-8');
  assert.equal(res.headers['x-app'], 'yes');
  assert.equal(res.url, url);
  assert.equal(res.attempts, 1);
  assert.ok(res.elapsedMs >= 0);
  const seen = last();
  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, '/voice?x=1&y=a%20b');
  assert.equal(seen.headers['user-agent'], 'TwilioProxy/1.1');
  assert.equal(seen.headers.accept, '*/*');
  assert.equal(seen.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.match(String(seen.headers['i-twilio-idempotency-token']), UUID_RE);
  assert.deepEqual(Object.fromEntries(new URLSearchParams(seen.body)), params);
  const sig = String(seen.headers['x-twilio-signature']);
  assert.equal(twilio.validateRequest(token, sig, url, params), true);
  assert.equal(twilio.validateRequest(token, sig, url, { ...params, From: '+15550000000' }), false);
  assert.equal(twilio.validateRequest('f'.repeat(32), sig, url, params), false);
});

test('GET: params appended to the existing query, no body, the full URL signed alone', async () => {
  const res = await requestWebhook({ url: `${app.origin}/voice?x=1`, method: 'GET', params, authToken: token, accept: 'text/xml', userAgent: 'Custom/2' });
  assert.ok(res.ok);
  const seen = last();
  assert.equal(seen.method, 'GET');
  assert.equal(seen.body, '');
  assert.equal(seen.headers['content-type'], undefined);
  assert.equal(seen.headers.accept, 'text/xml');
  assert.equal(seen.headers['user-agent'], 'Custom/2');
  const q = new URL(seen.url, app.origin).searchParams;
  assert.equal(q.get('x'), '1');
  assert.equal(q.get('Caller'), 'Zoë & co');
  assert.equal(q.get('CallSid'), params.CallSid);
  assert.ok(seen.url.startsWith('/voice?x=1&'));
  const full = app.origin + seen.url;
  assert.equal(res.url, full);
  const sig = String(seen.headers['x-twilio-signature']);
  assert.equal(twilio.validateRequest(token, sig, full, {}), true);
  assert.equal(twilio.validateRequest(token, sig, `${app.origin}/voice?x=1`, params), false);
});

test('GET on a URL without a query starts one', async () => {
  const res = await requestWebhook({ url: `${app.origin}/a`, method: 'GET', params: { A: '1' }, authToken: token });
  assert.ok(res.ok);
  assert.equal(last().url, '/a?A=1');
  const none = await requestWebhook({ url: `${app.origin}/b`, method: 'GET', params: {}, authToken: token });
  assert.ok(none.ok);
  assert.equal(last().url, '/b');
});

test('the override fragment is neither sent nor signed', async () => {
  const res = await requestWebhook({ url: `${app.origin}/f?q=1#ct=1000&rc=0&rp=ct`, method: 'POST', params, authToken: token });
  assert.ok(res.ok);
  const seen = last();
  assert.equal(seen.url, '/f?q=1');
  assert.equal(res.url, `${app.origin}/f?q=1`);
  assert.equal(twilio.validateRequest(token, String(seen.headers['x-twilio-signature']), `${app.origin}/f?q=1`, params), true);
});

test('credentials in the URL go as Basic auth and appear nowhere else', async () => {
  const url = `http://ann:p%40ss@127.0.0.1:${app.port}/secure`;
  const res = await requestWebhook({ url, method: 'POST', params, authToken: token });
  assert.ok(res.ok);
  const seen = last();
  assert.equal(seen.headers.authorization, `Basic ${Buffer.from('ann:p@ss').toString('base64')}`);
  assert.equal(res.url, `${app.origin}/secure`);
  assert.equal(twilio.validateRequest(token, String(seen.headers['x-twilio-signature']), `${app.origin}/secure`, params), true);
  assert.ok(!JSON.stringify(res).includes('p%40ss'));
});

test('the auth token is never in the request or the result', async () => {
  const res = await requestWebhook({ url: `${app.origin}/t`, method: 'POST', params, authToken: token });
  assert.ok(!JSON.stringify(res).includes(token));
  const seen = last();
  assert.ok(!JSON.stringify(seen).includes(token));
});

test('the same idempotency token can be given, and is kept across requests of one call', async () => {
  await requestWebhook({ url: `${app.origin}/i`, method: 'POST', params, authToken: token }, { idempotencyToken: 'tok-1' });
  assert.equal(last().headers['i-twilio-idempotency-token'], 'tok-1');
});

test('express with twilio.webhook() accepts our GET and POST and rejects a wrong signature', async () => {
  const web = express();
  web.use(express.urlencoded({ extended: false }));
  const hook = twilio.webhook(token);
  web.post('/voice', hook, (req, res) => res.type('text/xml').send(`<Response><Say>${String(req.body.From)}</Say></Response>`));
  web.get('/voice', hook, (req, res) => res.type('text/xml').send(`<Response><Say>${String(req.query.From)}</Say></Response>`));
  const server = web.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const method of ['POST', 'GET'] as const) {
      const ok = await requestWebhook({ url: `${base}/voice?tenant=a%20b&n=2`, method, params, authToken: token });
      assert.ok(ok.ok, `${method}: ${JSON.stringify(ok)}`);
      assert.equal(ok.body, '<Response><Say>+15551230000</Say></Response>');
      const bad = await requestWebhook({ url: `${base}/voice?tenant=a%20b&n=2`, method, params, authToken: 'e'.repeat(32) });
      assert.equal(bad.ok, false);
      if (!bad.ok) {
        assert.equal(bad.code, 11200);
        assert.equal(bad.status, 403);
        assert.match(bad.body ?? '', /Twilio Request Validation Failed/);
      }
    }
    // The middleware, behind a fragment and Basic auth, still rebuilds the URL we signed.
    const frag = await requestWebhook({ url: `http://u:p@127.0.0.1:${(server.address() as AddressInfo).port}/voice#rc=0`, method: 'POST', params, authToken: token });
    assert.ok(frag.ok);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('the fetch transport sends the same signed request', async () => {
  const url = `${app.origin}/via-fetch?z=9`;
  const res = await requestWebhook({ url, method: 'POST', params, authToken: token }, { fetchImpl: fetch });
  assert.ok(res.ok, JSON.stringify(res));
  assert.equal(res.body, '<Response/>');
  const seen = last();
  assert.equal(seen.headers['user-agent'], 'TwilioProxy/1.1');
  assert.equal(twilio.validateRequest(token, String(seen.headers['x-twilio-signature']), url, params), true);
  const get = await requestWebhook({ url, method: 'GET', params, authToken: token }, { fetchImpl: fetch });
  assert.ok(get.ok);
  assert.equal(twilio.validateRequest(token, String(last().headers['x-twilio-signature']), app.origin + last().url, {}), true);
});

test('elapsedMs uses the injected clock', async () => {
  let t = 1000;
  const res = await requestWebhook({ url: `${app.origin}/c`, method: 'GET', params: {}, authToken: token }, { now: () => (t += 7) });
  assert.equal(res.elapsedMs, 7);
});
