import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ByteLru, cachePolicy, isStorable, mergeNotModified, parseCacheControl } from './index.ts';

const h = (o: Record<string, string>) => new Headers(o);

describe('cache policy', () => {
  it('parses Cache-Control directives', () => {
    const cc = parseCacheControl('Public, MAX-AGE=60, s-maxage="120", no-cache');
    assert.equal(cc.get('max-age'), '60');
    assert.equal(cc.get('s-maxage'), '120');
    assert.equal(cc.get('no-cache'), true);
  });

  it('prefers s-maxage, subtracts Age, falls back to Expires - Date', () => {
    assert.equal(cachePolicy(h({ 'cache-control': 'max-age=10, s-maxage=100' })).freshForMs, 100_000);
    assert.equal(cachePolicy(h({ 'cache-control': 'max-age=10', age: '4' })).freshForMs, 6_000);
    const date = 'Tue, 01 Jul 2025 10:00:00 GMT';
    assert.equal(cachePolicy(h({ date, expires: 'Tue, 01 Jul 2025 10:05:00 GMT' })).freshForMs, 300_000);
    assert.equal(cachePolicy(h({ date, expires: '0' })).freshForMs, 0);
  });

  it('decides what is storable', () => {
    assert.equal(isStorable(cachePolicy(h({ 'cache-control': 'max-age=5' }))), true);
    assert.equal(isStorable(cachePolicy(h({ etag: '"a"' }))), true);
    assert.equal(isStorable(cachePolicy(h({}))), false);
    assert.equal(isStorable(cachePolicy(h({ 'cache-control': 'no-store', etag: '"a"' }))), false);
    assert.equal(isStorable(cachePolicy(h({ 'cache-control': 'private, max-age=60' }))), false);
  });

  it('merges a 304 over the stored policy', () => {
    const stored = cachePolicy(h({ 'cache-control': 'max-age=10', etag: '"a"', 'last-modified': 'x' }));
    const kept = mergeNotModified(stored, h({}));
    assert.equal(kept.freshForMs, 10_000);
    const merged = mergeNotModified(stored, h({ 'cache-control': 'max-age=99', etag: '"b"' }));
    assert.equal(merged.freshForMs, 99_000);
    assert.equal(merged.etag, '"b"');
    assert.equal(merged.lastModified, 'x');
  });
});

describe('ByteLru', () => {
  it('evicts least recently used by size and refuses oversize values', () => {
    const lru = new ByteLru<Uint8Array>(10, (v) => v.byteLength);
    lru.set('a', new Uint8Array(4));
    lru.set('b', new Uint8Array(4));
    lru.get('a');
    lru.set('c', new Uint8Array(4));
    assert.equal(lru.has('b'), false);
    assert.equal(lru.has('a'), true);
    assert.equal(lru.bytes, 8);
    assert.equal(lru.set('huge', new Uint8Array(11)), false);
    assert.equal(lru.bytes, 8);
  });
});
