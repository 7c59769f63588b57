import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alawToLinear,
  alawToPcm,
  alawToUlaw,
  linearToAlaw,
  linearToUlaw,
  pcmToAlaw,
  pcmToUlaw,
  ulawToAlaw,
  ulawToLinear,
  ulawToPcm,
} from './g711.ts';

// Decoder outputs written from the G.711 tables' formulas, independently of g711.ts's bit tricks.
// µ-law (Table 2): code bits inverted; y = (2m + 33)·2^e − 33 on the 14-bit scale (×4 for 16 bits).
function ulawFormula(code: number): number {
  const inv = 0xff - code;
  const sign = inv >= 128 ? -1 : 1;
  const e = Math.floor((inv % 128) / 16);
  const m = inv % 16;
  return sign * 4 * ((2 * m + 33) * 2 ** e - 33) + 0; // + 0: no negative zero in an Int16Array
}
// A-law (Table 1): even bits inverted; y = 2m + 1 in segment 0, (2m + 33)·2^(e−1) above, on the
// 12-bit scale with a half-unit (×8 for 16 bits); sign bit 1 means positive.
function alawFormula(code: number): number {
  const c = code ^ 0x55;
  const sign = c >= 128 ? 1 : -1;
  const e = Math.floor((c % 128) / 16);
  const m = c % 16;
  return sign * 8 * (e === 0 ? 2 * m + 1 : (2 * m + 33) * 2 ** (e - 1));
}

/** Quantisation interval width (16-bit units) of the code's segment. */
const ulawStep = (code: number) => 8 << ((0xff - code) % 128 >> 4);
const alawStep = (code: number) => 16 << Math.max(0, (((code ^ 0x55) % 128) >> 4) - 1);

function sine(freq: number, amplitude: number, n: number, rate = 8000): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * freq * i) / rate));
  return out;
}

/** Goertzel: amplitude of the `freq` component of `x`. */
function goertzel(x: ArrayLike<number>, freq: number, rate = 8000): number {
  const k = (2 * Math.PI * freq) / rate;
  const coeff = 2 * Math.cos(k);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const s0 = x[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / x.length;
}

describe('G.711 known values', () => {
  it('µ-law 0xFF is 0 and 0x00 is −32124, as the Table 2 formula gives', () => {
    assert.equal(ulawFormula(0xff), 0);
    assert.equal(ulawFormula(0x00), -32124);
    assert.equal(ulawToLinear(0xff), 0);
    assert.equal(ulawToLinear(0x00), -32124);
    assert.equal(ulawToLinear(0x80), 32124);
    assert.equal(linearToUlaw(0), 0xff);
    assert.equal(linearToUlaw(32124), 0x80);
    assert.equal(linearToUlaw(-32124), 0x00);
  });

  it('A-law 0xD5 is 8 and 0x55 is −8, as the Table 1 formula gives', () => {
    assert.equal(alawFormula(0xd5), 8);
    assert.equal(alawFormula(0x55), -8);
    assert.equal(alawToLinear(0xd5), 8);
    assert.equal(alawToLinear(0x55), -8);
    assert.equal(alawToLinear(0xaa), 32256);
    assert.equal(alawToLinear(0x2a), -32256);
    assert.equal(linearToAlaw(8), 0xd5);
    assert.equal(linearToAlaw(-8), 0x55);
  });

  it('every decode table entry matches the formula', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const u = ulawToPcm(all);
    const a = alawToPcm(all);
    for (let c = 0; c < 256; c++) {
      assert.equal(u[c], ulawFormula(c), `µ-law 0x${c.toString(16)}`);
      assert.equal(a[c], alawFormula(c), `A-law 0x${c.toString(16)}`);
    }
  });

  it('the encode tables agree with the scalar segment search for every 16-bit sample', () => {
    const all = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
    const u = pcmToUlaw(all);
    const a = pcmToAlaw(all);
    for (let i = 0; i < all.length; i++) {
      if (u[i] !== linearToUlaw(all[i]!)) assert.fail(`µ-law mismatch at ${all[i]}`);
      if (a[i] !== linearToAlaw(all[i]!)) assert.fail(`A-law mismatch at ${all[i]}`);
    }
  });
});

