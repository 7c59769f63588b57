import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NonceCountTracker } from './replay.ts';

const TTL = 60_000;

describe('nonce-count tracker', () => {
  it('accepts increasing nc per nonce and rejects equal or lower', () => {
    const t = new NonceCountTracker({ ttlMs: TTL });
    assert.equal(t.check('n1', 0, 1, 10), 'ok');
    assert.equal(t.check('n1', 0, 1, 11), 'replay');
    assert.equal(t.check('n1', 0, 3, 12), 'ok'); // gaps are fine (requests may be lost)
    assert.equal(t.check('n1', 0, 2, 13), 'replay');
    assert.equal(t.check('n2', 0, 1, 14), 'ok'); // counts are per nonce
  });

  it('never grows past its capacity, and never accepts a replay of an evicted nonce', () => {
    const t = new NonceCountTracker({ ttlMs: TTL, capacity: 100 });
    for (let i = 0; i < 10_000; i++) {
      assert.equal(t.check(`n${i}`, i, 1, i), 'ok');
      assert.ok(t.size <= 100);
    }
    assert.equal(t.size, 100);
    // n0 .. n9899 were evicted: a replay of any of them is not accepted
    assert.equal(t.check('n0', 0, 1, 10_000), 'forgotten');
    assert.equal(t.check('n9899', 9899, 2, 10_000), 'forgotten');
    // still tracked: normal behaviour
    assert.equal(t.check('n9999', 9999, 1, 10_000), 'replay');
    assert.equal(t.check('n9999', 9999, 2, 10_000), 'ok');
    // a nonce issued after the watermark is tracked normally
    assert.equal(t.check('fresh', 10_000, 1, 10_000), 'ok');
  });

  it('drops entries once their nonce has expired', () => {
    const t = new NonceCountTracker({ ttlMs: TTL });
    for (let i = 0; i < 50; i++) t.check(`n${i}`, 1000 + i, 1, 1000 + i);
    assert.equal(t.size, 50);
    t.check('late', 1000 + TTL + 25, 1, 1000 + TTL + 25); // n0..n24 are now older than the TTL
    assert.equal(t.size, 26);
    t.check('later', 5 * TTL, 1, 5 * TTL);
    assert.equal(t.size, 1);
  });

  it('validates its capacity', () => {
    assert.throws(() => new NonceCountTracker({ ttlMs: TTL, capacity: 0 }), RangeError);
  });
});
