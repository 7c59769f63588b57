import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../core/index.ts';
import { concatPcm } from '../pcm.ts';
import { resample } from '../player/index.ts';
import { StreamResampler } from './index.ts';

/** A chirp plus noise, so every slice boundary sees a different signal. */
function signal(rate: number, seconds: number, seed: number): Int16Array {
  const rnd = seededRandom(seed);
  const out = new Int16Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) {
    const t = i / rate;
    out[i] = Math.round(12000 * Math.sin(2 * Math.PI * (200 + 600 * t) * t) + 2000 * (rnd() - 0.5));
  }
  return out;
}

function streamed(input: Int16Array, from: number, to: number, seed: number): Int16Array {
  const rnd = seededRandom(seed);
  const r = new StreamResampler(from, to);
  const parts: Int16Array[] = [];
  for (let at = 0; at < input.length; ) {
    const n = 1 + Math.floor(rnd() * 9000);
    r.push(input.subarray(at, at + n));
    at += n;
    for (let part = r.next(); part; part = r.next()) parts.push(part);
  }
  parts.push(r.end());
  return concatPcm(parts);
}

function maxDiff(a: Int16Array, b: Int16Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('StreamResampler', () => {
  for (const from of [44100, 22050, 48000, 16000, 11025, 12345]) {
    it(`matches one whole resample ${from} → 8000 within 1 LSB, same length`, () => {
      const input = signal(from, 2.3, from);
      const whole = resample(input, from, 8000);
      const sliced = streamed(input, from, 8000, 7);
      assert.equal(sliced.length, whole.length);
      assert.ok(maxDiff(sliced, whole) <= 1, `max diff ${maxDiff(sliced, whole)}`);
    });
  }

  it('passes 8 kHz through unchanged', () => {
    const input = signal(8000, 1, 3);
    assert.deepEqual(streamed(input, 8000, 8000, 1), input);
  });

  it('handles input shorter than one slice, and none at all', () => {
    const input = signal(44100, 0.05, 5);
    const r = new StreamResampler(44100, 8000);
    r.push(input);
    assert.equal(r.next(), undefined);
    assert.deepEqual(r.end(), resample(input, 44100, 8000));
    assert.equal(new StreamResampler(22050, 8000).end().length, 0);
  });

  it('refuses non-integer rates and pushes after end', () => {
    assert.throws(() => new StreamResampler(44100.5, 8000), RangeError);
    const r = new StreamResampler(16000, 8000);
    r.end();
    assert.throws(() => r.push(new Int16Array(1)));
  });
});
