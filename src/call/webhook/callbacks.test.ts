import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallbackQueue, defaultRetryable, type CallbackFailure } from './callbacks.ts';
import type { WebhookFailure } from './types.ts';
import { httpServer, TEST_TOKEN as authToken } from './webhook-testing.ts';

const fast = { backoffMs: [10, 20] };
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

test('callbacks for one call arrive in order even when the first is slow; other calls are not held up', async () => {
  const log: string[] = [];
  const app = await httpServer(async (req, res) => {
    const p = new URLSearchParams(req.body);
    const name = `${p.get('CallSid')}:${p.get('CallStatus')}`;
    log.push(`start ${name}`);
    if (name === 'CA1:initiated') await wait(150);
    log.push(`end ${name}`);
    res.writeHead(204).end();
  });
  const queue = new CallbackQueue(fast);
  try {
    const send = (sid: string, status: string) =>
      queue.enqueue(sid, { url: `${app.origin}/status`, method: 'POST', params: { CallSid: sid, CallStatus: status }, authToken });
    send('CA1', 'initiated');
    send('CA1', 'ringing');
    send('CA2', 'initiated');
    send('CA1', 'in-progress');
    send('CA1', 'completed');
    assert.equal(queue.size, 5);
    await queue.drain();
    assert.equal(queue.size, 0);
    const ca1 = log.filter((l) => l.includes('CA1'));
    assert.deepEqual(ca1, [
      'start CA1:initiated', 'end CA1:initiated', 'start CA1:ringing', 'end CA1:ringing',
      'start CA1:in-progress', 'end CA1:in-progress', 'start CA1:completed', 'end CA1:completed',
    ]);
    assert.ok(log.indexOf('end CA2:initiated') < log.indexOf('end CA1:initiated'), log.join('\n'));
  } finally {
    await app.close();
  }
});

test('a failing callback is retried with backoff, then reported once to onFailure', async () => {
  const app = await httpServer((_req, res) => void res.writeHead(500).end('down'));
  const failures: CallbackFailure[] = [];
  const slept: number[] = [];
  const queue = new CallbackQueue({
    backoffMs: [10, 20],
    sleep: (ms) => {
      slept.push(ms);
      return wait(ms);
    },
  });
  queue.onFailure((f) => failures.push(f));
  queue.onFailure(() => {
    throw new Error('a broken listener');
  });
  try {
    queue.enqueue('CA9', { url: `http://u:pw@127.0.0.1:${app.port}/cb#rc=0`, method: 'POST', params: { CallSid: 'CA9' }, authToken });
    await queue.drain();
    assert.equal(app.seen.length, 3);
    assert.deepEqual(slept, [10, 20]);
    assert.equal(failures.length, 1);
    const [f] = failures;
    assert.ok(f);
    assert.equal(f.key, 'CA9');
    assert.equal(f.deliveries, 3);
    assert.equal(f.result.code, 11200);
    assert.equal(f.result.status, 500);
    assert.equal(f.result.body, 'down');
    assert.deepEqual(f.request, { method: 'POST', url: `http://127.0.0.1:${app.port}/cb#rc=0`, params: { CallSid: 'CA9' } });
    assert.ok(!JSON.stringify(f).includes(authToken));
    assert.ok(!JSON.stringify(f).includes('pw'));
    // The queue still works after a listener threw.
    queue.enqueue('CA9', { url: `${app.origin}/again#rc=0`, method: 'GET', params: {}, authToken });
    await queue.drain();
    assert.equal(failures.length, 2);
  } finally {
    await app.close();
  }
});

test('a callback that fails once then succeeds is not reported', async () => {
  let n = 0;
  const app = await httpServer((_req, res) => void res.writeHead(++n === 1 ? 503 : 200).end());
  const queue = new CallbackQueue(fast);
  const failures: CallbackFailure[] = [];
  const off = queue.onFailure((f) => failures.push(f));
  try {
    queue.enqueue('CA3', { url: `${app.origin}/cb`, method: 'POST', params: {}, authToken });
    await queue.drain();
    assert.equal(app.seen.length, 2);
    assert.equal(failures.length, 0);
    off();
  } finally {
    await app.close();
  }
});

test('failures that cannot improve are reported after one delivery', async () => {
  const app = await httpServer((_req, res) => void res.writeHead(403).end('bad signature'));
  const queue = new CallbackQueue(fast);
  const failures: CallbackFailure[] = [];
  queue.onFailure((f) => failures.push(f));
  try {
    queue.enqueue('CA4', { url: `${app.origin}/cb`, method: 'POST', params: {}, authToken });
    queue.enqueue('CA4', { url: `${app.origin}/cb#rp=nope`, method: 'POST', params: {}, authToken });
    await queue.drain();
    assert.equal(app.seen.length, 1);
    assert.deepEqual(failures.map((f) => [f.result.code, f.deliveries]), [[11200, 1], [11243, 1]]);
  } finally {
    await app.close();
  }
});

test('a throwing sender counts as a failed delivery; drain on an empty queue resolves', async () => {
  await new CallbackQueue().drain();
  const failures: CallbackFailure[] = [];
  const queue = new CallbackQueue({ deliveries: 2, backoffMs: [1], send: () => Promise.reject(new Error('no network')) });
  queue.onFailure((f) => failures.push(f));
  queue.enqueue('CA5', { url: 'http://127.0.0.1:9/x', method: 'GET', params: {}, authToken });
  await queue.drain();
  assert.equal(failures[0]?.deliveries, 2);
  assert.equal(failures[0]?.result.message, 'no network');
});

test('defaultRetryable', () => {
  const f = (code: number, status?: number): WebhookFailure => ({ ok: false, code, message: '', url: '', attempts: 1, elapsedMs: 0, ...(status ? { status } : {}) });
  assert.equal(defaultRetryable(f(11200, 500)), true);
  assert.equal(defaultRetryable(f(11200, 429)), true);
  assert.equal(defaultRetryable(f(11200, 408)), true);
  assert.equal(defaultRetryable(f(11200, 404)), false);
  assert.equal(defaultRetryable(f(11202)), true);
  assert.equal(defaultRetryable(f(11203)), true);
  assert.equal(defaultRetryable(f(11243)), false);
  assert.equal(defaultRetryable(f(11100)), false);
});
