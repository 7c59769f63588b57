import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRecorderError } from './errors.ts';
import { SpeechDetector, rmsDbfs } from './silence.ts';
import { noise, silence, tone } from './signal.fixture.ts';
import { encodeWav, parseWav, parseWavHeader, wavHeader } from './wav.ts';

const wavError = (e: unknown) => isRecorderError(e) && e.code === 'ERR_RECORDING_WAV';

describe('wav', () => {
  it('writes the canonical 44-byte PCM header', () => {
    const h = wavHeader({ sampleRate: 8000, channels: 2 }, 1000);
    assert.equal(h.toString('ascii', 0, 4), 'RIFF');
    assert.deepEqual(
      [h.readUInt32LE(4), h.readUInt16LE(20), h.readUInt16LE(22), h.readUInt32LE(24), h.readUInt32LE(28), h.readUInt16LE(32), h.readUInt16LE(34), h.readUInt32LE(40)],
      [1036, 1, 2, 8000, 32000, 4, 16, 1000],
    );
  });

  it('round-trips samples and skips unknown chunks before data', () => {
    const samples = new Int16Array([0, 1, -1, 32767, -32768, 1234]);
    assert.deepEqual(parseWav(encodeWav({ sampleRate: 8000, channels: 1 }, samples)).samples, samples);
    const plain = encodeWav({ sampleRate: 16000, channels: 2 }, samples);
    const list = Buffer.from('LIST\x03\x00\x00\x00abc\x00', 'latin1');
    const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    const { info, samples: back } = parseWav(withList);
    assert.deepEqual([info.dataOffset, info.sampleRate, info.channels, info.frames], [56, 16000, 2, 3]);
    assert.deepEqual(back, samples);
  });

  it('reads a data chunk whose bytes stop short (a file cut mid-write)', () => {
    const full = encodeWav({ sampleRate: 8000, channels: 1 }, new Int16Array([1, 2, 3, 4]));
    const { info, samples } = parseWav(full.subarray(0, 44 + 5));
    assert.equal(info.dataBytes, 8);
    assert.deepEqual(samples, new Int16Array([1, 2]));
  });

  it('rejects what is not 16-bit PCM WAV', () => {
    assert.throws(() => parseWavHeader(Buffer.from('RIFX0000WAVE')), wavError);
    assert.throws(() => parseWavHeader(Buffer.alloc(4)), wavError);
    const h = wavHeader({ sampleRate: 8000, channels: 1 }, 0);
    h.writeUInt16LE(7, 20); // µ-law
    assert.throws(() => parseWavHeader(h), wavError);
    assert.throws(() => parseWavHeader(wavHeader({ sampleRate: 8000, channels: 1 }, 0).subarray(0, 36)), wavError);
  });
});

describe('silence detection', () => {
  it('measures RMS in dBFS against full scale 32768', () => {
    assert.equal(rmsDbfs(silence(10)), -Infinity);
    assert.equal(rmsDbfs(new Int16Array(0)), -Infinity);
    assert.ok(Math.abs(rmsDbfs(tone(1000, 100, -20)) - -20) < 0.05);
    assert.ok(Math.abs(rmsDbfs(noise(1000, -60)) - -60) < 0.5);
    assert.ok(Math.abs(rmsDbfs(new Int16Array(80).fill(-32768)) - 0) < 1e-9);
  });

  it('counts loud blocks as speech once the run lasts minSpeechMs', () => {
    const d = new SpeechDetector(-45, 30, 8000);
    const loud = tone(440, 10, -20);
    assert.deepEqual([d.push(loud), d.push(loud), d.push(loud), d.push(loud)], [false, false, true, true]);
    assert.equal(d.push(tone(440, 10, -50)), false);
    assert.equal(d.runFrames, 0);
    assert.equal(d.push(loud), false);
  });
});
