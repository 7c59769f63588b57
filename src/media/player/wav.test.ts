import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { seededRandom } from '../../core/index.ts';
import { WavError } from './errors.ts';
import { toneAmplitude } from './signal.fixture.ts';
import { dbm0ToPeak, tone } from './tones.ts';
import { decodeWav, parseWavHeader, wavToPcm8k } from './wav-reader.ts';
import { encodeWav } from './wav-writer.ts';

interface Build {
  formatTag?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  /** Bytes of sample data. */
  data: Uint8Array;
  /** Overrides the data chunk's size field. */
  dataSize?: number;
  extensibleSubFormat?: number;
  guidTail?: number[];
  /** Raw chunks inserted before fmt, between fmt and data, and after data. */
  before?: Uint8Array[];
  between?: Uint8Array[];
  after?: Uint8Array[];
  fmtSize?: number;
}

const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

function chunk(id: string, body: Uint8Array, sizeField = body.length): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length & 1));
  for (let i = 0; i < 4; i++) out[i] = id.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, sizeField, true);
  out.set(body, 8);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function build(b: Build): Uint8Array {
  const channels = b.channels ?? 1;
  const bits = b.bits ?? 16;
  const rate = b.rate ?? 8000;
  const ext = b.extensibleSubFormat !== undefined;
  const fmt = new Uint8Array(ext ? 40 : 16);
  const v = new DataView(fmt.buffer);
  v.setUint16(0, ext ? 0xfffe : (b.formatTag ?? 1), true);
  v.setUint16(2, channels, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, (rate * channels * bits) / 8, true);
  v.setUint16(12, (channels * bits) / 8, true);
  v.setUint16(14, bits, true);
  if (ext) {
    v.setUint16(16, 22, true);
    v.setUint16(18, bits, true);
    v.setUint32(20, channels === 2 ? 3 : 4, true);
    v.setUint16(24, b.extensibleSubFormat!, true);
    (b.guidTail ?? GUID_TAIL).forEach((x, i) => v.setUint8(26 + i, x));
  }
  const body = concat([
    ...(b.before ?? []),
    chunk('fmt ', fmt, b.fmtSize ?? fmt.length),
    ...(b.between ?? []),
    chunk('data', b.data, b.dataSize ?? b.data.length),
    ...(b.after ?? []),
  ]);
  const head = new Uint8Array(12);
  head.set([0x52, 0x49, 0x46, 0x46]);
  new DataView(head.buffer).setUint32(4, body.length + 4, true);
  head.set([0x57, 0x41, 0x56, 0x45], 8);
  return concat([head, body]);
}

function le16(samples: number[]): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const v = new DataView(out.buffer);
  samples.forEach((s, i) => v.setInt16(i * 2, s, true));
  return out;
}

