import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRecorderError } from './errors.ts';
import { Recorder, type RecorderOptions, type RecordingOutcome } from './recorder.ts';
import { RATE, channel, concat, ms, dominantHz, endOfLoud, firstLoud, noise, packets, silence, speechLike, tone } from './signal.fixture.ts';

interface Run {
  outcome: RecordingOutcome;
  /** Everything written (interleaved). */
  written: Int16Array;
  /** What finalize({ keepFrames }) keeps. */
  kept: Int16Array;
  beeps: number;
  writeEvents: number;
}

interface Feed {
  packet?: number;
  outbound?: Int16Array;
  /** Packet index → key pressed after that packet. */
  digits?: Record<number, string>;
  /** Hang up when the audio runs out (default true). */
  hangupAtEnd?: boolean;
}

function record(options: RecorderOptions, inbound: Int16Array, feed: Feed = {}): Run {
  const r = new Recorder(options);
  const writes: Int16Array[] = [];
  let beeps = 0;
  let outcome: RecordingOutcome | undefined;
  let ends = 0;
  r.on('write', (w) => {
    assert.equal(outcome, undefined, "no 'write' after 'end'");
    writes.push(w);
  });
  r.on('beep', () => void beeps++);
  r.on('end', (o) => {
    outcome = o;
    ends++;
  });
  r.start();
  const size = feed.packet ?? 160;
  const out = feed.outbound ? packets(feed.outbound, size) : [];
  packets(inbound, size).forEach((p, i) => {
    if (r.state !== 'recording') return;
    const o = out[i];
    if (o) r.pushOutbound(o);
    r.pushInbound(p);
    const key = feed.digits?.[i];
    if (key) r.pushDigit(key);
  });
  if (feed.hangupAtEnd ?? true) r.hangup();
  r.hangup();
  assert.equal(ends, 1, "'end' exactly once");
  assert.ok(outcome);
  const written = concat(...writes);
  assert.equal(written.length, outcome.writtenFrames * outcome.channels);
  return { outcome, written, kept: written.subarray(0, outcome.keepFrames * outcome.channels), beeps, writeEvents: writes.length };
}

