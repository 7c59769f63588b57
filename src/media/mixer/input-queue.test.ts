import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputQueue } from './input-queue.ts';
import { Limiter } from './limiter.ts';

const ramp = (from: number, n: number) => Int16Array.from({ length: n }, (_, i) => from + i);

describe('InputQueue', () => {
  it('re-frames any packet size across the ring\'s wrap, in order', () => {
    const q = new InputQueue(4, 3, 0);
    const out = new Int16Array(4);
    const got: number[] = [];
    let next = 0;
    for (let k = 0; k < 20; k++) {
      const n = [3, 5, 4, 6][k % 4]!;
      if (q.length + n <= 12) {
        q.push(ramp(next, n));
        next += n;
      }
      while (q.take(out)) got.push(...out);
    }
    assert.deepEqual(got, Array.from({ length: got.length }, (_, i) => i));
    assert.equal(q.stats.overflowSamples, 0);
  });

  it('keeps only the newest samples of a packet larger than the ring', () => {
    const q = new InputQueue(2, 2, 0);
    q.push(ramp(0, 7));
    const out = new Int16Array(2);
    assert.equal(q.take(out), true);
    assert.deepEqual([...out], [3, 4]);
    assert.equal(q.take(out), true);
    assert.deepEqual([...out], [5, 6]);
    assert.equal(q.stats.overflowSamples, 3);
    assert.equal(q.take(out), false);
    assert.equal(q.stats.underruns, 1);
  });

  it('gives back a frame of latency once a spare frame stayed for drainAfterTicks', () => {
    const q = new InputQueue(2, 3, 5);
    const out = new Int16Array(2);
    q.push(ramp(0, 2)); // one frame ahead: a frame arrived early (or the one before came late)
    let next = 2;
    const got: number[] = [];
    for (let k = 0; k < 10; k++) {
      q.push(ramp(next, 2));
      next += 2;
      if (q.take(out)) got.push(out[0]!);
    }
    assert.equal(q.stats.drained, 1);
    assert.equal(q.length, 0, 'back to no spare frame');
    assert.deepEqual(got, [0, 2, 4, 6, 8, 12, 14, 16, 18, 20], 'one frame (10, 11) dropped');
  });
});

describe('Limiter', () => {
  it('soft: exact below the knee, continuous and monotonic above, never beyond int16', () => {
    const l = new Limiter('soft', 0.75);
    let prev = -Infinity;
    for (let v = 0; v <= 200_000; v += 7) {
      const y = l.soft(v);
      if (v <= 24575) assert.equal(y, v);
      assert.ok(y >= prev && y <= 32767, `soft(${v}) = ${y}`);
      assert.equal(l.soft(-v), -y);
      prev = y;
    }
    assert.ok(l.soft(24575 + 100) >= 24575 + 99, 'slope ≈ 1 at the knee');
  });
});
