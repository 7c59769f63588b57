import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resample } from './resample.ts';
import { db, rms, toneAmplitude } from './signal.fixture.ts';
import { tone } from './tones.ts';

/** Gain in dB of a full-level `freq` sine converted from `from` to `to` (edges trimmed). */
function gain(freq: number, from: number, to = 8000): number {
  const x = tone(freq, 1000, { sampleRate: from, level: 0, rampMs: 0 });
  const y = resample(x, from, to);
  return db(rms(y, 200) / rms(x));
}

describe('resample', () => {
  it('keeps the telephone band: 300 Hz to 3.4 kHz within 0.1 dB from every common rate', () => {
    for (const from of [11025, 16000, 22050, 32000, 44100, 48000]) {
      for (const f of [300, 1000, 2000, 3000, 3400]) {
        const g = gain(f, from);
        assert.ok(Math.abs(g) < 0.1, `${f} Hz from ${from} Hz: ${g.toFixed(2)} dB`);
      }
    }
  });

  it('attenuates what would alias: 6 kHz at 16 kHz input, and 4.2–7 kHz from 22.05/44.1/48 kHz, by more than 60 dB', () => {
    // 6 kHz sampled at 8 kHz would fold to 2 kHz, right in the speech band.
    const x = tone(6000, 1000, { sampleRate: 16000, level: 0, rampMs: 0 });
    const y = resample(x, 16000, 8000);
    const folded = toneAmplitude(y.subarray(200, 7800), 2000);
    assert.ok(db(folded / toneAmplitude(x, 6000, 16000)) < -60, `6 kHz folded to 2 kHz at ${db(folded / 22000).toFixed(1)} dB`);
    assert.ok(gain(6000, 16000) < -60);
    for (const from of [22050, 44100, 48000]) {
      for (const f of [4200, 5000, 6000, 7000]) assert.ok(gain(f, from) < -60, `${f} Hz from ${from}: ${gain(f, from).toFixed(1)} dB`);
    }
  });

  it('gives floor(n × to / from) samples, keeps the timing, and returns the input when the rates match', () => {
    const x = tone(1000, 1000, { sampleRate: 22050 });
    assert.equal(resample(x, 22050, 8000).length, 8000);
    assert.equal(resample(new Int16Array(441), 44100, 8000).length, 80);
    assert.equal(resample(new Int16Array(0), 16000, 8000).length, 0);
    const same = new Int16Array(10);
    assert.equal(resample(same, 8000, 8000), same);
    // An impulse at 25 ms stays at 25 ms (no group delay).
    const imp = new Int16Array(48000);
    imp[1200] = 30000;
    const out = resample(imp, 48000, 8000);
    assert.equal(out.indexOf(Math.max(...out)), 200);
  });

  it('upsamples too (8 kHz → 16 kHz) without imaging', () => {
    const x = tone(1000, 500, { level: 0, rampMs: 0 });
    const y = resample(x, 8000, 16000);
    assert.equal(y.length, 8000);
    assert.ok(Math.abs(db(rms(y, 200) / rms(x))) < 0.1);
    assert.ok(db(toneAmplitude(y.subarray(200, 7800), 7000, 16000) / toneAmplitude(x, 1000)) < -60, 'no image at 8 kHz − 1 kHz');
  });

  it('rejects non-positive rates', () => {
    assert.throws(() => resample(new Int16Array(4), 0, 8000), RangeError);
    assert.throws(() => resample(new Int16Array(4), 8000, -1), RangeError);
  });
});
