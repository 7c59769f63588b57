import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rms, toneAmplitude } from './signal.fixture.ts';
import { BEEP, RINGBACK, beep, cadence, dbm0ToPeak, ringback, silence, tone } from './tones.ts';

describe('tones', () => {
  it('makes silence of the right length', () => {
    assert.equal(silence(1000).length, 8000);
    assert.equal(silence(20).length, 160);
    assert.equal(silence(10, 16000).length, 160);
    assert.equal(rms(silence(100)), 0);
    assert.throws(() => silence(-1), RangeError);
    assert.throws(() => silence(Number.NaN), RangeError);
  });

  it('makes a single tone at its frequency and level (dBm0)', () => {
    const t = tone(1000, 500, { level: -10, rampMs: 0 });
    assert.equal(t.length, 4000);
    const amp = toneAmplitude(t, 1000);
    assert.ok(Math.abs(amp - dbm0ToPeak(-10)) < 20, `amplitude ${amp}`);
    assert.ok(toneAmplitude(t, 1500) < 50);
    assert.ok(Math.abs(dbm0ToPeak(3.17) - 32767) < 1, '+3.17 dBm0 is full scale');
  });

  it('makes dual tones with both components at the level', () => {
    const t = tone([440, 480], 1000, { level: -19 });
    for (const f of [440, 480]) assert.ok(Math.abs(toneAmplitude(t, f) - dbm0ToPeak(-19)) < 0.03 * dbm0ToPeak(-19), `${f} Hz`);
    assert.ok(toneAmplitude(t, 350) < 50);
  });

  it('ramps in and out so it does not click', () => {
    const t = tone(1000, 100, { rampMs: 5 });
    assert.ok(Math.abs(t[0]!) < 200 && Math.abs(t[t.length - 1]!) < 200);
    assert.ok(Math.max(...t.subarray(0, 4)) < 300);
  });

  it('rejects frequencies at or above Nyquist', () => {
    assert.throws(() => tone(4000, 10), RangeError);
    assert.throws(() => tone([440, 0], 10), RangeError);
  });

  it('makes one North American ringback cycle: 440 + 480 Hz, 2 s on, 4 s off', () => {
    const r = ringback();
    assert.equal(r.length, 6 * 8000);
    const on = r.subarray(0, 16000);
    const off = r.subarray(16000);
    assert.ok(toneAmplitude(on, 440) > 0.9 * dbm0ToPeak(-19));
    assert.ok(toneAmplitude(on, 480) > 0.9 * dbm0ToPeak(-19));
    assert.equal(rms(off), 0);
    assert.deepEqual(RINGBACK.us.pattern, [2000, 4000]);
    assert.equal(ringback('uk').length, 3 * 8000);
    assert.equal(ringback('eu').length, 5 * 8000);
    assert.throws(() => cadence({ frequencies: [425], pattern: [1000], level: -10 }), RangeError);
  });

  it('makes the <Record> beep', () => {
    const b = beep();
    assert.equal(b.length, (BEEP.durationMs * 8000) / 1000);
    assert.ok(toneAmplitude(b, BEEP.frequency) > 0.9 * dbm0ToPeak(BEEP.level));
  });
});
