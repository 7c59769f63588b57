import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isRecorderError } from './errors.ts';
import { LocalRecordingStorage, RECORDING_FLUSH_CHANNEL, type RecordingFlushMessage } from './local-storage.ts';
import { sampleAt, tone } from './signal.fixture.ts';
import { recordingStorageContract } from './storage.contract.ts';
import { finalizeAllOnExit, type RecordingFormat } from './storage.ts';
import { encodeWav, parseWav, parseWavHeader } from './wav.ts';

const MONO: RecordingFormat = { sampleRate: 8000, channels: 1, encoding: 'pcm16' };
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./crash-child.fixture.ts', import.meta.url));

recordingStorageContract('local', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sb-rec-'));
  return { storage: new LocalRecordingStorage(dir, { flushEveryMs: 1000 }), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

/** Resolves with the next flush message for `id`. */
function nextFlush(id: string): Promise<RecordingFlushMessage> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      if ((m as RecordingFlushMessage).id !== id) return;
      unsubscribe(RECORDING_FLUSH_CHANNEL, on);
      resolve(m as RecordingFlushMessage);
    };
    subscribe(RECORDING_FLUSH_CHANNEL, on);
  });
}

function expectSignal(samples: Int16Array, from = 0): void {
  for (let i = 0; i < samples.length; i++) if (samples[i] !== sampleAt(from + i)) assert.fail(`sample ${from + i} is ${samples[i]}, wrote ${sampleAt(from + i)}`);
}

interface Child {
  lines: string[];
  waitFor(pred: (lines: string[]) => boolean): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runChild(dir: string, mode: 'kill' | 'term'): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, mode], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buf = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const waitFor = (pred: (l: string[]) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pred(lines)) resolve();
        else waiters.push(check);
      };
      void exited.then(() => (pred(lines) ? resolve() : reject(new Error(`child exited; output: ${lines.join(' | ')}`))));
      check();
    });
  return { lines, waitFor, kill: (s) => proc.kill(s), exited };
}

const flushedFrames = (lines: string[]) => lines.filter((l) => l.startsWith('flushed ')).map((l) => Number(l.slice(8)));

