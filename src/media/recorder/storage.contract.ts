// The behaviour every RecordingStorage must show (ARCHITECTURE habit 3). Run by
// local-storage.test.ts and memory-storage.test.ts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRecorderError, type RecorderErrorCode } from './errors.ts';
import { concat, packets, tone } from './signal.fixture.ts';
import { readRecording, type RecordingFormat, type RecordingStorage } from './storage.ts';
import { parseWav } from './wav.ts';

export interface StorageHarness {
  storage: RecordingStorage;
  cleanup(): Promise<void>;
}

const MONO: RecordingFormat = { sampleRate: 8000, channels: 1, encoding: 'pcm16' };
const STEREO: RecordingFormat = { sampleRate: 8000, channels: 2, encoding: 'pcm16' };

const isCode = (code: RecorderErrorCode) => (e: unknown) => isRecorderError(e) && e.code === code;

function ramp(n: number, channels = 1): Int16Array {
  const out = new Int16Array(n * channels);
  for (let i = 0; i < out.length; i++) out[i] = ((i * 37) % 20000) - 10000;
  return out;
}

export function recordingStorageContract(name: string, make: () => Promise<StorageHarness>): void {
  const withStorage = (fn: (s: RecordingStorage) => Promise<void>) => async () => {
    const h = await make();
    try {
      await fn(h.storage);
    } finally {
      await h.cleanup();
    }
  };

  describe(`recording storage contract: ${name}`, () => {
    it('stores 20 ms writes across several flush intervals as a 16-bit mono WAV, sample for sample', withStorage(async (s) => {
      const audio = concat(tone(440, 1700), tone(1000, 1800));
      const w = await s.create('RE0001', MONO);
      for (const p of packets(audio)) w.write(p);
      assert.equal(w.frames, audio.length);
      const file = await w.finalize();
      assert.equal(file.frames, audio.length);
      assert.equal(file.durationSec, 3.5);
      assert.equal(file.bytes, 44 + audio.length * 2);
      const bytes = await readRecording(s, 'RE0001');
      assert.equal(bytes.length, file.bytes);
      const { info, samples } = parseWav(bytes);
      assert.deepEqual([info.sampleRate, info.channels, info.bitsPerSample, info.dataOffset], [8000, 1, 16, 44]);
      assert.equal(info.riffSize, 36 + audio.length * 2);
      assert.deepEqual(samples, audio);
    }));

    it('stores interleaved stereo with blockAlign 4', withStorage(async (s) => {
      const audio = ramp(12000, 2);
      const w = await s.create('RE0002', STEREO);
      w.write(audio.subarray(0, 1000));
      w.write(audio.subarray(1000));
      const file = await w.finalize();
      assert.equal(file.frames, 12000);
      assert.equal(file.durationSec, 1.5);
      const { info, samples } = parseWav(await readRecording(s, 'RE0002'));
      assert.equal(info.channels, 2);
      assert.equal(info.frames, 12000);
      assert.deepEqual(samples, audio);
    }));

    it('finalize({ keepFrames }) cuts the end (trailing-silence trim), clamped to what was written', withStorage(async (s) => {
      const audio = ramp(16000);
      const w = await s.create('RE0003', MONO);
      w.write(audio);
      const file = await w.finalize({ keepFrames: 9000 });
      assert.equal(file.frames, 9000);
      assert.equal(file.bytes, 44 + 18000);
      const { info, samples } = parseWav(await readRecording(s, 'RE0003'));
      assert.equal(info.frames, 9000);
      assert.deepEqual(samples, audio.subarray(0, 9000));
      const w2 = await s.create('RE0003b', STEREO);
      w2.write(ramp(100, 2));
      assert.equal((await w2.finalize({ keepFrames: 1e9 })).frames, 100);
    }));

    it('an empty recording is a valid WAV of 0 frames', withStorage(async (s) => {
      const w = await s.create('RE0004', MONO);
      const file = await w.finalize({ keepFrames: 0 });
      assert.deepEqual([file.frames, file.bytes, file.durationSec], [0, 44, 0]);
      const { info, samples } = parseWav(await readRecording(s, 'RE0004'));
      assert.equal(info.dataBytes, 0);
      assert.equal(samples.length, 0);
    }));

    it('finalize is idempotent; write after it throws ERR_RECORDING_CLOSED; abort after it keeps the file', withStorage(async (s) => {
      const w = await s.create('RE0005', MONO);
      w.write(ramp(800));
      const a = await w.finalize();
      assert.deepEqual(await w.finalize({ keepFrames: 1 }), a);
      assert.throws(() => w.write(ramp(10)), isCode('ERR_RECORDING_CLOSED'));
      await w.abort();
      assert.equal(await s.exists('RE0005'), true);
    }));

    it('exists from create until delete; delete of a missing id is false; open of one rejects', withStorage(async (s) => {
      assert.equal(await s.exists('RE0006'), false);
      const w = await s.create('RE0006', MONO);
      assert.equal(await s.exists('RE0006'), true);
      w.write(ramp(80));
      await w.finalize();
      assert.equal(await s.exists('RE0006'), true);
      assert.equal(await s.delete('RE0006'), true);
      assert.equal(await s.exists('RE0006'), false);
      assert.equal(await s.delete('RE0006'), false);
      await assert.rejects(s.open('RE0006'), isCode('ERR_RECORDING_NOT_FOUND'));
    }));

    it('abort drops the recording and closes the writer', withStorage(async (s) => {
      const w = await s.create('RE0007', MONO);
      w.write(ramp(8000));
      await w.abort();
      assert.equal(await s.exists('RE0007'), false);
      assert.throws(() => w.write(ramp(10)), isCode('ERR_RECORDING_CLOSED'));
      await assert.rejects(w.finalize(), isCode('ERR_RECORDING_CLOSED'));
      const again = await s.create('RE0007', MONO);
      await again.finalize();
    }));

    it('delete of a recording being written aborts it', withStorage(async (s) => {
      const w = await s.create('RE0008', MONO);
      w.write(ramp(800));
      assert.equal(await s.delete('RE0008'), true);
      assert.equal(await s.exists('RE0008'), false);
      assert.throws(() => w.write(ramp(10)), isCode('ERR_RECORDING_CLOSED'));
    }));

    it('rejects a duplicate id, unsafe ids, odd stereo writes and unsupported formats', withStorage(async (s) => {
      const w = await s.create('RE0009', STEREO);
      await assert.rejects(s.create('RE0009', STEREO), isCode('ERR_RECORDING_EXISTS'));
      for (const id of ['', '../etc/passwd', 'a/b', 'x.wav', 'é', 'a'.repeat(129)]) {
        await assert.rejects(s.create(id, MONO), isCode('ERR_RECORDING_ID'), id);
      }
      assert.throws(() => w.write(new Int16Array(3)), isCode('ERR_RECORDING_FRAMES'));
      await assert.rejects(s.create('RE0009c', { ...MONO, channels: 3 as 1 }), isCode('ERR_RECORDER_OPTIONS'));
      await assert.rejects(s.create('RE0009d', { ...MONO, encoding: 'mp3' as 'pcm16' }), isCode('ERR_RECORDER_OPTIONS'));
      await w.finalize();
    }));

    it('flush() makes written audio readable while recording goes on', withStorage(async (s) => {
      const w = await s.create('RE0010', MONO);
      const audio = ramp(4000);
      w.write(audio);
      await w.flush();
      const { info, samples } = parseWav(await readRecording(s, 'RE0010'));
      assert.equal(info.frames, 4000);
      assert.deepEqual(samples, audio);
      w.write(audio);
      assert.equal((await w.finalize()).frames, 8000);
    }));

    it('finalizeAll() finalizes every open writer, untrimmed, and leaves finished ones alone', withStorage(async (s) => {
      const a = await s.create('RE0011a', MONO);
      const b = await s.create('RE0011b', STEREO);
      const done = await s.create('RE0011c', MONO);
      await done.finalize();
      a.write(ramp(1234));
      b.write(ramp(321, 2));
      const entries = await s.finalizeAll();
      assert.deepEqual(entries.map((e) => [e.id, e.ok && e.file.frames]).sort(), [['RE0011a', 1234], ['RE0011b', 321]]);
      assert.throws(() => a.write(ramp(1)), isCode('ERR_RECORDING_CLOSED'));
      assert.equal((await a.finalize({ keepFrames: 1 })).frames, 1234);
      assert.equal(parseWav(await readRecording(s, 'RE0011b')).info.frames, 321);
      assert.deepEqual(await s.finalizeAll(), []);
    }));
  });
}