describe('G.711 round trips', () => {
  it('decode(encode(x)) is within half a quantisation step of x (plus the 14-bit truncation for µ-law)', () => {
    const all = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
    const u = pcmToUlaw(all);
    const a = pcmToAlaw(all);
    const du = ulawToPcm(u);
    const da = alawToPcm(a);
    for (let i = 0; i < all.length; i++) {
      const x = all[i]!;
      if (Math.abs(x) <= 32124 && Math.abs(du[i]! - x) > ulawStep(u[i]!) / 2 + 3) assert.fail(`µ-law ${x} → ${du[i]}`);
      if (Math.abs(x) > 32124) assert.equal(Math.abs(du[i]!), 32124, `µ-law clips ${x}`);
      if (Math.abs(da[i]! - x) > alawStep(a[i]!) / 2) assert.fail(`A-law ${x} → ${da[i]}`);
    }
  });

  it('encode(decode(code)) gives the code back (µ-law 0x7F, negative zero, becomes 0xFF)', () => {
    for (let c = 0; c < 256; c++) {
      assert.equal(linearToAlaw(alawToLinear(c)), c);
      assert.equal(linearToUlaw(ulawToLinear(c)), c === 0x7f ? 0xff : c);
    }
  });

  it('a 440 Hz sine keeps its frequency and amplitude', () => {
    const x = sine(440, 10_000, 8000);
    for (const [name, y] of [
      ['µ-law', ulawToPcm(pcmToUlaw(x))],
      ['A-law', alawToPcm(pcmToAlaw(x))],
    ] as const) {
      const at440 = goertzel(y, 440);
      assert.ok(Math.abs(at440 - 10_000) < 100, `${name}: amplitude ${at440.toFixed(1)}`);
      for (const f of [220, 400, 480, 880, 1320]) assert.ok(goertzel(y, f) < 100, `${name}: ${f} Hz at ${goertzel(y, f).toFixed(1)}`);
      let signal = 0;
      let noise = 0;
      for (let i = 0; i < x.length; i++) {
        signal += x[i]! ** 2;
        noise += (y[i]! - x[i]!) ** 2;
      }
      const snr = 10 * Math.log10(signal / noise);
      assert.ok(snr > 33, `${name}: SNR ${snr.toFixed(1)} dB`); // G.711 gives about 38 dB
      let crossings = 0;
      for (let i = 1; i < y.length; i++) if ((y[i - 1]! < 0) !== (y[i]! < 0)) crossings++;
      assert.ok(Math.abs(crossings - 880) <= 2, `${name}: ${crossings} zero crossings in 1 s`);
    }
  });

  it('writes into a caller buffer and returns the filled part', () => {
    const pcm = Int16Array.from([0, 1000, -1000]);
    const out = Buffer.alloc(8, 0xaa);
    const u = pcmToUlaw(pcm, out);
    assert.equal(u.length, 3);
    assert.equal(u.buffer, out.buffer);
    const back = ulawToPcm(u, new Int16Array(10));
    assert.equal(back.length, 3);
    assert.throws(() => pcmToAlaw(pcm, Buffer.alloc(2)), RangeError);
  });
});

describe('G.711 transcoding', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);

  it('µ-law → A-law keeps the value within an A-law step', () => {
    const a = ulawToAlaw(all);
    for (let c = 0; c < 256; c++) {
      const diff = Math.abs(alawToLinear(a[c]!) - ulawToLinear(c));
      const tol = Math.abs(ulawToLinear(c)) > 32256 ? 32124 : alawStep(a[c]!) / 2;
      assert.ok(diff <= tol, `0x${c.toString(16)}: ${ulawToLinear(c)} → ${alawToLinear(a[c]!)}`);
    }
  });

  it('µ-law → A-law → µ-law is stable after one round, and close to the start', () => {
    const u1 = alawToUlaw(ulawToAlaw(all));
    const u2 = alawToUlaw(ulawToAlaw(u1));
    assert.deepEqual(u2, u1);
    for (let c = 0; c < 256; c++) {
      const diff = Math.abs(ulawToLinear(u1[c]!) - ulawToLinear(c));
      assert.ok(diff <= alawStep(ulawToAlaw(Uint8Array.of(c))[0]!), `0x${c.toString(16)} → 0x${u1[c]!.toString(16)}`);
    }
    const a1 = ulawToAlaw(alawToUlaw(all));
    assert.deepEqual(ulawToAlaw(alawToUlaw(a1)), a1);
  });

  it('transcoding a sine equals decoding and re-encoding it', () => {
    const u = pcmToUlaw(sine(440, 12_000, 800));
    assert.deepEqual(ulawToAlaw(u), pcmToAlaw(ulawToPcm(u)));
  });
});
