// MediaPool end to end: real worker threads on loopback, each with its own MediaHost. Endpoints
// in different workers talk RTP to each other; audio is checked in the recordings the workers
// write; a worker is crashed and replaced while the other keeps playing.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { createLogger } from '../../core/index.ts';
import { MediaCommandError, type EndpointId, type MediaEvent, type MediaLoad } from '../host/index.ts';
import { dominantFrequency, rmsDbfs } from '../pcm.ts';
import { tone } from '../player/index.ts';
import { LocalRecordingStorage, encodeWav, parseWav, readRecording } from '../recorder/index.ts';
import { MediaPool, type PoolLogger, type WorkerExit, type WorkerInfo } from './index.ts';

// pino's Logger is what the composition root passes.
const pinoFits: PoolLogger = createLogger({ level: 'silent' });
void pinoFits;

const PORT_MIN = 42000;
const PORT_MAX = 42599; // three slices of 100 pairs
let dir: string;
let pool: MediaPool;
let wavServer: Server;
let toneUrl: string;
const logs: { level: string; message: string; fields: Record<string, unknown> }[] = [];
const events: MediaEvent[] = [];
const exits: WorkerExit[] = [];
const starts: WorkerInfo[] = [];
const logger: PoolLogger = {
  info: (fields, message) => logs.push({ level: 'info', message, fields }),
  warn: (fields, message) => logs.push({ level: 'warn', message, fields }),
  error: (fields, message) => logs.push({ level: 'error', message, fields }),
};

