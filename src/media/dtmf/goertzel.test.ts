import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../core/index.ts';
import { summary } from './dtmf.fixture.ts';
import { DTMF_COL_HZ, DTMF_ROW_HZ, GoertzelDtmfDetector, type GoertzelOptions } from './goertzel.ts';
import { DTMF_KEYS, type DtmfEnd, type DtmfKey, type DtmfStart } from './types.ts';

const RATE = 8000;
const LAYOUT = ['123A', '456B', '789C', '*0#D'];

function freqs(key: DtmfKey): [number, number] {
  const r = LAYOUT.findIndex((row) => row.includes(key));
  const c = LAYOUT[r]?.indexOf(key) ?? 0;
  return [DTMF_ROW_HZ[r] ?? 0, DTMF_COL_HZ[c] ?? 0];
}

const amp = (dbfs: number) => 32767 * 10 ** (dbfs / 20);
const samples = (ms: number) => Math.round((ms * RATE) / 1000);

interface ToneOptions {
  /** Level of the row (low) tone, dBFS (default -10). */
  level?: number;
  /** Column tone level minus row tone level, in dB (negative: normal twist). */
  colDb?: number;
  /** Frequency error of both tones, as a fraction (0.015 = +1.5%). */
  error?: number;
}

function tone(key: DtmfKey, ms: number, o: ToneOptions = {}): Float64Array {
  const [fr, fc] = freqs(key);
  const err = 1 + (o.error ?? 0);
  const ar = amp(o.level ?? -10);
  const ac = amp((o.level ?? -10) + (o.colDb ?? 0));
  return Float64Array.from({ length: samples(ms) }, (_, n) => {
    const t = n / RATE;
    return ar * Math.sin(2 * Math.PI * fr * err * t + 0.3) + ac * Math.sin(2 * Math.PI * fc * err * t + 1.1);
  });
}

const silence = (ms: number) => new Float64Array(samples(ms));

function sine(hz: number, ms: number, level: number): Float64Array {
  return Float64Array.from({ length: samples(ms) }, (_, n) => amp(level) * Math.sin((2 * Math.PI * hz * n) / RATE));
}

/** White noise with the RMS of a sine at `level` dBFS. */
function noise(ms: number, level: number, seed: number): Float64Array {
  const rnd = seededRandom(seed);
  const rms = amp(level) / Math.SQRT2;
  return Float64Array.from({ length: samples(ms) }, () => {
    const u = Math.max(rnd(), 1e-12);
    return rms * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  });
}

/**
 * Voiced "speech": harmonics of a gliding pitch (90-260 Hz) through two moving formants, with
 * syllable-rate amplitude. The harmonics sweep across every DTMF frequency.
 */
function speechLike(ms: number, seed: number): Float64Array {
  const rnd = seededRandom(seed);
  const out = new Float64Array(samples(ms));
  const phase = new Float64Array(40);
  let f0 = 120;
  let f1 = 600;
  let f2 = 1500;
  for (let n = 0; n < out.length; n++) {
    if (n % 1200 === 0) [f1, f2] = [300 + rnd() * 600, 900 + rnd() * 1600];
    f0 = Math.min(260, Math.max(90, f0 + (rnd() - 0.5) * 2));
    const envelope = 0.5 + 0.5 * Math.sin((2 * Math.PI * 4 * n) / RATE);
    let x = 0;
    for (let h = 1; h < 40 && h * f0 < 3600; h++) {
      phase[h] = ((phase[h] ?? 0) + (2 * Math.PI * h * f0) / RATE) % (2 * Math.PI);
      const f = h * f0;
      const gain = 1 / (1 + ((f - f1) / 120) ** 2) + 0.6 / (1 + ((f - f2) / 150) ** 2) + 0.02;
      x += gain * Math.sin(phase[h] ?? 0);
    }
    out[n] = amp(-12) * envelope * x * 0.5;
  }
  return out;
}