describe('LocalRecordingStorage', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-rec-local-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('rewrites the header every flushEveryMs of audio, so a reader mid-recording sees a valid WAV', async () => {
    const s = new LocalRecordingStorage(join(dir, 'mid'), { flushEveryMs: 1000 });
    const w = await s.create('REmid', MONO);
    const path = s.pathOf('REmid');
    assert.deepEqual(parseWavHeader(await readFile(path)).frames, 0);
    const flushed = nextFlush('REmid');
    const audio = new Int16Array(20_000).map((_, i) => sampleAt(i));
    for (let i = 0; i < 10_080; i += 160) w.write(audio.subarray(i, i + 160)); // 1.26 s: one automatic flush
    assert.equal((await flushed).frames, 8000);
    const { info, samples } = parseWav(await readFile(path));
    assert.equal(info.frames, 8000);
    assert.equal(info.riffSize, 36 + 16000);
    expectSignal(samples);
    w.write(audio.subarray(10_080));
    const file = await w.finalize();
    assert.equal(file.path, path);
    assert.equal((await stat(path)).size, 44 + 40_000);
    expectSignal(parseWav(await readFile(path)).samples);
  });

  it('a process SIGKILLed mid-recording leaves a WAV whose sizes match the data up to its last flush', async () => {
    const d = join(dir, 'kill');
    const child = runChild(d, 'kill');
    await child.waitFor((l) => flushedFrames(l).length >= 3);
    child.kill('SIGKILL');
    assert.equal((await child.exited).signal, 'SIGKILL');
    const lastReported = Math.max(...flushedFrames(child.lines));
    const bytes = await readFile(join(d, 'REcrash.wav'));
    const { info, samples } = parseWav(bytes);
    assert.deepEqual([info.sampleRate, info.channels, info.bitsPerSample], [8000, 1, 16]);
    // The header describes a flush: the last one reported, or one that completed after it (killed
    // before its report reached stdout). A flush starts once 2000 frames (250 ms) are pending, i.e.
    // every 13 packets of 160: the header only ever moves in 2080-frame steps.
    assert.ok(info.frames >= lastReported, `header ${info.frames} frames, last reported flush ${lastReported}`);
    assert.equal(info.frames % 2080, 0);
    assert.equal(info.riffSize, 36 + info.dataBytes);
    assert.ok(bytes.length >= 44 + info.dataBytes);
    assert.equal(samples.length, info.frames);
    expectSignal(samples);

    // recover() adopts every whole frame that reached the file after that flush.
    const s = new LocalRecordingStorage(d);
    const file = await s.recover('REcrash');
    assert.ok(file.frames >= info.frames);
    const recovered = parseWav(await readFile(join(d, 'REcrash.wav')));
    assert.equal(recovered.info.frames, file.frames);
    assert.equal(recovered.info.riffSize, 36 + file.frames * 2);
    expectSignal(recovered.samples);
  });

  it('finalizeAllOnExit from a SIGTERM handler finalizes with every frame written', async () => {
    const d = join(dir, 'term');
    const child = runChild(d, 'term');
    await child.waitFor((l) => flushedFrames(l).length >= 2);
    child.kill('SIGTERM');
    await child.waitFor((l) => l.some((x) => x.startsWith('finalized ')));
    assert.equal((await child.exited).code, 0);
    const frames = Number(child.lines.find((x) => x.startsWith('finalized '))!.slice(10));
    assert.ok(frames >= Math.max(...flushedFrames(child.lines)));
    assert.equal(frames % 640, 0, 'whole ticks of 4 packets');
    const bytes = await readFile(join(d, 'REcrash.wav'));
    assert.equal(bytes.length, 44 + frames * 2);
    const { info, samples } = parseWav(bytes);
    assert.equal(info.frames, frames);
    expectSignal(samples);
  });

  it('finalizeAllOnExit covers several storages and reports each recording', async () => {
    const a = new LocalRecordingStorage(join(dir, 'exit-a'));
    const b = new LocalRecordingStorage(join(dir, 'exit-b'));
    const wa = await a.create('REa', MONO);
    const wb = await b.create('REb', { ...MONO, channels: 2 });
    wa.write(tone(440, 300));
    wb.write(new Int16Array(2 * 800));
    const report = await finalizeAllOnExit([a, b], { timeoutMs: 5000 });
    assert.equal(report.timedOut, false);
    assert.deepEqual(report.failed, []);
    assert.deepEqual(report.finalized.map((f) => [f.id, f.frames]).sort(), [['REa', 2400], ['REb', 800]]);
    assert.equal(parseWavHeader(await readFile(a.pathOf('REa'))).frames, 2400);
  });

  it('recover() fixes a header left at 0 and cuts a trailing partial frame', async () => {
    const d = join(dir, 'recover');
    const s = new LocalRecordingStorage(d);
    const w = await s.create('REr', { ...MONO, channels: 2 });
    await w.finalize();
    const stereo = new Int16Array(2 * 500).map((_, i) => sampleAt(i));
    const body = encodeWav({ sampleRate: 8000, channels: 2 }, stereo);
    body.writeUInt32LE(36, 4); // as if killed before the first header rewrite
    body.writeUInt32LE(0, 40);
    await writeFile(s.pathOf('REr'), Buffer.concat([body, Buffer.from([1, 2, 3])]));
    const file = await s.recover('REr');
    assert.equal(file.frames, 500);
    const { info, samples } = parseWav(await readFile(s.pathOf('REr')));
    assert.deepEqual([info.frames, info.riffSize, info.channels], [500, 36 + 2000, 2]);
    expectSignal(samples);
    await assert.rejects(s.recover('REnone'), (e: unknown) => isRecorderError(e) && e.code === 'ERR_RECORDING_NOT_FOUND');
    const open = await s.create('REbusy', MONO);
    await assert.rejects(s.recover('REbusy'), (e: unknown) => isRecorderError(e) && e.code === 'ERR_RECORDING_EXISTS');
    await open.abort();
  });

  it('reports storage failures as ERR_RECORDING_IO at create', async () => {
    const file = join(dir, 'not-a-dir');
    await writeFile(file, 'x');
    const s = new LocalRecordingStorage(join(file, 'sub'));
    await assert.rejects(s.create('REio', MONO), (e: unknown) => isRecorderError(e) && e.code === 'ERR_RECORDING_IO');
  });
});
