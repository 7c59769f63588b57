import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { rms } from '../player/signal.fixture.ts';
import { withTtsCache } from './cache.ts';
import { checkTtsAvailable } from './check.ts';
import { TtsError, type TtsErrorCode } from './errors.ts';
import { spawnRunner, type ProcessRunner, type RunResult } from './process.ts';
import { MAX_TTS_TEXT, type TtsProvider } from './provider.ts';

/** The 10-word sentence of shared/reference/sip-testbed.md §6. */
export const SENTENCE = 'Thank you for calling, please press one to continue now.';

export interface ContractMake {
  (options: { runner: ProcessRunner; command?: string }): TtsProvider;
}

export interface SpawnLog {
  runner: ProcessRunner;
  calls: { command: string; args: string[]; stdin: string | undefined }[];
}

/** A runner that records each spawn and hands it to `inner`. */
export function countingRunner(inner: ProcessRunner = spawnRunner): SpawnLog {
  const calls: SpawnLog['calls'] = [];
  return {
    calls,
    runner: (command, args, options) => {
      calls.push({ command, args: [...args], stdin: options.stdin });
      return inner(command, args, options);
    },
  };
}

/** A runner that never starts anything and answers with `result`. */
export function fakeRunner(result: Partial<RunResult>): ProcessRunner {
  return async () => ({ exitCode: 0, signal: null, stdout: new Uint8Array(0), stderr: '', timedOut: false, overflow: false, ...result });
}