const near = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} not within ±${tol} of ${expected}`);

describe('Recorder', () => {
  it("emits 'beep' once at start when playBeep (the default), never otherwise", () => {
    assert.equal(record({}, tone(440, 100)).beeps, 1);
    assert.equal(record({ playBeep: false }, tone(440, 100)).beeps, 0);
  });

  it('ends on silence after speech: timeoutSec after the last speech (440 Hz tone)', () => {
    const run = record({ timeoutSec: 3 }, concat(silence(500), tone(440, 2000), silence(10_000)), { hangupAtEnd: false });
    assert.equal(run.outcome.reason, 'timeout');
    near(run.outcome.elapsedSec, 0.5 + 2 + 3, 0.02, 'elapsed');
    assert.equal(run.outcome.speechDetected, true);
  });

  it('ends on silence after speech-like bursts, and pauses between syllables do not end it', () => {
    const speech = speechLike(3000);
    const run = record({ timeoutSec: 2 }, concat(silence(300), speech, silence(8000)), { hangupAtEnd: false });
    assert.equal(run.outcome.reason, 'timeout');
    const lastSpeechSec = (ms(300) + endOfLoud(speech, 184)) / RATE;
    near(run.outcome.elapsedSec, lastSpeechSec + 2, 0.05, 'elapsed');
    near(run.outcome.durationSec, lastSpeechSec + 0.2 - run.outcome.trimmedStartSec, 0.05, 'kept');
  });

  it('a pause shorter than the timeout does not end the recording', () => {
    const run = record({ timeoutSec: 3 }, concat(tone(440, 1000), silence(2500), tone(440, 1000), silence(4000)), { hangupAtEnd: false });
    assert.equal(run.outcome.reason, 'timeout');
    near(run.outcome.elapsedSec, 1 + 2.5 + 1 + 3, 0.02, 'elapsed');
    near(run.outcome.durationSec, 4.5 + 0.2, 0.02, 'kept');
  });

  it('silence counts from the start by default: a caller who says nothing is cut off after timeoutSec, keeping nothing', () => {
    const run = record({}, silence(20_000), { hangupAtEnd: false });
    assert.deepEqual(
      [run.outcome.reason, run.outcome.elapsedSec, run.outcome.keepFrames, run.outcome.durationSec, run.outcome.speechDetected, run.outcome.trimmedStartSec],
      ['timeout', 5, 0, 0, false, 5],
    );
    assert.equal(run.written.length, 0);
  });

  it("timeoutFrom 'speech' waits for speech before counting silence", () => {
    const run = record({ timeoutFrom: 'speech', timeoutSec: 2 }, concat(silence(8000), tone(440, 1000), silence(5000)), { hangupAtEnd: false });
    assert.equal(run.outcome.reason, 'timeout');
    near(run.outcome.elapsedSec, 11, 0.02, 'elapsed');
  });

  it('timeoutSec 0 disables the silence timeout', () => {
    const run = record({ timeoutSec: 0, maxLengthSec: 12 }, silence(20_000), { hangupAtEnd: false });
    assert.equal(run.outcome.reason, 'max-length');
    assert.equal(run.outcome.elapsedSec, 12);
  });

  it('line noise at -60 dBFS is silence; a 10 ms click is not speech and does not restart the timeout', () => {
    const run = record({ timeoutSec: 5 }, concat(noise(1000, -60), tone(1000, 10, -6), noise(9000, -60, 2)), { hangupAtEnd: false });
    assert.equal(run.outcome.reason, 'timeout');
    assert.equal(run.outcome.elapsedSec, 5);
    assert.equal(run.outcome.speechDetected, false);
    const loud = record({ timeoutSec: 5 }, concat(noise(1000, -60), tone(1000, 60, -6), noise(9000, -60, 2)), { hangupAtEnd: false });
    assert.equal(loud.outcome.speechDetected, true);
    near(loud.outcome.elapsedSec, 6.06, 0.02, 'a 60 ms tone is speech');
  });

  it('stops at maxLengthSec to the sample, whatever the packet size', () => {
    const run = record({ maxLengthSec: 2 }, tone(440, 5000), { packet: 173, hangupAtEnd: false });
    assert.equal(run.outcome.reason, 'max-length');
    assert.equal(run.outcome.elapsedSec, 2);
    assert.equal(run.outcome.writtenFrames, 2 * RATE);
    assert.equal(run.outcome.keepFrames, 2 * RATE);
    assert.deepEqual(run.written, tone(440, 2000));
  });

  it('a finish key ends it and is reported; other keys are ignored', () => {
    const run = record({ finishOnKey: '#*' }, concat(tone(440, 1000), tone(440, 2000)), { digits: { 20: '5', 49: '#' }, hangupAtEnd: false });
    assert.equal(run.outcome.reason, 'finish-key');
    assert.equal(run.outcome.digits, '#');
    near(run.outcome.elapsedSec, 1.0, 0.001, 'ended at the key');
    const byDefault = record({}, tone(440, 1000), { digits: { 20: '5' }, hangupAtEnd: false });
    assert.deepEqual([byDefault.outcome.reason, byDefault.outcome.digits], ['finish-key', '5']);
    const only = record({ finishOnKey: '*' }, tone(440, 1000), { digits: { 10: '#', 12: '1' } });
    assert.equal(only.outcome.reason, 'hangup');
    assert.equal(only.outcome.digits, undefined);
    const none = new Recorder({ finishOnKey: '' });
    none.start();
    assert.equal(none.pushDigit('1'), false);
  });

  it('trims leading and trailing silence, keeping a 200 ms pre-roll and 200 ms hangover (±20 ms)', () => {
    const src = concat(silence(1000), tone(440, 2000), silence(1500));
    const run = record({}, src);
    assert.equal(run.outcome.reason, 'hangup');
    near(run.outcome.trimmedStartSec, 0.8, 0.02, 'trimmedStart');
    near(run.outcome.durationSec, 2.4, 0.02, 'duration');
    near(run.outcome.trimmedEndSec, 1.3, 0.02, 'trimmedEnd');
    near(firstLoud(run.kept) / RATE, 0.2, 0.02, 'tone starts after the pre-roll');
    near((run.kept.length - endOfLoud(run.kept)) / RATE, 0.2, 0.02, 'tone ends before the hangover');
    const tight = record({ silence: { preRollMs: 0, hangoverMs: 0 } }, src);
    near(tight.outcome.trimmedStartSec, 1.0, 0.02, 'trimmedStart without pre-roll');
    near(tight.outcome.durationSec, 2.0, 0.02, 'duration without margins');
  });

  it("'do-not-trim' keeps everything", () => {
    const run = record({ trim: 'do-not-trim' }, concat(silence(1000), tone(440, 2000), silence(1500)));
    assert.deepEqual([run.outcome.trimmedStartSec, run.outcome.trimmedEndSec, run.outcome.durationSec], [0, 0, 4.5]);
    assert.deepEqual(run.kept, concat(silence(1000), tone(440, 2000), silence(1500)));
  });

  it('dual channel interleaves inbound (channel 1) with outbound (channel 2), sample-exact', () => {
    const inbound = concat(tone(440, 1500), silence(500));
    const outbound = tone(1000, 2000, -20);
    const run = record({ channels: 'dual', trim: 'do-not-trim' }, inbound, { outbound, packet: 160 });
    assert.equal(run.outcome.channels, 2);
    assert.equal(run.written.length, 2 * inbound.length);
    assert.deepEqual(channel(run.written, 2, 0), inbound);
    assert.deepEqual(channel(run.written, 2, 1), outbound);
    assert.equal(dominantHz(channel(run.kept, 2, 0)), 440);
    assert.equal(dominantHz(channel(run.kept, 2, 1)), 1000);
  });

  it('dual channel pads missing outbound with silence, drops outbound lagging too far, and judges silence on inbound only', () => {
    const r = new Recorder({ channels: 'dual', trim: 'do-not-trim', maxOutboundLagMs: 100, timeoutSec: 1 });
    const writes: Int16Array[] = [];
    r.on('write', (w) => writes.push(w));
    r.start();
    r.pushOutbound(tone(1000, 500)); // 500 ms at once: only the newest 100 ms are kept
    r.pushInbound(tone(440, 200));
    r.pushOutbound(tone(1000, 3000)); // loud outbound does not hold off the inbound silence timeout
    r.pushInbound(silence(1500));
    assert.equal(r.state, 'ended');
    assert.equal(r.result?.reason, 'timeout');
    const out = channel(concat(...writes), 2, 1);
    assert.deepEqual(out.subarray(0, 800), tone(1000, 500).subarray(4 * 800));
    assert.deepEqual(out.subarray(800, 1600), new Int16Array(800));
  });

  it('hangup and stop end it with what was recorded so far, including a partial 10 ms block', () => {
    const run = record({ trim: 'do-not-trim' }, tone(440, 1003));
    assert.equal(run.outcome.reason, 'hangup');
    assert.equal(run.outcome.writtenFrames, tone(440, 1003).length);
    const r = new Recorder({ playBeep: false });
    let outcome: RecordingOutcome | undefined;
    r.on('end', (o) => (outcome = o));
    r.start();
    r.pushInbound(tone(440, 500));
    r.stop();
    assert.equal(outcome?.reason, 'stopped');
    near(outcome?.durationSec ?? 0, 0.5, 0.001, 'duration');
  });

  it('ignores audio before start and after the end; start twice throws', () => {
    const r = new Recorder({ trim: 'do-not-trim' });
    let frames = 0;
    r.on('write', (w) => (frames += w.length));
    r.pushInbound(tone(440, 100));
    r.start();
    assert.throws(() => r.start(), (e: unknown) => isRecorderError(e) && e.code === 'ERR_RECORDER_OPTIONS');
    r.pushInbound(tone(440, 100));
    r.hangup();
    r.pushInbound(tone(440, 100));
    assert.equal(frames, 800);
    assert.equal(r.elapsedFrames, 800);
  });

  it('rejects options out of range', () => {
    const bad: RecorderOptions[] = [
      { maxLengthSec: 0 }, { maxLengthSec: Infinity }, { timeoutSec: -1 }, { finishOnKey: '#x' }, { sampleRate: 7.5 },
      { silence: { thresholdDbfs: 3 } }, { silence: { hangoverMs: -1 } },
    ];
    for (const o of bad) assert.throws(() => new Recorder(o), (e: unknown) => isRecorderError(e) && e.code === 'ERR_RECORDER_OPTIONS', JSON.stringify(o));
  });

  it('coalesces one write per pushed packet and scales to an hour of audio cheaply', () => {
    const r = new Recorder({ trim: 'do-not-trim', timeoutSec: 0 });
    let writes = 0;
    let frames = 0;
    r.on('write', (w) => {
      writes++;
      frames += w.length;
    });
    r.start();
    const p = tone(440, 20);
    const t0 = performance.now();
    for (let i = 0; i < 180_000; i++) r.pushInbound(p);
    const took = performance.now() - t0;
    assert.equal(r.result?.reason, 'max-length');
    assert.equal(frames, 3600 * RATE);
    assert.equal(writes, 180_000);
    assert.ok(took < 5000, `an hour took ${took} ms`);
  });
});