const workerOf = (id: EndpointId) => Number(/^w(\d+)e/.exec(id)?.[1]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** caller makes the offer, callee answers: an RTP call between two endpoints (any workers). */
async function call(caller: EndpointId, callee: EndpointId): Promise<void> {
  const offer = await pool.offer(caller);
  const answer = await pool.answer(callee, offer.sdp);
  await pool.accept(caller, answer.sdp);
}

async function recording(id: EndpointId, recordingId: string, seconds: number): Promise<Int16Array> {
  const result = await pool.record(id, { recordingId, maxLengthSec: seconds, timeoutSec: 0, finishOnKey: '', trim: 'do-not-trim', playBeep: false, channels: 'mono' });
  assert.equal(result.reason, 'max-length');
  return parseWav(await readRecording(new LocalRecordingStorage(join(dir, 'recordings')), recordingId)).samples;
}

async function destroyAll(): Promise<void> {
  for (const id of created.splice(0)) await pool.destroy(id);
}

const created: EndpointId[] = [];
async function endpoint(near?: EndpointId): Promise<EndpointId> {
  const ep = await pool.createEndpoint({ callSid: `CA${created.length}`, ...(near ? { near } : {}) });
  created.push(ep.id);
  return ep.id;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-pool-'));
  const wav = encodeWav({ sampleRate: 8000, channels: 1 }, tone(600, 1500));
  wavServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'audio/wav' }).end(wav));
  await new Promise<void>((r) => wavServer.listen(0, '127.0.0.1', r));
  const address = wavServer.address();
  toneUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/tone.wav`;
  pool = await MediaPool.start({
    workers: 2, maxWorkers: 3, portMin: PORT_MIN, portMax: PORT_MAX, host: '127.0.0.1', dataDir: dir, tts: 'espeak-ng', loadIntervalMs: 200, logger,
  });
  pool.onEvent((e) => events.push(e));
  pool.on('worker-exit', (e) => exits.push(e));
  pool.on('worker-start', (w) => starts.push(w));
});

after(async () => {
  await pool?.close();
  wavServer?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('MediaPool', { timeout: 120_000 }, () => {
  afterEach(destroyAll);

  it('starts its workers on separate port slices', () => {
    const workers = pool.workers();
    assert.deepEqual(workers.map((w) => [w.id, w.slice.min, w.slice.max, w.status]), [[1, 42000, 42199, 'ready'], [2, 42200, 42399, 'ready']]);
  });

  it('places endpoints on the least loaded worker, and `near` with its partner', async () => {
    const ids = await Promise.all([endpoint(), endpoint(), endpoint(), endpoint()]);
    assert.deepEqual(pool.workers().map((w) => w.endpoints), [2, 2]);
    const near = await endpoint(ids[0]);
    assert.equal(workerOf(near), workerOf(ids[0] ?? ''));
    assert.deepEqual(pool.workers().map((w) => w.endpoints).sort(), [2, 3]);
    await destroyAll();
    assert.deepEqual(pool.workers().map((w) => w.endpoints), [0, 0]);
  });

  it('endpoints in different workers talk RTP: a fetched WAV keeps its frequency, espeak-ng speech is heard', async () => {
    const a = await endpoint();
    const b = await endpoint();
    assert.notEqual(workerOf(a), workerOf(b));
    await call(a, b);
    const heard = recording(b, 'REtone', 2);
    assert.equal((await pool.play(a, [{ kind: 'url', url: toneUrl }])).status, 'finished');
    const audio = await heard;
    assert.ok(Math.abs(dominantFrequency(audio.subarray(1600, 9600)) - 600) < 10, `dominant ${dominantFrequency(audio.subarray(1600, 9600))} Hz`);
    const spoken = recording(a, 'REsay', 1.5);
    assert.equal((await pool.play(b, [{ kind: 'say', text: 'Hello from another thread.' }])).status, 'finished');
    const speech = await spoken;
    assert.ok(rmsDbfs(speech.subarray(800, 8000)) > -45, `speech level ${rmsDbfs(speech.subarray(800, 8000))} dBFS`);
  });

  it('bridges two calls inside one worker; a bridge across workers is refused', async () => {
    const x1 = await endpoint();
    const x2 = await endpoint(x1);
    const y1 = await endpoint(x1);
    const y2 = await endpoint(x1);
    assert.equal(new Set([x1, x2, y1, y2].map(workerOf)).size, 1);
    await call(x1, x2);
    await call(y1, y2);
    await pool.bridge(x2, y1);
    const heard = recording(y2, 'REbridged', 2);
    await pool.play(x1, [{ kind: 'url', url: toneUrl }]);
    const audio = await heard;
    assert.ok(Math.abs(dominantFrequency(audio.subarray(1600, 9600)) - 600) < 10);
    const other = await endpoint(); // least loaded: the other worker
    assert.notEqual(workerOf(other), workerOf(x1));
    await assert.rejects(pool.bridge(x1, other), (e: unknown) => e instanceof MediaCommandError && e.code === 'different-workers');
  });

  it('MediaCommandErrors from a worker arrive as MediaCommandErrors with their codes', async () => {
    const a = await endpoint();
    const g722 = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5004 RTP/AVP 9\r\na=rtpmap:9 G722/8000\r\n';
    await assert.rejects(pool.answer(a, g722), (e: unknown) => e instanceof MediaCommandError && e.code === 'no-common-codec');
    await assert.rejects(pool.play(a, [{ kind: 'silence', ms: 10 }]), (e: unknown) => e instanceof MediaCommandError && e.code === 'not-configured');
    await assert.rejects(pool.accept(a, g722), (e: unknown) => e instanceof MediaCommandError && e.code === 'not-configured');
    await assert.rejects(pool.play('w9e9', []), (e: unknown) => e instanceof MediaCommandError && e.code === 'unknown-endpoint');
    await pool.destroy('w9e9');
  });

  it('each worker reports its load with its endpoints counted', async () => {
    await Promise.all([endpoint(), endpoint(), endpoint()]);
    const seen = new Map<number, MediaLoad>();
    const listener = (l: { workerId: number; load: MediaLoad }) => seen.set(l.workerId, l.load);
    pool.on('load', listener);
    const expected = new Map(pool.workers().map((w) => [w.id, w.endpoints]));
    await until('load reports matching the placement', () =>
      [...expected].every(([id, n]) => seen.get(id)?.endpoints === n) ? true : undefined);
    pool.off('load', listener);
    assert.deepEqual([...expected.values()].sort(), [1, 2]);
    for (const w of pool.workers()) assert.ok(w.load && w.load.cpu >= 0 && w.load.elu >= 0);
  });

  it('add() starts a worker on the free slice; drain() resolves once its endpoints are destroyed and it has exited', async () => {
    const added = await pool.add();
    assert.deepEqual([added.slice.min, added.slice.max], [42400, 42599]);
    await assert.rejects(pool.add(), (e: unknown) => e instanceof MediaCommandError && e.code === 'no-free-slice');
    await endpoint();
    await endpoint();
    const onAdded = await endpoint();
    assert.equal(workerOf(onAdded), added.id);
    let drained = false;
    const draining = pool.drain(added.id).then(() => (drained = true));
    assert.equal(pool.workers().find((w) => w.id === added.id)?.status, 'draining');
    const elsewhere = await endpoint();
    assert.notEqual(workerOf(elsewhere), added.id);
    await sleep(300);
    assert.equal(drained, false);
    await pool.destroy(onAdded);
    await draining;
    assert.equal(pool.workers().some((w) => w.id === added.id), false);
    assert.deepEqual(exits.at(-1), { workerId: added.id, code: 1, endpointsLost: 0, replaced: false });
    const again = await pool.add(); // the slice is free again
    assert.equal(again.slice.index, added.slice.index);
    await pool.drain(again.id);
  });

  it('a crashed worker loses only its own endpoints, is logged, and is replaced on its slice', async () => {
    const [w1, w2] = pool.workers();
    assert.ok(w1 && w2);
    const a = await endpoint();
    const b = await endpoint(a);
    const c = await endpoint();
    const d = await endpoint(c);
    const doomed = workerOf(a);
    assert.notEqual(doomed, workerOf(c));
    const slice = (doomed === w1.id ? w1 : w2).slice;
    await call(a, b);
    await call(c, d);
    const pending = pool.play(a, [{ kind: 'silence', ms: 60_000 }]);
    const playing = pool.play(c, [{ kind: 'url', url: toneUrl, loop: 0 }]);
    const heard = recording(d, 'REsurvivor', 3);
    await sleep(800);
    events.length = 0;
    await pool.kill(doomed, 'exit');
    await assert.rejects(pending, (e: unknown) => e instanceof MediaCommandError && e.code === 'worker-lost');
    const lost = events.filter((e) => e.type === 'endpoint-lost').map((e) => e.id).sort();
    assert.deepEqual(lost, [a, b].sort());
    assert.deepEqual(exits.at(-1), { workerId: doomed, code: 1, endpointsLost: 2, replaced: true });
    assert.ok(logs.some((l) => l.level === 'error' && l.fields['workerId'] === doomed));
    await assert.rejects(pool.play(a, []), (e: unknown) => e instanceof MediaCommandError && e.code === 'unknown-endpoint');
    const replacement = await until('a replacement worker', () => starts.find((s) => s.replaces === doomed));
    assert.deepEqual([replacement.slice.min, replacement.slice.max], [slice.min, slice.max]);
    // The other worker's call played on through the crash.
    const audio = await heard;
    const lastSecond = audio.subarray(audio.length - 8000);
    assert.ok(rmsDbfs(lastSecond) > -30, `survivor level ${rmsDbfs(lastSecond)} dBFS`);
    assert.ok(Math.abs(dominantFrequency(lastSecond) - 600) < 10);
    await pool.stopPlay(c);
    assert.equal((await playing).status, 'interrupted');
    // The replacement takes new endpoints on the old slice.
    const fresh = await pool.createEndpoint({ callSid: 'CAfresh' });
    created.push(fresh.id);
    assert.equal(workerOf(fresh.id), replacement.id);
    assert.ok(fresh.port >= slice.min && fresh.port <= slice.max);
    await destroyAll();
    // A worker that dies of an uncaught exception, or is terminated from outside, is replaced too.
    await pool.kill(replacement.id, 'throw');
    assert.match(exits.at(-1)?.error ?? '', /crash requested/);
    const second = await until('a second replacement', () => starts.find((s) => s.replaces === replacement.id));
    await pool.kill(second.id, 'terminate');
    await until('a third replacement', () => starts.find((s) => s.replaces === second.id));
    assert.deepEqual(pool.workers().map((w) => w.slice.index).sort(), [0, 1]);
  });
});
