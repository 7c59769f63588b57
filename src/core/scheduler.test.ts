import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeScheduler, realScheduler } from './scheduler.ts';

test('fake scheduler fires timers at their due time, in order, including timers set by timers', () => {
  const s = new FakeScheduler(1000);
  const log: string[] = [];
  s.setTimer(500, () => log.push(`a@${s.now()}`));
  const b = s.setTimer(200, () => log.push(`b@${s.now()}`));
  s.setTimer(200, () => {
    log.push(`c@${s.now()}`);
    s.setTimer(100, () => log.push(`d@${s.now()}`));
  });
  s.clearTimer(b);
  s.advance(1000);
  assert.deepEqual(log, ['c@1200', 'd@1300', 'a@1500']);
  assert.equal(s.now(), 2000);
  assert.equal(s.pending, 0);
});

test('real scheduler runs and cancels timers on a monotonic clock', async () => {
  const s = realScheduler();
  const t0 = s.now();
  let fired = 0;
  s.setTimer(10, () => fired++);
  s.clearTimer(s.setTimer(5, () => (fired += 100)));
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(fired, 1);
  assert.ok(s.now() - t0 >= 10);
});
