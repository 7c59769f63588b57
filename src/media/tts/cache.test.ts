import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decodeWav } from '../player/index.ts';
import { CachedTtsProvider, ttsCacheKey, withTtsCache } from './cache.ts';
import { TtsError } from './errors.ts';
import { normalizeText, type ResolvedVoice, type SynthesizeOptions, type TtsProvider } from './provider.ts';

/** A provider without processes: 10 samples per character, valued by the text's first char code. */
class FakeProvider implements TtsProvider {
  readonly name = 'fake';
  calls: string[] = [];
  fail = false;
  async synthesize(text: string, options: SynthesizeOptions = {}): Promise<Int16Array> {
    normalizeText(this.name, text);
    this.calls.push(`${options.voice ?? ''}|${text}`);
    await new Promise((r) => setImmediate(r));
    if (this.fail) throw new TtsError('ERR_TTS_ENGINE_FAILED', this.name, 'boom');
    return new Int16Array(text.length * 10).fill(text.charCodeAt(0));
  }
  resolveVoice(): ResolvedVoice {
    return { engineVoice: 'v', language: 'en-US', gender: 'male', fallback: false };
  }
  async check() {
    return { provider: this.name, command: 'fake', version: '1' };
  }
}

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sb-tts-cache-'));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('TTS cache', () => {
  it('keys on provider, voice, language and text', () => {
    assert.notEqual(ttsCacheKey('espeak-ng', 'hi', { voice: 'man' }), ttsCacheKey('flite', 'hi', { voice: 'man' }));
    assert.notEqual(ttsCacheKey('p', 'hi', { voice: 'man' }), ttsCacheKey('p', 'hi', { voice: 'woman' }));
    assert.notEqual(ttsCacheKey('p', 'hi', { language: 'en-US' }), ttsCacheKey('p', 'hi', { language: 'en-GB' }));
    assert.notEqual(ttsCacheKey('p', 'a|b', {}), ttsCacheKey('p', 'a', { voice: 'b' }));
  });

  it('evicts the least recently used entries past maxBytes', async () => {
    const inner = new FakeProvider();
    const cache = new CachedTtsProvider(inner, { maxBytes: 3 * 200 }); // room for three 10-character texts
    for (const t of ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc']) await cache.synthesize(t);
    await cache.synthesize('aaaaaaaaaa'); // a is now the youngest
    await cache.synthesize('dddddddddd'); // evicts b
    assert.deepEqual(cache.stats, { hits: 1, diskHits: 0, misses: 4, evictions: 1, diskErrors: 0, entries: 3, bytes: 600 });
    await cache.synthesize('aaaaaaaaaa');
    await cache.synthesize('bbbbbbbbbb');
    assert.deepEqual(inner.calls, ['|aaaaaaaaaa', '|bbbbbbbbbb', '|cccccccccc', '|dddddddddd', '|bbbbbbbbbb']);
    const tooBig = new CachedTtsProvider(new FakeProvider(), { maxBytes: 10 });
    await tooBig.synthesize('long text');
    assert.equal(tooBig.stats.entries, 0, 'an entry larger than the cache is not kept');
  });

  it('does not cache failures', async () => {
    const inner = new FakeProvider();
    const cache = withTtsCache(inner);
    inner.fail = true;
    await assert.rejects(cache.synthesize('hello'), { code: 'ERR_TTS_ENGINE_FAILED' });
    inner.fail = false;
    assert.equal((await cache.synthesize('hello')).length, 50);
    assert.equal(inner.calls.length, 2);
  });

  it('keeps 8 kHz WAV files in a directory that a new cache (a restart) reads instead of synthesizing', async () => {
    const dir = join(tempDir(), 'nested', 'tts');
    const first = new FakeProvider();
    const a = await withTtsCache(first, { directory: dir }).synthesize('hello', { voice: 'woman' });
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^[0-9a-f]{64}\.wav$/);
    const { info } = decodeWav(readFileSync(join(dir, files[0]!)));
    assert.deepEqual([info.sampleRate, info.encoding, info.channels], [8000, 'pcm', 1]);
    const second = new FakeProvider();
    const restarted = withTtsCache(second, { directory: dir });
    const b = await restarted.synthesize('hello', { voice: 'woman' });
    assert.deepEqual(b, a);
    assert.equal(second.calls.length, 0);
    assert.equal(restarted.stats.diskHits, 1);
    assert.equal(await restarted.synthesize('hello', { voice: 'woman' }), b, 'then served from memory');
  });

  it('replaces a damaged file and survives an unwritable directory', async () => {
    const dir = tempDir();
    const inner = new FakeProvider();
    await withTtsCache(inner, { directory: dir }).synthesize('hello');
    const file = join(dir, readdirSync(dir)[0]!);
    writeFileSync(file, 'garbage');
    const cache = withTtsCache(inner, { directory: dir });
    assert.equal((await cache.synthesize('hello')).length, 50);
    assert.equal(cache.stats.diskErrors, 1);
    assert.equal(inner.calls.length, 2);
    assert.equal(decodeWav(readFileSync(file)).samples.length, 50, 'rewritten');
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, '');
    const broken = withTtsCache(new FakeProvider(), { directory: join(blocker, 'sub') });
    assert.equal((await broken.synthesize('hello')).length, 50);
    assert.equal(broken.stats.diskErrors, 2, 'the read and the write both failed, and were only counted');
  });

  it('passes resolveVoice, check and name through', async () => {
    const cache = withTtsCache(new FakeProvider());
    assert.equal(cache.name, 'fake');
    assert.equal(cache.resolveVoice().engineVoice, 'v');
    assert.equal((await cache.check()).version, '1');
  });
});
