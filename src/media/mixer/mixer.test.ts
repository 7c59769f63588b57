import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Collector, allocatedBytes, peak, sine, toneAmplitude } from './mixer.fixture.ts';
import { Mixer } from './mixer.ts';
import { pcmSource } from './source.ts';
import type { MixerOptions } from './types.ts';

const F = 160;

/** A participant sending an endless tone, one frame per tick. */
class Talker {
  readonly out = new Collector();
  private pos = 0;
  constructor(readonly id: string, readonly freq: number, readonly amp = 8000) {}
  next(): Int16Array {
    const frame = sine(this.freq, F, this.amp, this.pos);
    this.pos += F;
    return frame;
  }
}

function conference(talkers: Talker[], options: MixerOptions = {}) {
  const mixer = new Mixer(options);
  for (const t of talkers) mixer.add(t.id, t.out.sink);
  const run = (ticks: number, who: readonly Talker[] = talkers) => {
    for (let k = 0; k < ticks; k++) {
      for (const t of who) mixer.push(t.id, t.next());
      mixer.tick();
    }
  };
  return { mixer, run };
}

/** Goertzel amplitudes at `freqs` over the frames from `from` on. */
function heard(t: Talker, freqs: readonly number[], from = 0, to?: number): number[] {
  const frames = t.out.frames.slice(from, to);
  const pcm = new Int16Array(frames.length * F);
  frames.forEach((f, i) => pcm.set(f, i * F));
  return freqs.map((f) => toneAmplitude(pcm, f));
}

describe('Mixer: everyone hears the others, not themselves', () => {
  it('three tones at 400, 600 and 800 Hz: each output holds the other two frequencies only', () => {
    const talkers = [new Talker('p1', 400), new Talker('p2', 600), new Talker('p3', 800)];
    const { run } = conference(talkers);
    run(50);
    const freqs = [400, 600, 800];
    for (const t of talkers) {
      assert.equal(t.out.frames.length, 50);
      const amps = heard(t, freqs);
      freqs.forEach((f, i) => {
        if (f === t.freq) assert.ok(amps[i]! < 1, `${t.id} hears its own ${f} Hz: ${amps[i]}`);
        else assert.ok(Math.abs(amps[i]! - 8000) < 80, `${t.id} hears ${f} Hz at ${amps[i]}`);
      });
    }
  });

  it('a muted participant is heard by nobody and hears everyone', () => {
    const talkers = [new Talker('p1', 400), new Talker('p2', 600), new Talker('p3', 800)];
    const { mixer, run } = conference(talkers);
    run(10);
    mixer.setMuted('p2', true);
    assert.equal(mixer.isMuted('p2'), true);
    run(40);
    const [p1, p2, p3] = talkers as [Talker, Talker, Talker];
    const amps = (t: Talker) => heard(t, [400, 600, 800], 10).map((a) => Math.round(a));
    assert.ok(amps(p1)[1]! < 1 && amps(p1)[2]! > 7900, `p1 ${amps(p1)}`);
    assert.ok(amps(p3)[1]! < 1 && amps(p3)[0]! > 7900, `p3 ${amps(p3)}`);
    assert.ok(amps(p2)[0]! > 7900 && amps(p2)[2]! > 7900 && amps(p2)[1]! < 1, `p2 ${amps(p2)}`);
    mixer.setMuted('p2', false);
    run(20);
    assert.ok(heard(p1, [600], 50)[0]! > 7900, 'heard again once unmuted');
  });
});