function expectWavError(fn: () => unknown, code: WavError['code'], reason?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof WavError, `expected WavError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (reason) assert.match(err.reason, reason);
    return true;
  });
}

describe('WAV reader', () => {
  it('reads 16-bit PCM mono at 8 kHz as is', () => {
    const { info, samples } = decodeWav(build({ data: le16([0, 1000, -1000, 32767, -32768]) }));
    assert.deepEqual([...samples], [0, 1000, -1000, 32767, -32768]);
    assert.equal(info.encoding, 'pcm');
    assert.equal(info.sampleRate, 8000);
    assert.equal(info.truncated, false);
    assert.deepEqual([...wavToPcm8k(build({ data: le16([5, 6]) }))], [5, 6]);
  });

  it('averages stereo to mono', () => {
    const { samples } = decodeWav(build({ channels: 2, data: le16([1000, 3000, -200, -400, 32767, 32767]) }));
    assert.deepEqual([...samples], [2000, -300, 32767]);
  });

  it('reads 8-bit unsigned, 24-bit, 32-bit and float samples', () => {
    assert.deepEqual([...decodeWav(build({ bits: 8, data: new Uint8Array([128, 255, 0]) })).samples], [0, 127 << 8, -32768]);
    const d24 = new Uint8Array([0x00, 0x34, 0x12, 0x00, 0x00, 0x80]);
    assert.deepEqual([...decodeWav(build({ bits: 24, data: d24 })).samples], [0x1234, -32768]);
    const d32 = new Uint8Array(8);
    new DataView(d32.buffer).setInt32(0, 0x12345678, true);
    new DataView(d32.buffer).setInt32(4, -0x80000000, true);
    assert.deepEqual([...decodeWav(build({ bits: 32, data: d32 })).samples], [0x1234, -32768]);
    const f32 = new Uint8Array(12);
    [0.5, -1.5, Number.NaN].forEach((x, i) => new DataView(f32.buffer).setFloat32(i * 4, x, true));
    assert.deepEqual([...decodeWav(build({ formatTag: 3, bits: 32, data: f32 })).samples], [16384, -32768, 0]);
  });

  it('reads µ-law (7) and A-law (6) at 8 kHz', () => {
    const mu = decodeWav(build({ formatTag: 7, bits: 8, data: new Uint8Array([0xff, 0x7f, 0x00, 0x80]) }));
    assert.equal(mu.info.encoding, 'mulaw');
    assert.deepEqual([...mu.samples], [0, 0, -32124, 32124]);
    const a = decodeWav(build({ formatTag: 6, bits: 8, data: new Uint8Array([0xd5, 0x55, 0x2a, 0xaa]) }));
    assert.equal(a.info.encoding, 'alaw');
    assert.deepEqual([...a.samples], [8, -8, -32256, 32256]);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE with a PCM or µ-law SubFormat', () => {
    const pcm = decodeWav(build({ extensibleSubFormat: 1, channels: 2, data: le16([100, 300]) }));
    assert.equal(pcm.info.extensible, true);
    assert.equal(pcm.info.formatTag, 1);
    assert.deepEqual([...pcm.samples], [200]);
    const mu = decodeWav(build({ extensibleSubFormat: 7, bits: 8, data: new Uint8Array([0x80]) }));
    assert.deepEqual([...mu.samples], [32124]);
    expectWavError(() => decodeWav(build({ extensibleSubFormat: 1, guidTail: GUID_TAIL.map((x) => x ^ 1), data: le16([1]) })), 'ERR_WAV_UNSUPPORTED', /GUID/);
  });

  it('skips unknown chunks, odd-sized ones with their pad byte, before and after fmt', () => {
    const odd = chunk('junk', new Uint8Array([1, 2, 3]));
    assert.equal(odd.length, 12);
    const bytes = build({
      before: [odd],
      between: [chunk('LIST', new TextEncoder().encode('INFOISFT\x05\x00\x00\x00sox!\x00\x00')), chunk('fact', new Uint8Array(4))],
      after: [chunk('cue ', new Uint8Array(4))],
      data: le16([7, 8, 9]),
    });
    assert.deepEqual([...decodeWav(bytes).samples], [7, 8, 9]);
  });

  it("tolerates espeak-ng's streaming header (data size 0x7ffff000) and a data size past the end", () => {
    const streaming = build({ data: le16([1, 2, 3, 4]), dataSize: 0x7ffff000 });
    const info = parseWavHeader(streaming);
    assert.equal(info.truncated, true);
    assert.equal(info.declaredDataBytes, 0x7ffff000);
    assert.equal(info.dataBytes, 8);
    assert.deepEqual([...decodeWav(streaming).samples], [1, 2, 3, 4]);
    // A cut file: 5 bytes left of a claimed 100 → two whole samples, the odd byte dropped.
    const cut = build({ data: le16([1, 2, 3]), dataSize: 100 }).subarray(0, 44 + 5);
    assert.deepEqual([...decodeWav(cut).samples], [1, 2]);
    // Stereo: only whole frames.
    const st = build({ channels: 2, data: le16([10, 20, 30]), dataSize: 0xffffffff });
    assert.deepEqual([...decodeWav(st).samples], [15]);
  });

  it('refuses malformed files with a typed error', () => {
    const good = build({ data: le16([1, 2]) });
    expectWavError(() => decodeWav(new Uint8Array(0)), 'ERR_WAV_MALFORMED', /too short/);
    expectWavError(() => decodeWav(new TextEncoder().encode('ID3\x04 this is an mp3 file')), 'ERR_WAV_MALFORMED', /RIFF/);
    expectWavError(() => decodeWav(Uint8Array.from(good).fill(0x41, 8, 12)), 'ERR_WAV_MALFORMED', /RIFF/);
    expectWavError(() => decodeWav(good.subarray(0, 12)), 'ERR_WAV_MALFORMED', /no fmt/);
    expectWavError(() => decodeWav(good.subarray(0, 36)), 'ERR_WAV_MALFORMED', /no data/);
    expectWavError(() => decodeWav(good.subarray(0, 30)), 'ERR_WAV_MALFORMED', /fmt chunk runs past/);
    expectWavError(() => decodeWav(build({ data: le16([1]), fmtSize: 12 })), 'ERR_WAV_MALFORMED', /needs 16/);
    expectWavError(() => decodeWav(build({ channels: 0, data: le16([1]) })), 'ERR_WAV_MALFORMED');
    expectWavError(() => decodeWav(build({ rate: 0, data: le16([1]) })), 'ERR_WAV_MALFORMED', /sample rate/);
    const dataFirst = concat([good.subarray(0, 12), chunk('data', le16([1])), good.subarray(12, 36)]);
    expectWavError(() => decodeWav(dataFirst), 'ERR_WAV_MALFORMED', /before the fmt/);
  });

  it('refuses encodings it does not decode as unsupported', () => {
    expectWavError(() => decodeWav(build({ formatTag: 2, bits: 4, channels: 2, data: new Uint8Array(4) })), 'ERR_WAV_UNSUPPORTED', /0x0002/);
    expectWavError(() => decodeWav(build({ formatTag: 0x55, bits: 16, data: new Uint8Array(4) })), 'ERR_WAV_UNSUPPORTED', /0x0055/);
    expectWavError(() => decodeWav(build({ formatTag: 7, bits: 16, data: new Uint8Array(4) })), 'ERR_WAV_UNSUPPORTED', /mulaw with 16-bit/);
    const rf64 = Uint8Array.from(build({ data: le16([1]) }));
    rf64.set([0x52, 0x46, 0x36, 0x34]);
    expectWavError(() => decodeWav(rf64), 'ERR_WAV_UNSUPPORTED', /RF64/);
  });

  it('throws nothing but WavError on truncated or corrupted input (fuzz)', () => {
    const rnd = seededRandom(4242);
    const seeds = [
      build({ data: le16([1, 2, 3, 4, 5, 6]), between: [chunk('LIST', new Uint8Array(9))] }),
      encodeWav(tone(440, 20), { encoding: 'mulaw' }),
      build({ extensibleSubFormat: 3, bits: 32, channels: 2, data: new Uint8Array(16) }),
    ];
    for (let n = 0; n < 3000; n++) {
      const seed = seeds[n % seeds.length]!;
      const bytes = Uint8Array.from(seed.subarray(0, Math.floor(rnd() * (seed.length + 1))));
      for (let k = Math.floor(rnd() * 4); k > 0; k--) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
      try {
        decodeWav(bytes);
      } catch (err) {
        assert.ok(err instanceof WavError, `input ${n} threw ${String(err)}`);
      }
    }
  });
});

describe('WAV writer', () => {
  const samples = Int16Array.from([0, 1, -1, 1000, -1000, 32767, -32768, 12345]);

  it('writes a canonical 44-byte 16-bit PCM mono 8 kHz file that reads back exactly', () => {
    const bytes = encodeWav(samples);
    assert.equal(bytes.length, 44 + 16);
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), 'RIFF');
    const info = parseWavHeader(bytes);
    assert.deepEqual([info.encoding, info.sampleRate, info.channels, info.bitsPerSample, info.dataOffset], ['pcm', 8000, 1, 16, 44]);
    assert.deepEqual(decodeWav(bytes).samples, samples);
  });

  it('writes µ-law and A-law with a fact chunk, within G.711 quantisation when read back', () => {
    for (const encoding of ['mulaw', 'alaw'] as const) {
      const bytes = encodeWav(samples, { encoding });
      assert.equal(bytes.length, 58 + samples.length);
      const { info, samples: back } = decodeWav(bytes);
      assert.equal(info.encoding, encoding);
      assert.equal(info.frames, samples.length);
      samples.forEach((s, i) => assert.ok(Math.abs(back[i]! - s) <= Math.max(16, Math.abs(s) / 16), `${encoding} ${s} → ${back[i]}`));
    }
    assert.equal(encodeWav(Int16Array.of(1, 2, 3), { encoding: 'mulaw' }).length % 2, 0, 'odd data gets its pad byte');
  });

  it('interoperates with sox (reads what sox writes, sox reads what we write)', { skip: spawnSync('sox', ['--version']).error ? 'sox is not installed' : false }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-wav-'));
    try {
      const cases: [string, string[]][] = [
        ['s16-44k-stereo.wav', ['-r', '44100', '-c', '2', '-b', '16']],
        ['s24-48k-mono.wav', ['-r', '48000', '-c', '1', '-b', '24']],
        ['f32-16k-mono.wav', ['-r', '16000', '-c', '1', '-e', 'floating-point', '-b', '32']],
        ['ulaw-8k.wav', ['-r', '8000', '-c', '1', '-e', 'u-law']],
        ['alaw-8k.wav', ['-r', '8000', '-c', '1', '-e', 'a-law']],
      ];
      for (const [name, fmt] of cases) {
        const path = join(dir, name);
        const r = spawnSync('sox', ['-D', '-n', ...fmt, path, 'synth', '0.5', 'sine', '1000', 'vol', '0.5']);
        assert.equal(r.status, 0, r.stderr.toString());
        const pcm = wavToPcm8k(readFileSync(path));
        assert.ok(Math.abs(pcm.length - 4000) <= 1, `${name}: ${pcm.length} samples`);
        const amp = toneAmplitude(pcm.subarray(400, 3600), 1000);
        assert.ok(amp > 15000 && amp < 17500, `${name}: 1 kHz amplitude ${amp.toFixed(0)}`);
      }
      const ours = join(dir, 'ours.wav');
      writeFileSync(ours, encodeWav(tone(1000, 500), { encoding: 'mulaw' }));
      assert.equal(spawnSync('soxi', ['-r', ours]).stdout.toString().trim(), '8000');
      assert.match(spawnSync('soxi', ['-e', ours]).stdout.toString(), /u-law/i);
      assert.equal(spawnSync('soxi', ['-s', ours]).stdout.toString().trim(), '4000');
      const back = join(dir, 'back.raw');
      assert.equal(spawnSync('sox', ['-D', ours, '-t', 'raw', '-e', 'signed-integer', '-b', '16', back]).status, 0);
      const raw = readFileSync(back);
      const pcm = new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2);
      assert.ok(Math.abs(toneAmplitude(pcm.subarray(400, 3600), 1000) - dbm0ToPeak(-10)) < 300);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
