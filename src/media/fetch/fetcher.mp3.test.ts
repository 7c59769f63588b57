// <Play> of MP3 through the AudioFetcher, from a local HTTP server: by Content-Type, sniffed
// behind a generic type, and the typed errors.

import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeScheduler } from '../../core/index.ts';
import { encodeWav, tone } from '../player/index.ts';
import { AudioFetcher, Mp3Decoder, isAudioFetchError } from './index.ts';
import type { AudioFetchError, AudioFetchErrorCode } from './index.ts';
import { loadMp3, measureTone, noise, withId3v2 } from './mp3.fixture.ts';

const MONO = loadMp3('tone-440-22050-mono.mp3');
const STEREO = loadMp3('tone-440-44100-stereo.mp3');

let server: Server;
let base = '';
let respond: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
const hits: IncomingMessage[] = [];
const fetchers: AudioFetcher[] = [];

function serve(body: Uint8Array, headers: Record<string, string>): void {
  respond = (_req, res) => {
    res.writeHead(200, { 'content-length': String(body.byteLength), ...headers });
    res.end(body);
  };
}

function fetcher(options: ConstructorParameters<typeof AudioFetcher>[0] = {}): AudioFetcher {
  const f = new AudioFetcher({ clock: new FakeScheduler(), ...options });
  fetchers.push(f);
  return f;
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

function assertTone(samples: Int16Array, what: string): void {
  const m = measureTone(samples);
  assert.ok(Math.abs(m.durationMs - 1000) <= 60, `${what}: duration ${m.durationMs} ms`);
  assert.ok(Math.abs(m.frequency - 440) <= 5, `${what}: dominant ${m.frequency} Hz`);
}

before(async () => {
  server = createServer((req, res) => {
    hits.push(req);
    respond(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await Promise.all(fetchers.map((f) => f.close()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  hits.length = 0;
});

describe('AudioFetcher: MP3', () => {
  for (const type of ['audio/mpeg', 'audio/mp3', 'audio/mpeg3']) {
    it(`decodes ${type} to 8 kHz PCM of 1 s at 440 Hz`, async () => {
      serve(MONO, { 'content-type': type });
      const audio = await fetcher().fetchAudio(`${base}/tone.mp3`);
      assert.equal(audio.contentType, type);
      assert.equal(audio.fromCache, false);
      assertTone(audio.samples, type);
    });
  }

  it('sniffs MP3 served as application/octet-stream (stereo 44.1 kHz), and behind an ID3v2 tag', async () => {
    const f = fetcher();
    serve(STEREO, { 'content-type': 'application/octet-stream' });
    const plain = await f.fetchAudio(`${base}/a`);
    assert.equal(plain.contentType, 'application/octet-stream');
    assertTone(plain.samples, 'octet-stream');
    serve(withId3v2(MONO), { 'content-type': 'application/octet-stream' });
    assertTone((await f.fetchAudio(`${base}/b`)).samples, 'octet-stream + ID3');
    serve(MONO, {}); // no Content-Type at all
    assertTone((await f.fetchAudio(`${base}/c`)).samples, 'no Content-Type');
  });

  it('believes the bytes over a wrong audio type (MP3 served as audio/wav, WAV as audio/mpeg)', async () => {
    const f = fetcher();
    serve(MONO, { 'content-type': 'audio/wav' });
    assertTone((await f.fetchAudio(`${base}/mislabelled.wav`)).samples, 'MP3 as audio/wav');
    const wav = tone(440, 200);
    serve(encodeWav(wav), { 'content-type': 'audio/mpeg' });
    assert.deepEqual((await f.fetchAudio(`${base}/mislabelled.mp3`)).samples, wav);
  });

  it('caches the decoded samples: a fresh hit does not decode or request again', async () => {
    serve(MONO, { 'content-type': 'audio/mpeg', 'cache-control': 'max-age=60' });
    const f = fetcher();
    const first = await f.fetchAudio(`${base}/cached.mp3`);
    const second = await f.fetchAudio(`${base}/cached.mp3`);
    assert.equal(second.fromCache, true);
    assert.equal(second.samples, first.samples);
    assert.equal(hits.length, 1);
    assert.equal(f.cachedBytes, first.samples.byteLength);
  });

  it('asks for audio/mpeg in Accept', async () => {
    serve(MONO, { 'content-type': 'audio/mpeg' });
    await fetcher().fetchAudio(`${base}/accept.mp3`);
    assert.match(String(hits[0]!.headers.accept), /audio\/mpeg/);
  });

  it('maps a corrupt MP3 to ERR_AUDIO_DECODE, sniffed or declared, and keeps working', async () => {
    const f = fetcher();
    const corrupt = noise(4000, 3);
    corrupt.set(MONO.subarray(0, 4));
    corrupt.set(MONO.subarray(208, 212), 208);
    serve(corrupt, { 'content-type': 'application/octet-stream' });
    const err = await rejectsWith(f.fetchAudio(`${base}/corrupt`), 'ERR_AUDIO_DECODE');
    assert.match(err.message, /not playable MP3/);
    serve(noise(3000), { 'content-type': 'audio/mpeg' });
    await rejectsWith(f.fetchAudio(`${base}/noise.mp3`), 'ERR_AUDIO_DECODE');
    serve(MONO.subarray(0, 300), { 'content-type': 'audio/mpeg' }); // only the Xing frame
    await rejectsWith(f.fetchAudio(`${base}/truncated.mp3`), 'ERR_AUDIO_DECODE');
    serve(MONO, { 'content-type': 'audio/mpeg' });
    assertTone((await f.fetchAudio(`${base}/fine.mp3`)).samples, 'after errors');
  });

  it('refuses an octet-stream body that is neither WAV nor MP3 with ERR_AUDIO_CONTENT_TYPE', async () => {
    serve(new TextEncoder().encode('<html>not audio</html>'), { 'content-type': 'application/octet-stream' });
    const err = await rejectsWith(fetcher().fetchAudio(`${base}/page`), 'ERR_AUDIO_CONTENT_TYPE');
    assert.match(err.message, /neither WAV nor MP3/);
  });

  it('refuses MP3 longer than maxDurationMs with ERR_AUDIO_TOO_LARGE', async () => {
    serve(MONO, { 'content-type': 'audio/mpeg' });
    const err = await rejectsWith(fetcher({ maxDurationMs: 500 }).fetchAudio(`${base}/long.mp3`), 'ERR_AUDIO_TOO_LARGE');
    assert.match(err.message, /too long/);
  });

  it('reports ERR_AUDIO_UNSUPPORTED when the decoder cannot be loaded', async () => {
    serve(MONO, { 'content-type': 'audio/mpeg' });
    const mp3Decoder = new Mp3Decoder({ create: () => Promise.reject(new Error('WebAssembly is disabled')) });
    const err = await rejectsWith(fetcher({ mp3Decoder }).fetchAudio(`${base}/x.mp3`), 'ERR_AUDIO_UNSUPPORTED');
    assert.match(err.message, /WebAssembly is disabled/);
  });

  it('shares one injected decoder between fetchers and leaves closing it to the owner', async () => {
    serve(MONO, { 'content-type': 'audio/mpeg' });
    const mp3Decoder = new Mp3Decoder();
    const a = fetcher({ mp3Decoder });
    const b = fetcher({ mp3Decoder });
    const [x, y] = await Promise.all([a.fetchAudio(`${base}/a.mp3`), b.fetchAudio(`${base}/b.mp3`)]);
    assert.deepEqual(x.samples, y.samples);
    await a.close();
    assert.equal(mp3Decoder.loaded, true);
    await mp3Decoder.close();
    assert.equal(mp3Decoder.loaded, false);
  });
});
