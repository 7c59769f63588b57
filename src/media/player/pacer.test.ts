import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeScheduler, realScheduler, seededRandom, type Scheduler } from '../../core/index.ts';
import { Pacer, type PacerTick } from './pacer.ts';

/** A FakeScheduler whose timers fire late by `lateness()` ms, like setTimeout under load. */
function sluggish(fake: FakeScheduler, lateness: () => number): Scheduler {
  return {
    now: () => fake.now(),
    setTimer: (ms, fn) => fake.setTimer(ms + lateness(), fn),
    clearTimer: (h) => fake.clearTimer(h),
  };
}

describe('Pacer', () => {
  it('sends exactly 30,000 frames in 10 minutes of fake time with random timer lateness, without drift', () => {
    const fake = new FakeScheduler(0);
    const rnd = seededRandom(20);
    let maxInjected = 0;
    const late = () => {
      const r = rnd();
      const ms = r < 0.7 ? r * 4 : r < 0.95 ? 3 + rnd() * 12 : 20 + rnd() * 100;
      maxInjected = Math.max(maxInjected, ms);
      return ms;
    };
    const ticks: (PacerTick & { sentAt: number })[] = [];
    const pacer = new Pacer({ scheduler: sluggish(fake, late), onFrame: (t) => ticks.push({ ...t, sentAt: fake.now() }) });
    pacer.start();
    fake.advance(10 * 60_000 + 200); // 200 ms more than the worst lateness, so every frame due in the 10 minutes went out
    pacer.stop();
    fake.advance(1000);
    const inWindow = ticks.filter((t) => t.dueAt < 600_000);
    assert.equal(inWindow.length, 30_000);
    ticks.forEach((t, i) => {
      assert.equal(t.index, i);
      assert.equal(t.dueAt, i * 20, `frame ${i} is due at start + n × 20 ms`);
      assert.ok(t.sentAt >= t.dueAt - 1, `frame ${i} sent early`);
    });
    const lateness = ticks.map((t) => t.sentAt - t.dueAt);
    const maxDrift = Math.max(...lateness);
    assert.ok(maxDrift <= maxInjected + 1e-9, `max drift ${maxDrift.toFixed(1)} ms > worst timer lateness ${maxInjected.toFixed(1)} ms`);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const early = mean(lateness.slice(0, 3000));
    const lateMean = mean(lateness.slice(-3000));
    assert.ok(Math.abs(lateMean - early) < 3, `lateness does not accumulate: first ${early.toFixed(2)} ms, last ${lateMean.toFixed(2)} ms`);
    const stats = pacer.stats;
    assert.equal(stats.frames, ticks.length);
    assert.equal(stats.skipped, 0);
    assert.ok(stats.lateTicks > 100, `late ticks caught up (${stats.lateTicks})`);
    assert.equal(stats.lateFrames, lateness.filter((l) => l >= 20).length);
    assert.equal(stats.maxLatenessMs, maxDrift);
  });

  it('is not what a naive setTimeout(20) loop does (that one drifts by the sum of the lateness)', () => {
    const fake = new FakeScheduler(0);
    const s = sluggish(fake, () => 1);
    let naive = 0;
    const loop = () => {
      naive++;
      s.setTimer(20, loop);
    };
    s.setTimer(0, loop);
    let paced = 0;
    new Pacer({ scheduler: s, onFrame: () => void paced++ }).start();
    fake.advance(60_000);
    assert.ok(paced >= 2999 && paced <= 3001, `paced ${paced}`);
    assert.ok(naive < 2900, `naive ${naive}`);
  });

  it('caps a catch-up burst at maxBurst and skips the remaining slots', () => {
    const fake = new FakeScheduler(0);
    let stall = false;
    const sched = sluggish(fake, () => (stall ? ((stall = false), 500) : 0));
    const ticks: PacerTick[] = [];
    const sentAt: number[] = [];
    const pacer = new Pacer({ scheduler: sched, maxBurst: 10, onFrame: (t) => (ticks.push(t), sentAt.push(fake.now())) });
    pacer.start();
    fake.advance(100); // frames 0–5 on time; the timer for frame 6 (120 ms) is already armed
    stall = true; // so the timer armed at 120 ms for frame 7 (140 ms) fires at 640 ms
    fake.advance(1000);
    const stats = pacer.stats;
    // At 640 ms frames 7…32 (26) are due: 10 are sent at once, 16 slots are given up.
    assert.equal(stats.skipped, 16);
    assert.deepEqual(sentAt.filter((t) => t === 640).length, 10);
    assert.equal(stats.lateTicks, 1);
    // After the skip, frames are again evenly spaced on the moved origin, and the next is on time.
    const after = ticks.filter((_, i) => sentAt[i]! > 640);
    assert.equal(after[0]!.dueAt, 660);
    after.forEach((t, i) => assert.equal(sentAt[ticks.indexOf(t)], t.dueAt, `frame ${t.index} on time`));
    assert.equal(ticks.at(-1)!.index, ticks.length - 1, 'indices stay contiguous');
  });

  it('stops from inside onFrame and restarts on a fresh origin', () => {
    const fake = new FakeScheduler(1000);
    const ticks: PacerTick[] = [];
    const pacer: Pacer = new Pacer({ scheduler: fake, onFrame: (t) => (ticks.push(t), t.index === 4 && pacer.stop()) });
    pacer.start();
    fake.advance(1000);
    assert.equal(ticks.length, 5);
    assert.equal(pacer.running, false);
    assert.equal(fake.pending, 0);
    fake.advance(7);
    pacer.start();
    fake.advance(40);
    assert.deepEqual(ticks.slice(5).map((t) => [t.index, t.dueAt]), [[0, 2007], [1, 2027], [2, 2047]]);
  });

  it('paces 30 ms frames for ptime 30', () => {
    const fake = new FakeScheduler(0);
    let n = 0;
    const pacer = new Pacer({ scheduler: fake, ptimeMs: 30, onFrame: () => void n++ });
    pacer.start();
    fake.advance(9_999);
    assert.equal(n, 334);
    assert.throws(() => new Pacer({ scheduler: fake, ptimeMs: 0, onFrame: () => {} }), RangeError);
  });

  it('keeps 20 ms ± 1 ms on the real clock over 250 frames, without cumulative drift', async () => {
    const sched = realScheduler();
    const sent: number[] = [];
    const dues: number[] = [];
    const keepAlive = setTimeout(() => {}, 30_000);
    await new Promise<void>((resolve) => {
      const pacer: Pacer = new Pacer({
        scheduler: sched,
        onFrame: (t) => {
          sent.push(sched.now());
          dues.push(t.dueAt);
          if (sent.length === 250) {
            pacer.stop();
            resolve();
          }
        },
      });
      pacer.start();
    });
    clearTimeout(keepAlive);
    const mean = (sent.at(-1)! - sent[0]!) / 249;
    assert.ok(Math.abs(mean - 20) <= 1, `mean interval ${mean.toFixed(3)} ms`);
    assert.equal(dues.at(-1)! - dues[0]!, 249 * 20, 'due times are exact multiples of ptime');
    const lastLate = sent.at(-1)! - dues.at(-1)!;
    assert.ok(lastLate < 40, `the 250th frame is ${lastLate.toFixed(2)} ms late (no accumulated drift)`);
  });
});
