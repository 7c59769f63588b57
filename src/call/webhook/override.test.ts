import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_OVERRIDES, parseOverrides } from './override.ts';

test('no fragment: the URL as given and Twilio defaults (5 s connect, 15 s read/total, 1 retry on ct)', () => {
  const r = parseOverrides('https://app.example.org/voice?x=1');
  assert.ok(r.ok);
  assert.equal(r.url, 'https://app.example.org/voice?x=1');
  assert.deepEqual(r.overrides, DEFAULT_OVERRIDES);
  assert.deepEqual([...r.overrides.retryPolicy], ['ct']);
  assert.equal(r.overrides.connectTimeoutMs, 5000);
  assert.equal(r.overrides.readTimeoutMs, 15000);
  assert.equal(r.overrides.totalTimeoutMs, 15000);
  assert.equal(r.overrides.retryCount, 1);
});

test('every documented key is read, and the fragment is removed from the URL', () => {
  const r = parseOverrides('https://app.example.org/voice?x=1#ct=500&rt=1000&tt=3000&rc=2&rp=ct,5xx&e=dublin&sni=y');
  assert.ok(r.ok);
  assert.equal(r.url, 'https://app.example.org/voice?x=1');
  const o = r.overrides;
  assert.equal(o.connectTimeoutMs, 500);
  assert.equal(o.readTimeoutMs, 1000);
  assert.equal(o.totalTimeoutMs, 3000);
  assert.equal(o.retryCount, 2);
  assert.deepEqual([...o.retryPolicy].sort(), ['5xx', 'ct']);
  assert.equal(o.edge, 'dublin');
  assert.equal(o.sni, 'y');
});

test('out-of-bounds numbers are clamped; values that are not whole numbers are ignored', () => {
  const r = parseOverrides('http://h/#ct=5&rt=99999&tt=20000&rc=9');
  assert.ok(r.ok);
  assert.equal(r.overrides.connectTimeoutMs, 100);
  assert.equal(r.overrides.readTimeoutMs, 15000);
  assert.equal(r.overrides.totalTimeoutMs, 15000);
  assert.equal(r.overrides.retryCount, 5);
  const bad = parseOverrides('http://h/#ct=abc&rc=-1&tt=1.5');
  assert.ok(bad.ok);
  assert.equal(bad.overrides.connectTimeoutMs, 5000);
  assert.equal(bad.overrides.retryCount, 1);
  assert.equal(bad.overrides.totalTimeoutMs, 15000);
});

test('rp=all means 4xx, 5xx, ct and rt; values are case-insensitive and may repeat', () => {
  const r = parseOverrides('http://h/#rp=all');
  assert.ok(r.ok);
  assert.deepEqual([...r.overrides.retryPolicy].sort(), ['4xx', '5xx', 'ct', 'rt']);
  const r2 = parseOverrides('http://h/#rp=RT,rt,4xx');
  assert.ok(r2.ok);
  assert.deepEqual([...r2.overrides.retryPolicy].sort(), ['4xx', 'rt']);
});

test('an unknown retry policy is 11243', () => {
  for (const url of ['http://h/x#rp=bogus', 'http://h/x#rp=ct,bogus', 'http://h/x#rp=', 'http://h/x#rc=2&rp=ct,,5xx']) {
    const r = parseOverrides(url);
    assert.equal(r.ok, false, url);
    if (!r.ok) {
      assert.equal(r.code, 11243);
      assert.equal(r.url, 'http://h/x');
    }
  }
});

test('a fragment without override keys is dropped; unknown keys are ignored', () => {
  const r = parseOverrides('http://h/page#section-2');
  assert.ok(r.ok);
  assert.equal(r.url, 'http://h/page');
  assert.deepEqual(r.overrides, DEFAULT_OVERRIDES);
  const r2 = parseOverrides('http://h/page#zz=1&ct=700');
  assert.ok(r2.ok);
  assert.equal(r2.overrides.connectTimeoutMs, 700);
});

test('caller defaults (the request\'s total timeout) apply unless the fragment sets the key', () => {
  const r = parseOverrides('http://h/', { totalTimeoutMs: 400, connectTimeoutMs: undefined });
  assert.ok(r.ok);
  assert.equal(r.overrides.totalTimeoutMs, 400);
  assert.equal(r.overrides.connectTimeoutMs, 5000);
  const r2 = parseOverrides('http://h/#tt=900', { totalTimeoutMs: 400 });
  assert.ok(r2.ok);
  assert.equal(r2.overrides.totalTimeoutMs, 900);
});
