import assert from 'node:assert/strict';
import type { LookupFunction } from 'node:net';
import { test } from 'node:test';
import { requestWebhook } from './request.ts';
import type { WebhookResult } from './types.ts';
import { closedPort, httpServer, rawServer, TEST_TOKEN as authToken } from './webhook-testing.ts';

const params = { CallSid: 'CA' + 'b'.repeat(32) };

function failure(res: WebhookResult, code: number) {
  assert.equal(res.ok, false, JSON.stringify(res));
  if (res.ok) throw new Error('unreachable');
  assert.equal(res.code, code, JSON.stringify(res));
  assert.ok(!JSON.stringify(res).includes(authToken));
  return res;
}

test('a 500 is 11200 with status, headers and body; the default policy (ct) does not retry it', async () => {
  const app = await httpServer((_req, res) => void res.writeHead(500, { 'content-type': 'text/plain', 'x-why': 'boom' }).end('stack trace'));
  try {
    const f = failure(await requestWebhook({ url: `${app.origin}/x`, method: 'POST', params, authToken }), 11200);
    assert.equal(f.status, 500);
    assert.equal(f.body, 'stack trace');
    assert.equal(f.headers?.['x-why'], 'boom');
    assert.equal(f.url, `${app.origin}/x`);
    assert.equal(f.attempts, 1);
    assert.match(f.message, /500 Internal Server Error/);
  } finally {
    await app.close();
  }
});

test('an error body is cut at 64 KiB', async () => {
  const app = await httpServer((_req, res) => void res.writeHead(404).end('x'.repeat(200_000)));
  try {
    const f = failure(await requestWebhook({ url: app.origin, method: 'GET', params, authToken }), 11200);
    assert.equal(f.body?.length, 64 * 1024);
  } finally {
    await app.close();
  }
});

test('connection refused is 11202, retried once by default; #rc sets the retries', async () => {
  const port = await closedPort();
  const f = failure(await requestWebhook({ url: `http://127.0.0.1:${port}/v`, method: 'POST', params, authToken }), 11202);
  assert.equal(f.attempts, 2);
  assert.equal(failure(await requestWebhook({ url: `http://127.0.0.1:${port}/v#rc=0`, method: 'POST', params, authToken }), 11202).attempts, 1);
  assert.equal(failure(await requestWebhook({ url: `http://127.0.0.1:${port}/v#rc=3`, method: 'POST', params, authToken }), 11202).attempts, 4);
  assert.equal(failure(await requestWebhook({ url: `http://127.0.0.1:${port}/v#rc=3&rp=5xx`, method: 'POST', params, authToken }), 11202).attempts, 1);
});

test('a connect that never completes is 11201 after #ct, then retried per policy', async () => {
  const silent: LookupFunction = () => undefined; // DNS never answers: the connect phase hangs
  const res = await requestWebhook({ url: 'http://hangs.test/#ct=100&rc=1&tt=3000', method: 'GET', params, authToken }, { lookup: silent });
  const f = failure(res, 11201);
  assert.equal(f.attempts, 2);
  assert.ok(f.elapsedMs >= 190 && f.elapsedMs < 2000, String(f.elapsedMs));
});

test('a host name that does not resolve is 11210 and is not retried', async () => {
  let lookups = 0;
  const nx: LookupFunction = (hostname, _opts, cb) => {
    lookups++;
    cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
  };
  const f = failure(await requestWebhook({ url: 'http://no-such-host.invalid/voice', method: 'POST', params, authToken }, { lookup: nx }), 11210);
  assert.equal(f.attempts, 1);
  assert.equal(lookups, 1);
  // The same through an injected fetch that fails the way undici does.
  const fetchImpl: typeof fetch = () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }) }));
  failure(await requestWebhook({ url: 'http://no-such-host.invalid/voice', method: 'POST', params, authToken }, { fetchImpl }), 11210);
});

test('an app that accepts but never answers hits the total timeout: 11203', async () => {
  const app = await rawServer(() => undefined);
  try {
    for (const req of [
      { url: `${app.origin}/slow#tt=300`, timeoutMs: undefined },
      { url: `${app.origin}/slow`, timeoutMs: 300 },
    ]) {
      const f = failure(await requestWebhook({ ...req, method: 'POST', params, authToken }), 11203);
      assert.ok(f.elapsedMs >= 290 && f.elapsedMs < 2000, String(f.elapsedMs));
      assert.equal(f.attempts, 1);
    }
    failure(await requestWebhook({ url: `${app.origin}/slow#tt=200`, method: 'POST', params, authToken }, { fetchImpl: fetch }), 11203);
  } finally {
    await app.close();
  }
});