function concat(...parts: Float64Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) for (const x of p) out[o++] = Math.max(-32768, Math.min(32767, Math.round(x)));
  return out;
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((x, i) => x + (b[i] ?? 0));
}

/** Runs a detector over PCM in frames of `frame` samples, then flushes. */
function detect(pcm: Int16Array, frame = 160, options: GoertzelOptions = {}): Array<DtmfStart | DtmfEnd> {
  const d = new GoertzelDtmfDetector(options);
  const out: Array<DtmfStart | DtmfEnd> = [];
  for (let i = 0; i < pcm.length; i += frame) out.push(...d.push(pcm.subarray(i, i + frame)));
  return [...out, ...d.flush()];
}

const keysOf = (events: Array<DtmfStart | DtmfEnd>) => events.filter((e) => e.type === 'start').map((e) => e.signal).join('');

describe('Goertzel DTMF detector: keys', () => {
  for (const key of DTMF_KEYS) {
    it(`'${key}' (${freqs(key).join(' + ')} Hz, 100 ms): one start, one end, ~100 ms`, () => {
      const events = detect(concat(silence(50), tone(key, 100), silence(100)));
      assert.equal(summary(events), `S${key} E${key}`);
      const [start, end] = events;
      assert.ok(start && Math.abs(start.atMs - 50) <= 13, `start at ${start?.atMs}`);
      assert.ok(end?.type === 'end' && end.reason === 'end' && Math.abs(end.durationMs - 100) <= 26, `duration ${end?.type === 'end' ? end.durationMs : '?'}`);
    });
  }

  it('digits back to back: 60 ms tones with 50 ms gaps, each once, in order', () => {
    const keys = '1234567890*#ABCD' as const;
    const parts = [...keys].flatMap((k) => [tone(k as DtmfKey, 60), silence(50)]);
    const events = detect(concat(silence(30), ...parts));
    assert.equal(keysOf(events), keys);
    assert.equal(events.length, 32);
    assert.ok(events.every((e, i) => i === 0 || e.atMs >= (events[i - 1]?.atMs ?? 0)), 'times never go back');
  });

  it('the same key repeated with 50 ms gaps (1111) is four presses', () => {
    const events = detect(concat(...Array.from({ length: 4 }, () => [tone('1', 60), silence(50)]).flat()));
    assert.equal(summary(events), 'S1 E1 S1 E1 S1 E1 S1 E1');
  });

  it('the result does not depend on the frame size', () => {
    const pcm = concat(silence(17), tone('5', 80), silence(45), tone('9', 70), silence(60), tone('#', 200), silence(10));
    const reference = detect(pcm, pcm.length);
    assert.equal(keysOf(reference), '59#');
    for (const frame of [1, 37, 102, 160, 320]) assert.deepEqual(detect(pcm, frame), reference, `frame ${frame}`);
  });

  it('a 40 ms tone is always detected and a 20 ms tone never, whatever the alignment to blocks', () => {
    for (const key of ['*', '0', '8', 'D'] as const) {
      for (let offset = 0; offset < 102; offset += 3) {
        const lead = new Float64Array(offset);
        assert.equal(keysOf(detect(concat(lead, tone(key, 40), silence(100)))), key, `40 ms '${key}' at offset ${offset}`);
        assert.equal(keysOf(detect(concat(lead, tone(key, 20), silence(100)))), '', `20 ms '${key}' at offset ${offset}`);
      }
    }
  });

  it('a 40 ms gap always separates two presses of the same key; a 10 ms dropout never does', () => {
    for (let offset = 0; offset < 102; offset += 11) {
      const lead = new Float64Array(offset);
      assert.equal(keysOf(detect(concat(lead, tone('3', 80), silence(40), tone('3', 80)))), '33', `gap at offset ${offset}`);
      assert.equal(keysOf(detect(concat(lead, tone('3', 80), silence(10), tone('3', 80)))), '3', `dropout at offset ${offset}`);
    }
  });

  it('one key changing into another without a gap is two presses', () => {
    assert.equal(keysOf(detect(concat(tone('1', 100), tone('2', 100), silence(50)))), '12');
  });

  it('flush() ends a key still sounding at the end of the stream', () => {
    const events = detect(concat(silence(20), tone('0', 200)));
    assert.equal(summary(events), 'S0 E0');
    assert.equal(events[1]?.type === 'end' ? events[1].reason : undefined, 'flush');
  });
});