describe('Mixer: clipping', () => {
  it('all at full scale: outputs saturate at int16 and never wrap (hard)', () => {
    const mixer = new Mixer();
    const outs = [new Collector(), new Collector(), new Collector()];
    outs.forEach((c, i) => mixer.add(`p${i}`, c.sink));
    for (const level of [32767, -32768]) {
      for (let i = 0; i < 3; i++) mixer.push(`p${i}`, new Int16Array(F).fill(level));
      mixer.tick();
    }
    for (const c of outs) {
      assert.ok(c.frames[0]!.every((v) => v === 32767), 'two at +full scale → 32767, not a wrapped negative');
      assert.ok(c.frames[1]!.every((v) => v === -32768), 'two at −full scale → −32768');
    }
  });

  it('full-scale sines in phase: the mix follows the true sum\'s sign and stays in range (hard and soft)', () => {
    for (const limiter of ['hard', 'soft'] as const) {
      const mixer = new Mixer({ limiter });
      const outs = [new Collector(), new Collector(), new Collector(), new Collector()];
      outs.forEach((c, i) => mixer.add(`p${i}`, c.sink));
      const tone = sine(500, F, 32767);
      for (let k = 0; k < 5; k++) {
        for (let i = 0; i < 4; i++) mixer.push(`p${i}`, tone);
        mixer.tick();
      }
      for (const c of outs) {
        const f = c.frames[4]!;
        for (let i = 0; i < F; i++) {
          const sum = 3 * tone[i]!;
          assert.ok(f[i]! >= -32768 && f[i]! <= 32767);
          assert.ok(Math.sign(f[i]!) === Math.sign(sum), `${limiter}: sample ${i} is ${f[i]} for a sum of ${sum}`);
          if (Math.abs(sum) <= 24575) assert.equal(f[i], sum, `${limiter}: below the knee the mix is exact`);
        }
        if (limiter === 'soft') assert.ok(peak(f) < 32767 && peak(f) > 30_000, `soft peak ${peak(f)}`);
      }
    }
  });
});

describe('Mixer: play-to-all', () => {
  it('is heard by every participant, muted ones too, and reports its end', () => {
    const talkers = [new Talker('p1', 400), new Talker('p2', 600)];
    const { mixer, run } = conference(talkers);
    const ended: string[] = [];
    mixer.on('play-ended', (e) => ended.push(e.reason));
    mixer.setMuted('p2', true);
    mixer.play(pcmSource(sine(1000, 20 * F + 80, 5000)));
    assert.equal(mixer.playing, true);
    run(25);
    for (const t of talkers) {
      assert.ok(Math.abs(heard(t, [1000], 0, 20)[0]! - 5000) < 60, `${t.id} hears the announcement`);
      assert.ok(heard(t, [1000], 21)[0]! < 1, `${t.id}: it ended`);
    }
    assert.deepEqual(ended, ['finished']);
    assert.equal(mixer.playing, false);
    assert.equal(mixer.stats.playFrames, 21);
  });

  it('loops hold music until stopped', () => {
    const c = new Collector();
    const mixer = new Mixer();
    mixer.add('p', c.sink);
    const ended: string[] = [];
    mixer.on('play-ended', (e) => ended.push(e.reason));
    mixer.play(pcmSource(sine(500, 400, 3000), true)); // 50 ms: 20 whole periods of 500 Hz, loops seamlessly
    for (let k = 0; k < 30; k++) mixer.tick();
    assert.ok(Math.abs(toneAmplitude(c.joined(), 500) - 3000) < 40);
    mixer.play(undefined);
    mixer.tick();
    assert.ok(c.frames.at(-1)!.every((v) => v === 0));
    assert.deepEqual(ended, ['stopped']);
  });
});

