import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeScheduler } from '../../core/index.ts';
import { PlayQueue } from './play-queue.ts';
import { Player, type PlayerEvents } from './player.ts';
import { silence, tone } from './tones.ts';

function ramp(n: number, start = 1): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => start + i);
}

function setup(options: { maxLoops?: number; ptimeMs?: number } = {}) {
  const fake = new FakeScheduler(0);
  const frames: Int16Array[] = [];
  const times: number[] = [];
  const events: string[] = [];
  const player = new Player({ scheduler: fake, sink: (f) => (frames.push(f), times.push(fake.now())), ...options });
  for (const name of ['started', 'finished', 'interrupted', 'cancelled', 'idle'] as const) {
    player.on(name, (...args: PlayerEvents[typeof name]) => {
      const info = args[0];
      events.push(info ? `${name}:${info.id}` : name);
    });
  }
  return { fake, frames, times, events, player };
}

const flat = (frames: Int16Array[]) => frames.flatMap((f) => [...f]);

describe('PlayQueue', () => {
  it('cuts sources into frames back to back and pads the last frame with silence', () => {
    const q = new PlayQueue();
    q.enqueue({ samples: ramp(5, 1) });
    q.enqueue({ samples: ramp(3, 100), loop: 2 });
    const f = new Int16Array(4);
    const got: number[] = [];
    const ev: string[] = [];
    for (let i = 0; i < 4; i++) {
      for (const e of q.fill(f)) ev.push(e.type === 'started' ? `s${e.item.id}` : `e${e.outcome.id}:${e.outcome.status}:${e.outcome.playedSamples}`);
      got.push(...f);
    }
    assert.deepEqual(got, [1, 2, 3, 4, 5, 100, 101, 102, 100, 101, 102, 0, 0, 0, 0, 0]);
    assert.deepEqual(ev, ['s1', 'e1:finished:5', 's2', 'e2:finished:6']);
    assert.equal(q.length, 0);
  });

  it('caps loop 0 at maxLoops, refuses a negative or fractional loop, and finishes empty sources at once', () => {
    const q = new PlayQueue({ maxLoops: 3 });
    assert.equal(q.enqueue({ samples: ramp(2), loop: 0 }).loops, 3);
    assert.equal(q.enqueue({ samples: ramp(2), loop: 5000 }).loops, 3);
    assert.throws(() => q.enqueue({ samples: ramp(2), loop: -1 }), RangeError);
    assert.throws(() => q.enqueue({ samples: ramp(2), loop: 1.5 }), RangeError);
    const e = new PlayQueue();
    e.enqueue({ samples: new Int16Array(0), loop: 0 });
    const ev = e.fill(new Int16Array(4));
    assert.deepEqual(ev.map((x) => x.type), ['started', 'ended']);
  });
});

