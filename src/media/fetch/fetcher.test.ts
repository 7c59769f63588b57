import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeScheduler } from '../../core/index.ts';
import { encodeWav, tone } from '../player/index.ts';
import { AudioFetcher, isAudioFetchError } from './index.ts';
import type { AudioFetchError, AudioFetchErrorCode } from './index.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const TONE = tone(440, 200); // 1600 samples at 8 kHz
const WAV = encodeWav(TONE);

let server: Server;
let base = '';
let handler: Handler = () => undefined;
const hits: IncomingMessage[] = [];

function wav(res: ServerResponse, headers: Record<string, string> = {}, body: Uint8Array = WAV): void {
  res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': String(body.byteLength), ...headers });
  res.end(body);
}

async function rejectsWith(p: Promise<unknown>, code: AudioFetchErrorCode): Promise<AudioFetchError> {
  let caught: AudioFetchError | undefined;
  await assert.rejects(p, (err: unknown) => {
    assert.ok(isAudioFetchError(err), `expected AudioFetchError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    caught = err;
    return true;
  });
  assert.ok(caught);
  return caught;
}

before(async () => {
  server = createServer((req, res) => {
    hits.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  hits.length = 0;
  handler = (_req, res) => wav(res);
});

describe('AudioFetcher', () => {
  it('fetches and decodes a WAV, then serves a fresh hit without a request', async () => {
    handler = (_req, res) => wav(res, { 'cache-control': 'max-age=60' });
    const clock = new FakeScheduler(1_000);
    const f = new AudioFetcher({ clock });
    const first = await f.fetchAudio(`${base}/a.wav`);
    assert.equal(first.fromCache, false);
    assert.equal(first.contentType, 'audio/wav');
    assert.deepEqual(first.samples, TONE);
    clock.advance(59_000);
    const second = await f.fetchAudio(`${base}/a.wav`);
    assert.equal(second.fromCache, true);
    assert.equal(second.samples, first.samples);
    assert.equal(hits.length, 1);
  });

  it('revalidates after max-age with If-None-Match / If-Modified-Since and reuses the audio on 304', async () => {
    const lastModified = 'Tue, 01 Jul 2025 10:00:00 GMT';
    handler = (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"', 'cache-control': 'max-age=30' });
        res.end();
      } else wav(res, { 'cache-control': 'max-age=10', etag: '"v1"', 'last-modified': lastModified });
    };
    const clock = new FakeScheduler(0);
    const f = new AudioFetcher({ clock });
    const url = `${base}/b.wav`;
    const first = await f.fetchAudio(url);
    clock.advance(10_000);
    const second = await f.fetchAudio(url);
    assert.equal(hits.length, 2);
    assert.equal(hits[1]!.headers['if-none-match'], '"v1"');
    assert.equal(hits[1]!.headers['if-modified-since'], lastModified);
    assert.equal(second.fromCache, true);
    assert.equal(second.samples, first.samples);
    // The 304's max-age=30 now applies.
    clock.advance(29_000);
    assert.equal((await f.fetchAudio(url)).fromCache, true);
    assert.equal(hits.length, 2);
    clock.advance(1_000);
    await f.fetchAudio(url);
    assert.equal(hits.length, 3);
  });

  it('takes a new body when the ETag changed', async () => {
    let version = 1;
    const other = tone(880, 100);
    handler = (req, res) => {
      const etag = `"v${version}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        res.end();
      } else wav(res, { 'cache-control': 'no-cache', etag }, version === 1 ? WAV : encodeWav(other));
    };
    const f = new AudioFetcher({ clock: new FakeScheduler() });
    const url = `${base}/c.wav`;
    await f.fetchAudio(url);
    const same = await f.fetchAudio(url); // no-cache: always revalidated
    assert.equal(same.fromCache, true);
    version = 2;
    const changed = await f.fetchAudio(url);
    assert.equal(changed.fromCache, false);
    assert.deepEqual(changed.samples, other);
    assert.equal(hits.length, 3);
    assert.equal(hits[2]!.headers['if-none-match'], '"v1"');
  });

  it('never caches no-store responses', async () => {
    handler = (_req, res) => wav(res, { 'cache-control': 'no-store, max-age=600', etag: '"x"' });
    const f = new AudioFetcher({ clock: new FakeScheduler() });
    assert.equal((await f.fetchAudio(`${base}/d.wav`)).fromCache, false);
    assert.equal((await f.fetchAudio(`${base}/d.wav`)).fromCache, false);
    assert.equal(hits.length, 2);
    assert.equal(hits[1]!.headers['if-none-match'], undefined);
    assert.equal(f.cachedBytes, 0);
  });

  it('refetches when there is neither freshness nor a validator (heuristic freshness 0)', async () => {
    const f = new AudioFetcher({ clock: new FakeScheduler() });
    await f.fetchAudio(`${base}/e.wav`);
    await f.fetchAudio(`${base}/e.wav`);
    assert.equal(hits.length, 2);
    assert.equal(f.isCached(`${base}/e.wav`), false);
  });

  it('maps a 404 to ERR_AUDIO_HTTP with the status', async () => {
    handler = (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('nope');
    };
    const f = new AudioFetcher();
    const err = await rejectsWith(f.fetchAudio(`${base}/missing.wav`), 'ERR_AUDIO_HTTP');
    assert.equal(err.status, 404);
  });

  it('rejects a wrong content type with ERR_AUDIO_CONTENT_TYPE', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html></html>');
    };
    await rejectsWith(new AudioFetcher().fetchAudio(`${base}/page`), 'ERR_AUDIO_CONTENT_TYPE');
  });

  it('rejects an MP3 without audio frames with ERR_AUDIO_DECODE (MP3 itself: fetcher.mp3.test.ts)', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'audio/mpeg' });
      res.end(new Uint8Array([0xff, 0xfb, 0x90, 0x00]));
    };
    const f = new AudioFetcher();
    const err = await rejectsWith(f.fetchAudio(`${base}/song.mp3`), 'ERR_AUDIO_DECODE');
    assert.match(err.message, /no MPEG audio frames/);
    await f.close();
  });

  it('rejects a body larger than maxBytes, declared or streamed', async () => {
    const f = new AudioFetcher({ maxBytes: 1000 });
    await rejectsWith(f.fetchAudio(`${base}/big.wav`), 'ERR_AUDIO_TOO_LARGE');
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'audio/wav' }); // chunked, no length
      res.write(WAV.subarray(0, 800));
      res.end(WAV.subarray(800));
    };
    await rejectsWith(f.fetchAudio(`${base}/big-chunked.wav`), 'ERR_AUDIO_TOO_LARGE');
  });

  it('times out a server that never answers with ERR_AUDIO_FETCH', async () => {
    handler = () => undefined; // hold the request open
    const f = new AudioFetcher({ timeoutMs: 100 });
    const started = Date.now();
    await rejectsWith(f.fetchAudio(`${base}/hang.wav`), 'ERR_AUDIO_FETCH');
    assert.ok(Date.now() - started < 5_000);
  });

  it('maps network errors and bad URLs to ERR_AUDIO_FETCH', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await rejectsWith(new AudioFetcher().fetchAudio(`http://127.0.0.1:${port}/x.wav`), 'ERR_AUDIO_FETCH');
    await rejectsWith(new AudioFetcher().fetchAudio('ftp://example.com/x.wav'), 'ERR_AUDIO_FETCH');
    await rejectsWith(new AudioFetcher().fetchAudio('not a url'), 'ERR_AUDIO_FETCH');
  });

  it('maps an undecodable WAV to ERR_AUDIO_DECODE', async () => {
    handler = (_req, res) => wav(res, {}, new Uint8Array([1, 2, 3, 4]));
    await rejectsWith(new AudioFetcher().fetchAudio(`${base}/junk.wav`), 'ERR_AUDIO_DECODE');
  });

  it('shares one request between concurrent fetches of the same URL', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    handler = (_req, res) => void gate.then(() => wav(res, { 'cache-control': 'max-age=60' }));
    const f = new AudioFetcher({ clock: new FakeScheduler() });
    const all = Promise.all([1, 2, 3, 4].map(() => f.fetchAudio(`${base}/same.wav`)));
    await new Promise((r) => setTimeout(r, 20));
    release();
    const results = await all;
    assert.equal(hits.length, 1);
    for (const r of results) assert.equal(r.samples, results[0]!.samples);
  });

  it('evicts the least recently used entries when the decoded size exceeds the budget', async () => {
    handler = (_req, res) => wav(res, { 'cache-control': 'max-age=600' });
    const f = new AudioFetcher({ clock: new FakeScheduler(), cacheBytes: TONE.byteLength * 2 });
    await f.fetchAudio(`${base}/1.wav`);
    await f.fetchAudio(`${base}/2.wav`);
    await f.fetchAudio(`${base}/1.wav`); // 1 is now most recent
    assert.equal(hits.length, 2);
    await f.fetchAudio(`${base}/3.wav`); // evicts 2
    assert.equal(f.cachedBytes, TONE.byteLength * 2);
    assert.equal(f.isCached(`${base}/2.wav`), false);
    assert.equal((await f.fetchAudio(`${base}/1.wav`)).fromCache, true);
    assert.equal((await f.fetchAudio(`${base}/2.wav`)).fromCache, false);
    assert.equal(hits.length, 4);
  });
});