test('a read timeout shorter than the total is 11205, retried when rp has rt', async () => {
  const app = await rawServer(() => undefined);
  let connections = 0;
  const counting = await rawServer(() => void connections++);
  try {
    const f = failure(await requestWebhook({ url: `${app.origin}/#rt=150&tt=2000`, method: 'GET', params, authToken }), 11205);
    assert.equal(f.attempts, 1);
    assert.ok(f.elapsedMs < 2000);
    const g = failure(await requestWebhook({ url: `${counting.origin}/#rt=100&tt=2000&rc=2&rp=rt`, method: 'GET', params, authToken }), 11205);
    assert.equal(g.attempts, 3);
    assert.equal(connections, 3);
    failure(await requestWebhook({ url: `${app.origin}/#rt=150&tt=2000`, method: 'GET', params, authToken }, { fetchImpl: fetch }), 11205);
  } finally {
    await app.close();
    await counting.close();
  }
});

test('a response that stalls mid-body is a read timeout too', async () => {
  const app = await rawServer((s) => s.once('data', () => s.write('HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100\r\n\r\n<Resp')));
  try {
    failure(await requestWebhook({ url: `${app.origin}/#rt=150&tt=2000`, method: 'GET', params, authToken }), 11205);
  } finally {
    await app.close();
  }
});

test('garbage instead of HTTP is 11206', async () => {
  const app = await rawServer((s) => s.once('data', () => s.end('SPEAK FRIEND AND ENTER\r\n\r\n')));
  try {
    failure(await requestWebhook({ url: app.origin, method: 'POST', params, authToken }), 11206);
    failure(await requestWebhook({ url: app.origin, method: 'POST', params, authToken }, { fetchImpl: fetch }), 11206);
  } finally {
    await app.close();
  }
});

test('a connection closed before (or during) the response is 11205', async () => {
  const early = await rawServer((s) => s.once('data', () => s.destroy()));
  const midway = await rawServer((s) => s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort')));
  try {
    failure(await requestWebhook({ url: early.origin, method: 'POST', params, authToken }), 11205);
    failure(await requestWebhook({ url: midway.origin, method: 'POST', params, authToken }), 11205);
  } finally {
    await early.close();
    await midway.close();
  }
});

test('a failed TLS handshake is 11220', async () => {
  const app = await rawServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
  try {
    const f = failure(await requestWebhook({ url: `https://127.0.0.1:${app.port}/`, method: 'POST', params, authToken }), 11220);
    assert.equal(f.attempts, 1);
  } finally {
    await app.close();
  }
});

test('rc retries a failing app until it answers; attempts are counted and share one idempotency token', async () => {
  let calls = 0;
  const app = await httpServer((_req, res) => void (++calls <= 2 ? res.writeHead(503).end('busy') : res.writeHead(200).end('<Response/>')));
  try {
    const ok = await requestWebhook({ url: `${app.origin}/#rc=2&rp=5xx`, method: 'POST', params, authToken });
    assert.ok(ok.ok);
    assert.equal(ok.attempts, 3);
    assert.equal(new Set(app.seen.map((r) => r.headers['i-twilio-idempotency-token'])).size, 1);
    calls = 0;
    const f = failure(await requestWebhook({ url: `${app.origin}/#rc=1&rp=5xx`, method: 'POST', params, authToken }), 11200);
    assert.equal(f.attempts, 2);
    assert.equal(f.status, 503);
    calls = 0;
    assert.equal(failure(await requestWebhook({ url: `${app.origin}/#rc=4&rp=4xx,ct`, method: 'POST', params, authToken }), 11200).attempts, 1);
  } finally {
    await app.close();
  }
});

test('an invalid retry policy is 11243 and nothing is sent; a non-http URL is 11100', async () => {
  const app = await httpServer((_req, res) => void res.end('x'));
  try {
    const f = failure(await requestWebhook({ url: `http://u:pw@127.0.0.1:${app.port}/#rp=sometimes`, method: 'POST', params, authToken }), 11243);
    assert.equal(f.attempts, 0);
    assert.equal(f.url, `http://127.0.0.1:${app.port}/`);
    assert.equal(app.seen.length, 0);
    failure(await requestWebhook({ url: 'ftp://example.org/x', method: 'GET', params, authToken }), 11100);
    failure(await requestWebhook({ url: '/relative/path', method: 'GET', params, authToken }), 11100);
  } finally {
    await app.close();
  }
});

test('a caller abort ends the request with 11200', async () => {
  const app = await rawServer(() => undefined);
  try {
    const f = failure(await requestWebhook({ url: app.origin, method: 'GET', params, authToken }, { signal: AbortSignal.timeout(100) }), 11200);
    assert.match(f.message, /abandoned/);
  } finally {
    await app.close();
  }
});

test('with oversize "fail", a body over maxBodyBytes is 11750', async () => {
  const app = await httpServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/xml' }).end('y'.repeat(5000)));
  try {
    const f = failure(await requestWebhook({ url: app.origin, method: 'GET', params, authToken }, { maxBodyBytes: 1000, oversize: 'fail' }), 11750);
    assert.equal(f.status, 200);
    assert.equal(f.body?.length, 1000);
    const t = await requestWebhook({ url: app.origin, method: 'GET', params, authToken }, { maxBodyBytes: 1000 });
    assert.ok(t.ok);
    assert.equal(t.body.length, 1000);
  } finally {
    await app.close();
  }
});