describe('Player', () => {
  it('sends 160-sample frames every 20 ms from the first frame slot, then goes idle', async () => {
    const { fake, frames, times, events, player } = setup();
    const h = player.play({ samples: ramp(400), label: 'prompt' });
    assert.equal(frames.length, 0, 'nothing is sent synchronously');
    assert.equal(player.playing, true);
    fake.advance(1000);
    assert.equal(frames.length, 3);
    assert.ok(frames.every((f) => f.length === 160));
    assert.deepEqual(times, [0, 20, 40]);
    assert.deepEqual(flat(frames), [...ramp(400), ...new Array(80).fill(0)]);
    assert.deepEqual(events, ['started:1', 'finished:1', 'idle']);
    assert.equal(player.playing, false);
    assert.equal(fake.pending, 0, 'no timer left running');
    const outcome = await h.done;
    assert.deepEqual([outcome.status, outcome.playedSamples, outcome.playedMs, outcome.label, outcome.loopsCompleted], ['finished', 400, 50, 'prompt', 1]);
  });

  it('plays a queue of WAV/TTS/tone/silence buffers in order with loops, gaplessly', () => {
    const { fake, frames, events, player } = setup();
    player.play({ samples: ramp(100, 1), loop: 2 });
    player.play({ samples: silence(10) });
    player.play({ samples: ramp(20, 1000) });
    fake.advance(1000);
    assert.deepEqual(flat(frames), [...ramp(100, 1), ...ramp(100, 1), ...new Array(80).fill(0), ...ramp(20, 1000), ...new Array(160 * 2 - 300).fill(0)]);
    assert.deepEqual(events, ['started:1', 'finished:1', 'started:2', 'finished:2', 'started:3', 'finished:3', 'idle']);
  });

  it('loop 0 repeats up to the cap (Twilio plays at most 1000 times)', async () => {
    const { fake, player } = setup({ maxLoops: 1000 });
    const h = player.play({ samples: tone(1000, 20), loop: 0 });
    assert.equal(h.info.loops, 1000);
    fake.advance(1000 * 20 + 100);
    const o = await h.done;
    assert.equal(o.loopsCompleted, 1000);
    assert.equal(o.playedMs, 20_000);
  });

  it('interrupt() returns at once with how much was played, cancels the queue, and stops the clock', async () => {
    const { fake, frames, events, player } = setup();
    const a = player.play({ samples: tone(440, 3000) });
    const b = player.play({ samples: tone(880, 1000) });
    fake.advance(1010); // frames at 0, 20, … 1000 → 51 frames
    const report = player.interrupt();
    assert.equal(report.playedMs, 51 * 20);
    assert.equal(report.interrupted?.id, a.id);
    assert.equal(report.interrupted?.status, 'interrupted');
    assert.deepEqual(report.cancelled.map((c) => [c.id, c.status, c.playedSamples]), [[b.id, 'cancelled', 0]]);
    assert.deepEqual(events, ['started:1', 'interrupted:1', 'cancelled:2', 'idle']);
    assert.equal((await a.done).status, 'interrupted');
    assert.equal((await b.done).status, 'cancelled');
    fake.advance(1000);
    assert.equal(frames.length, 51, 'no frame after interrupt');
    assert.equal(fake.pending, 0);
    assert.deepEqual(player.stop(), { interrupted: undefined, cancelled: [], playedMs: 0 });
  });

  it('can be interrupted from inside the sink (a digit detected while a frame goes out)', () => {
    const fake = new FakeScheduler(0);
    let n = 0;
    let report: ReturnType<Player['interrupt']> | undefined;
    const player: Player = new Player({
      scheduler: fake,
      sink: () => {
        if (++n === 3) report = player.interrupt();
      },
    });
    player.play({ samples: tone(440, 1000) });
    fake.advance(1000);
    assert.equal(n, 3);
    assert.equal(report?.playedMs, 60);
    assert.equal(player.playing, false);
  });

  it('plays something queued after an interrupt from a fresh frame slot', () => {
    const { fake, times, player } = setup();
    player.play({ samples: tone(440, 1000) });
    fake.advance(105);
    player.interrupt();
    fake.advance(3);
    player.play({ samples: ramp(160) });
    fake.advance(100);
    assert.deepEqual(times, [0, 20, 40, 60, 80, 100, 108]);
  });

  it('skip() ends only the playing item', async () => {
    const { fake, frames, player } = setup();
    const a = player.play({ samples: tone(440, 1000) });
    player.play({ samples: ramp(160, 7) });
    fake.advance(30);
    const o = player.skip();
    assert.equal(o?.id, a.id);
    assert.equal(o?.playedMs, 40);
    fake.advance(100);
    assert.deepEqual([...frames.at(-1)!], [...ramp(160, 7)]);
    assert.equal(player.playing, false);
  });

  it('a listener can queue the next item when one finishes (no gap, no idle)', () => {
    const { fake, events, times, player } = setup();
    let chained = false;
    player.on('finished', () => {
      if (!chained) player.play({ samples: ramp(160) });
      chained = true;
    });
    player.play({ samples: ramp(160) });
    fake.advance(200);
    assert.deepEqual(times, [0, 20]);
    assert.deepEqual(events, ['started:1', 'finished:1', 'started:2', 'finished:2', 'idle']);
  });

  it('stops and reports through failed when the sink throws (rethrows without a listener)', () => {
    const fake = new FakeScheduler(0);
    const player = new Player({
      scheduler: fake,
      sink: () => {
        throw new Error('socket gone');
      },
    });
    const failures: unknown[] = [];
    player.on('failed', (e) => failures.push(e));
    player.play({ samples: tone(440, 1000) });
    fake.advance(100);
    assert.equal(failures.length, 1);
    assert.equal(player.playing, false);
    const bare = new Player({
      scheduler: fake,
      sink: () => {
        throw new Error('boom');
      },
    });
    bare.play({ samples: tone(440, 100) });
    assert.throws(() => fake.advance(20), /boom/);
  });

  it('does not go idle when an interrupted listener queues the next prompt', () => {
    const { fake, events, times, player } = setup();
    player.on('interrupted', () => player.play({ samples: ramp(160) }));
    player.play({ samples: tone(440, 1000) });
    fake.advance(30);
    player.interrupt();
    assert.equal(player.playing, true);
    fake.advance(100);
    assert.deepEqual(events, ['started:1', 'interrupted:1', 'started:2', 'finished:2', 'idle']);
    assert.deepEqual(times, [0, 20, 30]);
  });

  it('uses 240-sample frames every 30 ms at ptime 30', () => {
    const { fake, frames, times, player } = setup({ ptimeMs: 30 });
    player.play({ samples: ramp(480) });
    fake.advance(100);
    assert.deepEqual(times, [0, 30]);
    assert.ok(frames.every((f) => f.length === 240));
    assert.throws(() => new Player({ scheduler: fake, sink: () => {}, ptimeMs: 0.01 }), RangeError);
  });
});
