import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeScheduler } from '../../core/index.ts';
import { isRecorderError } from './errors.ts';
import { LocalRecordingStorage } from './local-storage.ts';
import { InMemoryRecordingStorage } from './memory-storage.ts';
import { RecordingSession, type RecordingSessionOptions } from './session.ts';
import { RATE, channel, concat, dominantHz, ms, endOfLoud, firstLoud, packets, silence, speechLike, tone } from './signal.fixture.ts';
import { readRecording, type RecordingStorage } from './storage.ts';
import { parseWav } from './wav.ts';

const near = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} not within ±${tol} of ${expected}`);

async function session(storage: RecordingStorage, id: string, o: Omit<RecordingSessionOptions, 'writer'> = {}) {
  const writer = await storage.create(id, { sampleRate: 8000, channels: o.channels === 'dual' ? 2 : 1, encoding: 'pcm16' });
  return new RecordingSession({ ...o, writer });
}

/** Feeds packets in real-time order on a fake clock until the session ends or the audio runs out. */
function play(s: RecordingSession, clock: FakeScheduler | undefined, inbound: Int16Array, outbound?: Int16Array): void {
  const out = outbound ? packets(outbound) : [];
  for (const [i, p] of packets(inbound).entries()) {
    if (s.recorder.state !== 'recording') return;
    const o = out[i];
    if (o) s.outbound(o);
    s.inbound(p);
    clock?.advance(20);
  }
}

describe('RecordingSession', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-rec-session-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes a trimmed WAV whose duration and dominant frequency match the source (local disk)', async () => {
    const storage = new LocalRecordingStorage(dir);
    const s = await session(storage, 'REtone', { timeoutSec: 5 });
    let beeps = 0;
    s.on('beep', () => void beeps++);
    s.start();
    play(s, undefined, concat(silence(700), tone(440, 2000), silence(6000)));
    const { outcome, file } = await s.done;
    assert.equal(beeps, 1);
    assert.equal(outcome.reason, 'timeout');
    near(file.durationSec, 2.4, 0.02, 'file duration');
    assert.equal(file.durationSec, outcome.durationSec);
    const { info, samples } = parseWav(await readFile(file.path!));
    near(info.durationSec, 2.4, 0.02, 'WAV duration');
    assert.equal(dominantHz(samples), 440);
    near(firstLoud(samples) / RATE, 0.2, 0.02, 'pre-roll');
    near((samples.length - endOfLoud(samples)) / RATE, 0.2, 0.02, 'hangover');
  });

  it('dual channel: both channels in the WAV, each with its own frequency', async () => {
    const storage = new InMemoryRecordingStorage();
    const s = await session(storage, 'REdual', { channels: 'dual', trim: 'do-not-trim' });
    s.start();
    play(s, undefined, concat(silence(300), speechLike(1500), tone(1300, 700, -10)), tone(600, 2500, -20));
    s.hangup();
    const { outcome } = await s.done;
    assert.equal(outcome.reason, 'hangup');
    const { info, samples } = parseWav(await readRecording(storage, 'REdual'));
    assert.equal(info.channels, 2);
    near(info.durationSec, 2.5, 0.001, 'duration');
    assert.equal(dominantHz(channel(samples, 2, 1)), 600);
    assert.equal(dominantHz(channel(samples, 2, 0).subarray(ms(1800))), 1300);
  });

  it('hangup finalizes the writer with the trailing trim applied', async () => {
    const storage = new InMemoryRecordingStorage();
    const s = await session(storage, 'REhang');
    s.start();
    play(s, undefined, concat(tone(440, 1500), silence(1000)));
    s.hangup();
    const { outcome, file } = await s.done;
    assert.equal(outcome.reason, 'hangup');
    near(file.durationSec, 1.7, 0.02, 'kept');
    assert.equal(parseWav(await readRecording(storage, 'REhang')).info.frames, outcome.keepFrames);
  });

  it('finish key through the session reports the digit and finalizes', async () => {
    const storage = new InMemoryRecordingStorage();
    const s = await session(storage, 'REkey');
    s.start();
    play(s, undefined, tone(440, 800));
    assert.equal(s.digit('A'), false);
    assert.equal(s.digit('#'), true);
    const { outcome, file } = await s.done;
    assert.deepEqual([outcome.reason, outcome.digits], ['finish-key', '#']);
    near(file.durationSec, 0.8, 0.001, 'kept');
  });

  it('with a Scheduler, silence timeout fires on wall time when RTP stops arriving', async () => {
    const clock = new FakeScheduler(1_000_000);
    const storage = new InMemoryRecordingStorage();
    const s = await session(storage, 'REgap', { scheduler: clock, timeoutSec: 5 });
    s.start();
    play(s, clock, tone(440, 1000));
    clock.advance(4000);
    assert.equal(s.recorder.state, 'recording');
    clock.advance(2500);
    assert.equal(s.recorder.state, 'ended');
    const { outcome, file } = await s.done;
    assert.equal(outcome.reason, 'timeout');
    assert.equal(outcome.elapsedSec, 6);
    near(file.durationSec, 1.2, 0.02, 'tone plus hangover');
    assert.equal(clock.pending, 0, 'no timer left behind');
  });

  it('with a Scheduler, maxLength holds on wall time even with no audio at all', async () => {
    const clock = new FakeScheduler();
    const s = await session(new InMemoryRecordingStorage(), 'REmax', { scheduler: clock, timeoutSec: 0, maxLengthSec: 3, trim: 'do-not-trim' });
    s.start();
    clock.advance(3400);
    const { outcome, file } = await s.done;
    assert.equal(outcome.reason, 'max-length');
    assert.equal(file.durationSec, 3);
  });

  it('jitter below gapFillMs inserts nothing', async () => {
    const clock = new FakeScheduler();
    const s = await session(new InMemoryRecordingStorage(), 'REjit', { scheduler: clock, trim: 'do-not-trim' });
    s.start();
    const p = packets(tone(440, 2000));
    for (let i = 0; i < p.length; i += 5) {
      clock.advance(100); // packets arrive in bursts of 5, 100 ms apart
      for (const q of p.slice(i, i + 5)) s.inbound(q);
    }
    s.stop();
    const { outcome, file } = await s.done;
    assert.equal(outcome.reason, 'stopped');
    assert.equal(file.frames, 16_000);
  });

  it('a writer finalized underneath (shutdown) stops the session with the file finalizeAll wrote', async () => {
    const storage = new InMemoryRecordingStorage();
    const s = await session(storage, 'REshut');
    s.start();
    play(s, undefined, tone(440, 500));
    const [entry] = await storage.finalizeAll();
    assert.equal(entry?.ok, true);
    s.inbound(tone(440, 20));
    assert.equal(s.recorder.state, 'ended');
    assert.ok(isRecorderError(s.error) && s.error.code === 'ERR_RECORDING_CLOSED');
    const { outcome, file } = await s.done;
    assert.equal(outcome.reason, 'stopped');
    assert.equal(file.frames, 4000);
  });

  it('refuses a writer whose format does not match the recorder', async () => {
    const writer = await new InMemoryRecordingStorage().create('REbad', { sampleRate: 8000, channels: 1, encoding: 'pcm16' });
    assert.throws(() => new RecordingSession({ writer, channels: 'dual' }), (e: unknown) => isRecorderError(e) && e.code === 'ERR_RECORDER_OPTIONS');
  });
});