describe('Mixer: membership and missing input', () => {
  it('participants join and leave mid-stream', () => {
    const [p1, p2, p3] = [new Talker('p1', 400), new Talker('p2', 600), new Talker('p3', 800)];
    const { mixer, run } = conference([p1, p2]);
    run(20, [p1, p2]);
    mixer.add('p3', p3.out.sink);
    run(20, [p1, p2, p3]);
    assert.equal(p3.out.frames.length, 20, 'p3 is sent frames from its first tick');
    assert.ok(heard(p1, [800], 0, 20)[0]! < 1, 'p1 does not hear p3 before it joined');
    assert.ok(heard(p1, [800], 20)[0]! > 7900, 'p1 hears p3 after it joined');
    assert.ok(heard(p3, [400], 0)[0]! > 7900 && heard(p3, [600], 0)[0]! > 7900, 'p3 hears p1 and p2');
    assert.equal(mixer.remove('p2'), true);
    assert.equal(mixer.remove('p2'), false);
    assert.equal(mixer.push('p2', p2.next()), false, 'a packet after leaving is ignored');
    run(20, [p1, p3]);
    assert.equal(p2.out.frames.length, 40, 'p2 is sent nothing after leaving');
    assert.ok(heard(p1, [600], 40)[0]! < 1 && heard(p3, [600], 20)[0]! < 1, 'nobody hears p2 after it left');
    assert.ok(heard(p3, [400], 20)[0]! > 7900, 'p3 still hears p1');
    assert.equal(mixer.size, 2);
    assert.throws(() => mixer.add('p1', () => {}), RangeError);
  });

  it('a participant may leave from inside a tick (its sink)', () => {
    const mixer = new Mixer();
    const got: string[] = [];
    mixer.add('a', () => { got.push('a'); mixer.remove('b'); });
    mixer.add('b', () => got.push('b'));
    mixer.add('c', () => got.push('c'));
    mixer.tick();
    mixer.tick();
    assert.deepEqual(got, ['a', 'c', 'a', 'c']);
    assert.equal(mixer.size, 2);
  });

  it('missing frames are silence; a late frame plays at the next tick', () => {
    const speaker = new Talker('s', 400);
    const listener = new Collector();
    const mixer = new Mixer();
    mixer.add('s', speaker.out.sink);
    mixer.add('l', listener.sink);
    const frames = [0, 1, 2, 3].map(() => speaker.next());
    mixer.push('s', frames[0]!);
    mixer.tick();
    mixer.tick(); // frame 1 is late
    mixer.push('s', frames[1]!);
    mixer.push('s', frames[2]!);
    mixer.tick();
    mixer.tick(); // frame 2 waited one tick
    mixer.tick(); // nothing left
    const f = listener.frames;
    assert.deepEqual(f[0], frames[0]);
    assert.ok(f[1]!.every((v) => v === 0), 'missing → silence');
    assert.deepEqual(f[2], frames[1]);
    assert.deepEqual(f[3], frames[2], 'the late frame is not lost');
    assert.ok(f[4]!.every((v) => v === 0));
    const stats = mixer.participantStats('s')!;
    assert.equal(stats.underruns, 2);
    assert.equal(stats.frames, 3);
  });

  it('takes 30 ms packets and mixes them in 20 ms frames without gaps', () => {
    const listener = new Collector();
    const mixer = new Mixer();
    mixer.add('s', () => {});
    mixer.add('l', listener.sink);
    const tone = sine(440, 240 * 40, 6000);
    let sent = 0;
    for (let ms = 0; ms < 600; ms += 10) {
      if (ms % 30 === 0) mixer.push('s', tone.subarray(sent, (sent += 240)));
      if (ms % 20 === 0) mixer.tick();
    }
    assert.equal(mixer.participantStats('s')!.underruns, 1, 'only at the start, before a second packet came');
    assert.deepEqual(listener.frames[0], tone.subarray(0, F));
    assert.ok(listener.frames[1]!.every((v) => v === 0));
    const played = listener.joined(2);
    assert.equal(played.length, 28 * F);
    assert.deepEqual(played, tone.slice(F, F + played.length), 'from then on every sample, in order');
  });

  it('an overflowing queue drops the oldest samples', () => {
    const mixer = new Mixer({ queueFrames: 3 });
    const c = new Collector();
    mixer.add('s', () => {});
    mixer.add('l', c.sink);
    const frames = [1, 2, 3, 4, 5].map((v) => new Int16Array(F).fill(v));
    for (const f of frames) mixer.push('s', f);
    for (let k = 0; k < 4; k++) mixer.tick();
    assert.deepEqual(c.frames.map((f) => f[0]), [3, 4, 5, 0]);
    assert.equal(mixer.participantStats('s')!.overflowSamples, 2 * F);
  });
});

