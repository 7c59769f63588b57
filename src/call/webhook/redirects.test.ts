import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import twilio from 'twilio';
import { requestWebhook } from './request.ts';
import { httpServer, TEST_TOKEN as authToken, type SeenRequest, type TestServer } from './webhook-testing.ts';

const params = { CallSid: 'CA' + 'c'.repeat(32), Digits: '42' };

// /hop/N redirects to /hop/N-1 … /hop/0 answers; /to?status=S&loc=L answers S with Location L.
let app: TestServer & { readonly seen: SeenRequest[] };
before(async () => {
  app = await httpServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    const hop = /^\/hop\/(\d+)$/.exec(u.pathname);
    if (hop) {
      const n = Number(hop[1]);
      if (n > 0) return void res.writeHead(302, { location: `/hop/${n - 1}` }).end();
      return void res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response/>');
    }
    if (u.pathname === '/to') {
      return void res.writeHead(Number(u.searchParams.get('status')), { location: u.searchParams.get('loc') ?? '' }).end('moved');
    }
    res.writeHead(200, { 'content-type': 'text/xml' }).end(`<Response><Say>${req.method}</Say></Response>`);
  });
});
after(() => app.close());

const fetchers = [['node:http', {}], ['fetch', { fetchImpl: fetch }]] as const;

for (const [name, opts] of fetchers) {
  test(`${name}: a 302 answer to a POST is followed as a GET without the body, signed for its own URL`, async () => {
    const before = app.seen.length;
    const loc = encodeURIComponent('/final?k=v');
    const res = await requestWebhook({ url: `${app.origin}/to?status=302&loc=${loc}`, method: 'POST', params, authToken }, opts);
    assert.ok(res.ok, JSON.stringify(res));
    assert.equal(res.body, '<Response><Say>GET</Say></Response>');
    assert.equal(res.url, `${app.origin}/final?k=v`);
    assert.equal(res.attempts, 1);
    const [first, second] = app.seen.slice(before);
    assert.ok(first && second);
    assert.equal(first.method, 'POST');
    assert.equal(second.method, 'GET');
    assert.equal(second.url, '/final?k=v');
    assert.equal(second.body, '');
    assert.equal(second.headers['i-twilio-idempotency-token'], first.headers['i-twilio-idempotency-token']);
    assert.equal(twilio.validateRequest(authToken, String(second.headers['x-twilio-signature']), `${app.origin}/final?k=v`, {}), true);
  });

  test(`${name}: 307 and 308 repeat the POST with its body`, async () => {
    for (const status of [307, 308]) {
      const before = app.seen.length;
      const res = await requestWebhook({ url: `${app.origin}/to?status=${status}&loc=%2Fkept`, method: 'POST', params, authToken }, opts);
      assert.ok(res.ok);
      assert.equal(res.body, '<Response><Say>POST</Say></Response>');
      const second = app.seen[before + 1];
      assert.ok(second);
      assert.deepEqual(Object.fromEntries(new URLSearchParams(second.body)), params);
      assert.equal(twilio.validateRequest(authToken, String(second.headers['x-twilio-signature']), `${app.origin}/kept`, params), true);
    }
  });

  test(`${name}: ten redirects are followed, the eleventh is 11215`, async () => {
    const ten = await requestWebhook({ url: `${app.origin}/hop/10`, method: 'GET', params, authToken }, opts);
    assert.ok(ten.ok);
    assert.equal(ten.url, `${app.origin}/hop/0`);
    const eleven = await requestWebhook({ url: `${app.origin}/hop/11`, method: 'GET', params, authToken }, opts);
    assert.equal(eleven.ok, false);
    if (!eleven.ok) {
      assert.equal(eleven.code, 11215);
      assert.equal(eleven.status, 302);
      assert.equal(eleven.url, `${app.origin}/hop/1`);
    }
  });
}

test('a GET keeps its params on the first request only; a redirect to a non-http URL is 11200', async () => {
  const before = app.seen.length;
  const res = await requestWebhook({ url: `${app.origin}/hop/1`, method: 'GET', params, authToken });
  assert.ok(res.ok);
  assert.match(app.seen[before]?.url ?? '', /^\/hop\/1\?CallSid=/);
  assert.equal(app.seen[before + 1]?.url, '/hop/0');
  const bad = await requestWebhook({ url: `${app.origin}/to?status=301&loc=${encodeURIComponent('ftp://x/y')}`, method: 'GET', params, authToken });
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.equal(bad.code, 11200);
  const noLocation = await requestWebhook({ url: `${app.origin}/to?status=304`, method: 'GET', params, authToken });
  assert.equal(noLocation.ok, false);
  if (!noLocation.ok) assert.equal(noLocation.status, 304);
});