async function rejectsWith(p: Promise<unknown>, code: TtsErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof TtsError, `expected TtsError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

/**
 * The behaviour every TtsProvider shows (ARCHITECTURE habit 3). `command` is the engine's program
 * name, for the not-found case; `skip` states why the suite cannot run here.
 */
export function ttsContract(name: string, make: ContractMake, skip: string | false = false): void {
  describe(`TTS contract: ${name}`, { skip }, () => {
    it('speaks a 10-word sentence as 8 kHz PCM of plausible length that is not silence', async () => {
      const provider = make({ runner: spawnRunner });
      const pcm = await provider.synthesize(SENTENCE, { voice: 'man', language: 'en-US' });
      assert.ok(pcm instanceof Int16Array);
      const seconds = pcm.length / 8000;
      assert.ok(seconds >= 1 && seconds <= 6, `${seconds.toFixed(2)} s for 10 words`);
      const level = rms(pcm);
      assert.ok(level > 500, `RMS ${level.toFixed(0)} is too quiet`);
      const clipped = pcm.filter((s) => s === 32767 || s === -32768).length;
      assert.ok(clipped < pcm.length / 1000, `${clipped} clipped samples`);
    });

    it('gives a woman a different voice than a man, and Polly/Google voices a voice of their gender', async () => {
      const provider = make({ runner: spawnRunner });
      const man = provider.resolveVoice({ voice: 'man', language: 'en-US' });
      const woman = provider.resolveVoice({ voice: 'woman', language: 'en-US' });
      assert.notEqual(man.engineVoice, woman.engineVoice);
      assert.equal(provider.resolveVoice({ voice: 'alice', language: 'en-US' }).engineVoice, woman.engineVoice);
      assert.equal(provider.resolveVoice({ voice: 'Polly.Joanna' }).engineVoice, woman.engineVoice);
      assert.equal(provider.resolveVoice({ voice: 'Polly.Matthew-Neural' }).engineVoice, man.engineVoice);
      assert.equal(provider.resolveVoice({ voice: 'Google.en-US-Standard-C' }).engineVoice, woman.engineVoice);
      assert.equal(man.fallback, false);
      const [a, b] = await Promise.all([provider.synthesize('Hello there.', { voice: 'man' }), provider.synthesize('Hello there.', { voice: 'woman' })]);
      assert.notDeepEqual(a, b);
    });

    it('falls back to the language default for an unknown voice, and says so', async () => {
      const provider = make({ runner: spawnRunner });
      const unknown = provider.resolveVoice({ voice: 'robot', language: 'en-US' });
      const dflt = provider.resolveVoice({ language: 'en-US' });
      assert.equal(unknown.fallback, true);
      assert.match(unknown.reason ?? '', /robot/);
      assert.equal(unknown.engineVoice, dflt.engineVoice);
      assert.equal(provider.resolveVoice({ voice: 'Polly.Nobody', language: 'en-US' }).engineVoice, dflt.engineVoice);
      const [x, y] = await Promise.all([provider.synthesize('One two three.', { voice: 'robot', language: 'en-US' }), provider.synthesize('One two three.', { language: 'en-US' })]);
      assert.deepEqual(x, y);
    });

    it('returns the same buffer from the cache without spawning again', async () => {
      const log = countingRunner();
      const cached = withTtsCache(make({ runner: log.runner }));
      const a = await cached.synthesize(SENTENCE, { voice: 'woman', language: 'en-US' });
      const b = await cached.synthesize(SENTENCE, { voice: 'woman', language: 'en-US' });
      assert.equal(b, a, 'the very same Int16Array');
      assert.equal(log.calls.length, 1);
      const [c, d] = await Promise.all([cached.synthesize('Goodbye.', {}), cached.synthesize('Goodbye.', {})]);
      assert.equal(c, d, 'concurrent requests share one synthesis');
      assert.equal(log.calls.length, 2);
      await cached.synthesize(SENTENCE, { voice: 'man', language: 'en-US' });
      assert.equal(log.calls.length, 3, 'another voice is another entry');
      assert.equal(cached.stats.hits, 2);
    });

    it('refuses empty and over-long text with a typed error, without spawning', async () => {
      const log = countingRunner();
      const provider = make({ runner: log.runner });
      await rejectsWith(provider.synthesize('', {}), 'ERR_TTS_EMPTY_TEXT');
      await rejectsWith(provider.synthesize(' \n\t \u0000 ', {}), 'ERR_TTS_EMPTY_TEXT');
      await rejectsWith(withTtsCache(provider).synthesize('   ', {}), 'ERR_TTS_EMPTY_TEXT');
      await rejectsWith(provider.synthesize('a'.repeat(MAX_TTS_TEXT + 1), {}), 'ERR_TTS_TEXT_TOO_LONG');
      assert.equal(log.calls.length, 0);
    });

    it('speaks text that looks like options or shell syntax, and never runs a shell', async () => {
      const log = countingRunner();
      const provider = make({ runner: log.runner });
      const marker = `/tmp/sb-tts-${process.pid}-${Date.now()}`;
      const text = `--help -v x $(touch ${marker}) \`touch ${marker}\`; touch ${marker} && echo "'`;
      const pcm = await provider.synthesize(text, {});
      assert.ok(pcm.length > 8000, 'it was spoken');
      assert.equal(existsSync(marker), false);
      const call = log.calls[0]!;
      assert.ok(!/^(sh|bash|dash)$/.test(call.command));
      const carried = call.stdin === text ? 1 : call.args.filter((a) => a === text).length;
      assert.equal(carried, 1, 'the text travels whole, as stdin or as one argument');
    });

    it('reports its version, and passes checkTtsAvailable', async () => {
      const provider = make({ runner: spawnRunner });
      const info = await provider.check();
      assert.equal(info.provider, provider.name);
      assert.match(info.version, /\d/);
      const result = await checkTtsAvailable(provider);
      assert.ok(result.audioMs > 300 && result.latencyMs > 0);
    });

    it('turns a missing engine into ERR_TTS_ENGINE_NOT_FOUND naming the package', async () => {
      const provider = make({ runner: spawnRunner, command: '/nonexistent/tts-engine' });
      await rejectsWith(checkTtsAvailable(provider), 'ERR_TTS_ENGINE_NOT_FOUND', /not found.*apt-get install/);
      await rejectsWith(provider.synthesize('hello', {}), 'ERR_TTS_ENGINE_NOT_FOUND', new RegExp(`^${provider.name} \\(command "/nonexistent/tts-engine"\\) not found: apt-get install`));
    });

    it('turns engine failures into typed errors (exit status, time-out, bad output, huge output)', async () => {
      const with_ = (r: Partial<RunResult>) => make({ runner: fakeRunner(r) }).synthesize('hello', {});
      await rejectsWith(with_({ exitCode: 1, stderr: 'Error: voice data missing\nmore' }), 'ERR_TTS_ENGINE_FAILED', /exited with 1: Error: voice data missing$/);
      await rejectsWith(with_({ exitCode: null, signal: 'SIGSEGV' }), 'ERR_TTS_ENGINE_FAILED', /SIGSEGV/);
      await rejectsWith(with_({ exitCode: null, signal: 'SIGKILL', timedOut: true }), 'ERR_TTS_TIMEOUT');
      await rejectsWith(with_({ stdout: new TextEncoder().encode('not a wav file at all') }), 'ERR_TTS_BAD_OUTPUT');
      await rejectsWith(with_({ exitCode: null, signal: 'SIGKILL', overflow: true }), 'ERR_TTS_BAD_OUTPUT', /more than/);
      const eperm = Object.assign(new Error('spawn EPERM'), { code: 'EPERM' });
      await rejectsWith(make({ runner: async () => Promise.reject(eperm) }).synthesize('hello', {}), 'ERR_TTS_ENGINE_FAILED', /could not be started/);
    });
  });
}