describe('Mixer: speaking detection', () => {
  it('reports start and stop once per talk spurt, with hysteresis', () => {
    const mixer = new Mixer({ speaking: { attackFrames: 2, hangoverFrames: 5 } });
    const events: string[] = [];
    mixer.on('speaking', (e) => events.push(`${e.id} ${e.speaking ? 'on' : 'off'} ${Number.isFinite(e.levelDb) ? Math.round(e.levelDb) : e.levelDb}`));
    mixer.add('s', () => {});
    const loud = sine(300, F, 3000); // −23 dBov
    const quiet = new Int16Array(F).fill(30); // −61 dBov
    const step = (f: Int16Array, n: number) => {
      for (let k = 0; k < n; k++) {
        mixer.push('s', f);
        mixer.tick();
      }
    };
    step(quiet, 5);
    step(loud, 1);
    step(quiet, 1);
    assert.deepEqual(events, [], 'one loud frame is not speech');
    step(loud, 10);
    step(quiet, 4);
    assert.deepEqual(events, ['s on -24']);
    step(loud, 1);
    step(quiet, 5);
    assert.deepEqual(events, ['s on -24', 's off -61']);
    step(loud, 3);
    mixer.setMuted('s', true);
    assert.deepEqual(events.slice(2), ['s on -24', 's off -Infinity']);
    assert.equal(mixer.participantStats('s')!.speaking, false);
  });

  it('mixSpeakersOnly keeps quiet lines out of the mix', () => {
    const mixer = new Mixer({ mixSpeakersOnly: true });
    const c = new Collector();
    mixer.add('noise', () => {});
    mixer.add('l', c.sink);
    for (let k = 0; k < 10; k++) {
      mixer.push('noise', new Int16Array(F).fill(40));
      mixer.tick();
    }
    assert.ok(c.frames.every((f) => f.every((v) => v === 0)));
  });
});

describe('Mixer: no allocation per tick', () => {
  it('sends each participant the same buffer every tick, and a mix tap the whole mix', () => {
    const mixer = new Mixer();
    const seen = new Map<string, Set<Int16Array>>();
    for (const id of ['a', 'b', 'c']) {
      seen.set(id, new Set());
      mixer.add(id, (pcm) => seen.get(id)!.add(pcm));
    }
    const taps = new Set<Int16Array>();
    let tapPeak = 0;
    mixer.setMixTap((pcm) => { taps.add(pcm); tapPeak = Math.max(tapPeak, peak(pcm)); });
    for (let k = 0; k < 100; k++) {
      mixer.push('a', sine(400, F, 1000, k * F));
      if (k % 2 === 0) mixer.push('b', sine(600, F, 1000, k * F));
      mixer.tick();
    }
    for (const set of seen.values()) assert.equal(set.size, 1);
    assert.equal(taps.size, 1);
    assert.ok(tapPeak > 1500, 'the tap hears both talkers');
  });

  it('10,000 ticks of 10 participants allocate (next to) nothing', () => {
    const mixer = new Mixer();
    const ids = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const frames = ids.map((_, i) => sine(300 + 50 * i, F, 2000));
    let calls = 0;
    for (const id of ids) mixer.add(id, () => { calls++; });
    mixer.play(pcmSource(sine(1000, 8000, 1000), true));
    const allocated = allocatedBytes(() => {
      for (let i = 0; i < 10; i++) mixer.push(ids[i]!, frames[i]!);
      mixer.tick();
    }, 10_000);
    assert.equal(calls, 10 * 10_500);
    // Measured ≈ 50–150 kB (the checkpoints); one 160-sample Int16Array per tick measures ≈ 1.9 MB.
    assert.ok(allocated < 512 * 1024, `≈ ${allocated} bytes allocated over 10,000 ticks`);
  });
});