describe('Goertzel DTMF detector: thresholds', () => {
  const one = (o: ToneOptions, key: DtmfKey = '5') => keysOf(detect(concat(silence(20), tone(key, 100, o), silence(60))));

  it('twist: 6 dB normal and 3 dB reverse accepted; 12 dB normal and 8 dB reverse rejected', () => {
    for (const key of DTMF_KEYS) {
      assert.equal(one({ colDb: -6 }, key), key);
      assert.equal(one({ colDb: 3 }, key), key);
      assert.equal(one({ colDb: -12 }, key), '');
      assert.equal(one({ colDb: 8 }, key), '');
    }
  });

  it('level: -35 dBFS per tone accepted, -45 dBFS rejected (threshold -40, configurable)', () => {
    assert.equal(one({ level: -35 }), '5');
    assert.equal(one({ level: -45 }), '');
    assert.equal(keysOf(detect(concat(tone('5', 100, { level: -45 }), silence(60)), 160, { minLevelDbfs: -50 })), '5');
  });

  it('frequency: ±1.5% accepted, ±3.5% rejected (ITU-T Q.24 limits)', () => {
    for (const key of DTMF_KEYS) {
      assert.equal(one({ error: 0.015 }, key), key, `${key} +1.5%`);
      assert.equal(one({ error: -0.015 }, key), key, `${key} -1.5%`);
      assert.equal(one({ error: 0.035 }, key), '', `${key} +3.5%`);
      assert.equal(one({ error: -0.035 }, key), '', `${key} -3.5%`);
    }
  });

  it('keys in white noise at 15 dB SNR are still found, once each', () => {
    const clean = concat(silence(100), tone('7', 100), silence(60), tone('*', 100), silence(100));
    const noisy = add(Float64Array.from(clean), noise(460, -10 - 15 + 3, 7));
    assert.equal(keysOf(detect(concat(noisy))), '7*');
  });
});

describe('Goertzel DTMF detector: no false positives', () => {
  const none = (name: string, pcm: Int16Array) => assert.deepEqual(detect(pcm), [], name);

  it('a single 440 Hz tone, at several levels', () => {
    for (const level of [-3, -10, -20, -40]) none(`440 Hz at ${level} dBFS`, concat(sine(440, 2000, level)));
  });

  it('a single DTMF frequency alone (697 Hz, 1336 Hz)', () => {
    none('697', concat(sine(697, 1000, -10)));
    none('1336', concat(sine(1336, 1000, -10)));
  });

  it('white noise, loud and soft', () => {
    for (const level of [-3, -15, -30]) none(`noise at ${level} dBFS`, concat(noise(3000, level, 100 + level)));
  });

  it('call progress tones: dial (350+440), ringback (440+480), busy (480+620)', () => {
    for (const [a, b] of [[350, 440], [440, 480], [480, 620]] as const) none(`${a}+${b}`, concat(add(sine(a ?? 0, 2000, -13), sine(b ?? 0, 2000, -13))));
  });

  it('speech-like voiced sound (gliding pitch, moving formants), 10 s', () => {
    for (const seed of [1, 2, 3]) none(`speech seed ${seed}`, concat(speechLike(10000, seed)));
  });

  it('a sweep from 300 to 3400 Hz', () => {
    const n = samples(3000);
    let phase = 0;
    const sweep = Float64Array.from({ length: n }, (_, i) => {
      phase += (2 * Math.PI * (300 + (3100 * i) / n)) / RATE;
      return amp(-10) * Math.sin(phase);
    });
    none('sweep', concat(sweep));
  });
});
