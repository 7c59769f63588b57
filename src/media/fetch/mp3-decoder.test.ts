import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { Mp3DecodeError, Mp3Decoder, Mp3TooLongError, isMp3DecodeError, mixDownToInt16, mp3ToPcm8k } from './index.ts';
import type { Mp3DecodeErrorCode, MpegDecoderLike } from './index.ts';
import { MP3_TONES, loadMp3, measureTone, noise, withId3v2 } from './mp3.fixture.ts';

const decoder = new Mp3Decoder();
after(() => decoder.close());

async function rejectsWith(p: Promise<unknown>, code: Mp3DecodeErrorCode): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(isMp3DecodeError(err), `expected Mp3DecodeError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

describe('mp3ToPcm8k (mpg123-decoder on this Node)', () => {
  for (const t of MP3_TONES) {
    it(`decodes ${t.file} to ~1 s of 440 Hz at 8 kHz`, async () => {
      const pcm = await mp3ToPcm8k(decoder, loadMp3(t.file));
      const m = measureTone(pcm);
      if (t.lameTag) assert.equal(pcm.length, 8000, 'gapless: the LAME tag trims delay and padding exactly');
      assert.ok(Math.abs(m.durationMs - 1000) <= 60, `duration ${m.durationMs} ms`);
      assert.ok(Math.abs(m.frequency - 440) <= 5, `dominant ${m.frequency} Hz`);
      assert.ok(Math.abs(m.amplitude - 16384) < 1600, `440 Hz amplitude ${m.amplitude.toFixed(0)} (sox: vol 0.5)`);
    });
  }

  it('skips an ID3v2 tag', async () => {
    const pcm = await mp3ToPcm8k(decoder, withId3v2(loadMp3('tone-440-22050-mono.mp3')));
    assert.equal(pcm.length, 8000);
    assert.equal(measureTone(pcm).frequency, 440);
  });

  it('gives the same samples for concurrent decodes (one decoder, queued, reset between files)', async () => {
    const bytes = loadMp3('tone-440-44100-stereo.mp3');
    const other = loadMp3('tone-440-22050-mono.mp3');
    const [a, b, c] = await Promise.all([mp3ToPcm8k(decoder, bytes), mp3ToPcm8k(decoder, other), mp3ToPcm8k(decoder, bytes)]);
    assert.deepEqual(c, a);
    assert.equal(b!.length, 8000);
  });

  it('stops with Mp3TooLongError past maxSamples', async () => {
    await assert.rejects(mp3ToPcm8k(decoder, loadMp3('tone-440-44100-stereo.mp3'), { maxSamples: 4000 }), Mp3TooLongError);
    // The decoder is still good afterwards.
    assert.equal((await mp3ToPcm8k(decoder, loadMp3('tone-440-22050-mono.mp3'))).length, 8000);
  });

  it('yields to the event loop while decoding and resampling', async () => {
    let turns = 0;
    const small = new Mp3Decoder({ sliceBytes: 512, yieldToLoop: async () => void turns++ });
    try {
      await small.decode(loadMp3('tone-440-44100-stereo.mp3'), () => undefined);
      assert.ok(turns >= 10, `${turns} yields for 5.7 KB in 512-byte slices`);
    } finally {
      await small.close();
    }
  });
});

describe('Mp3Decoder errors and lifecycle', () => {
  it('reports no audio for a body without frames, and for a lone Xing frame', async () => {
    await rejectsWith(mp3ToPcm8k(decoder, noise(3000)), 'ERR_MP3_NO_AUDIO');
    await rejectsWith(mp3ToPcm8k(decoder, new Uint8Array([0xff, 0xfb, 0x90, 0x00])), 'ERR_MP3_NO_AUDIO');
    await rejectsWith(mp3ToPcm8k(decoder, loadMp3('tone-440-22050-mono.mp3').subarray(0, 300)), 'ERR_MP3_NO_AUDIO');
  });

  it('reports a corrupt stream (a frame header followed by garbage) as ERR_MP3_CORRUPT', async () => {
    const corrupt = noise(4000, 9);
    corrupt.set(loadMp3('tone-440-22050-mono.mp3').subarray(0, 4));
    corrupt.set(loadMp3('tone-440-22050-mono.mp3').subarray(208, 212), 208); // the second frame's header too
    await rejectsWith(mp3ToPcm8k(decoder, corrupt), 'ERR_MP3_CORRUPT');
    assert.equal((await mp3ToPcm8k(decoder, loadMp3('tone-440-22050-mono.mp3'))).length, 8000, 'recovers for the next file');
  });

  it('is lazy: nothing is loaded until the first decode, and close() frees it', async () => {
    const d = new Mp3Decoder();
    assert.equal(d.loaded, false);
    await mp3ToPcm8k(d, loadMp3('tone-440-22050-mono.mp3'));
    assert.equal(d.loaded, true);
    await d.close();
    assert.equal(d.loaded, false);
    assert.equal((await mp3ToPcm8k(d, loadMp3('tone-440-22050-mono.mp3'))).length, 8000, 'a decode after close instantiates again');
    await d.close();
    await d.close(); // idempotent
  });

  it('creates once, resets between files, frees on close (counted on a fake)', async () => {
    const calls: string[] = [];
    const fake: MpegDecoderLike = {
      ready: Promise.resolve(),
      reset: async () => void calls.push('reset'),
      free: () => void calls.push('free'),
      decode: () => ({ channelData: [new Float32Array([0.5, -1]), new Float32Array([0.5, 1])], samplesDecoded: 2, sampleRate: 8000, errors: [] }),
    };
    const d = new Mp3Decoder({ create: async () => (calls.push('create'), fake) });
    const got: number[][] = [];
    await d.decode(new Uint8Array(1), (s) => void got.push([...s]));
    await d.decode(new Uint8Array(1), (s) => void got.push([...s]));
    await d.close();
    assert.deepEqual(calls, ['create', 'reset', 'free']);
    assert.deepEqual(got, [[16384, 0], [16384, 0]]);
  });

  it('maps a decoder that cannot be instantiated to ERR_MP3_UNAVAILABLE', async () => {
    const d = new Mp3Decoder({ create: () => Promise.reject(new Error('no WebAssembly here')) });
    await rejectsWith(d.decode(new Uint8Array(10), () => undefined), 'ERR_MP3_UNAVAILABLE');
    assert.equal(d.loaded, false);
    assert.ok(new Mp3DecodeError('ERR_MP3_UNAVAILABLE', 'x') instanceof Error);
  });

  it('mixes channels down by averaging and clips to 16 bits', () => {
    const left = new Float32Array([1, -1, 0.5, 2]);
    const right = new Float32Array([1, 1, -0.5, 2]);
    assert.deepEqual([...mixDownToInt16([left, right], 4)], [32767, 0, 0, 32767]);
    assert.deepEqual([...mixDownToInt16([new Float32Array([-1.5, 0.25])], 2)], [-32768, 8192]);
    assert.equal(mixDownToInt16([], 3).length, 3);
  });
});
