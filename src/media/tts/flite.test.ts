import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { parseWavHeader } from '../player/index.ts';
import { FliteProvider } from './flite.ts';
import type { ProcessRunner } from './process.ts';
import { SENTENCE, countingRunner, ttsContract } from './tts.contract.ts';

const missing = spawnSync('flite', ['--version']).error ? 'flite is not installed (apt-get install flite)' : false;

ttsContract('flite', ({ runner, command }) => new FliteProvider({ runner, ...(command ? { command } : {}) }), missing);

describe('flite provider', { skip: missing }, () => {
  it('spawns flite -voice <voice> -t <text> -o <file in a private temp dir>, and leaves nothing behind', async () => {
    const log = countingRunner();
    let mode = 0;
    const spy: ProcessRunner = (c, args, o) => ((mode = statSync(dirname(args[args.length - 1]!)).mode & 0o777), log.runner(c, args, o));
    await new FliteProvider({ runner: spy }).synthesize('Hello there.', { voice: 'alice' });
    const { command, args, stdin } = log.calls[0]!;
    assert.deepEqual([command, args.slice(0, 5), stdin], ['flite', ['-voice', 'slt', '-t', 'Hello there.', '-o'], undefined]);
    const file = args[5]!;
    assert.match(file, /switchboard-flite-[^/]+\/speech\.wav$/);
    assert.equal(mode, 0o700, 'only this user can read the audio');
    assert.equal(existsSync(dirname(file)), false, 'the directory is removed');
  });

  it('reports output that is not audio, or no output at all, as ERR_TTS_BAD_OUTPUT', async () => {
    const garbage: ProcessRunner = async (_c, args) => {
      writeFileSync(args[args.indexOf('-o') + 1]!, 'RIFF but not really');
      return { exitCode: 0, signal: null, stdout: new Uint8Array(0), stderr: '', timedOut: false, overflow: false };
    };
    await assert.rejects(new FliteProvider({ runner: garbage }).synthesize('hi'), { code: 'ERR_TTS_BAD_OUTPUT', message: /not usable audio/ });
    const silent: ProcessRunner = async () => ({ exitCode: 0, signal: null, stdout: new Uint8Array(0), stderr: 'cst_wave_save: can\'t open file "x"', timedOut: false, overflow: false });
    await assert.rejects(new FliteProvider({ runner: silent }).synthesize('hi'), { code: 'ERR_TTS_BAD_OUTPUT', message: /flite wrote no audio: cst_wave_save/ });
  });

  it('reports an unusable temporary directory as a TtsError', async () => {
    await assert.rejects(new FliteProvider({ tempDir: '/nonexistent/dir' }).synthesize('hi'), { code: 'ERR_TTS_ENGINE_FAILED', message: /temporary directory under \/nonexistent\/dir/ });
  });

  it('kal speaks at 8 kHz natively (no resampling) with a correct header; slt at 16 kHz', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-flite-'));
    try {
      const header = (voice: string) => {
        const file = join(dir, `${voice}.wav`);
        spawnSync('flite', ['-voice', voice, '-t', 'hello', '-o', file]);
        return parseWavHeader(readFileSync(file));
      };
      const kal = header('kal');
      assert.equal(kal.sampleRate, 8000);
      assert.equal(kal.truncated, false);
      assert.equal(header('slt').sampleRate, 16000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('speaks English only: another language gets the English voice, flagged', () => {
    const p = new FliteProvider();
    const es = p.resolveVoice({ voice: 'woman', language: 'es-ES' });
    assert.deepEqual([es.engineVoice, es.language, es.fallback], ['slt', 'en-US', true]);
    assert.match(es.reason ?? '', /English only/);
    assert.equal(p.resolveVoice({ voice: 'Polly.Amy' }).fallback, false);
  });

  it('stretches durations with durationStretch', async () => {
    const normal = await new FliteProvider().synthesize(SENTENCE, {});
    const slow = await new FliteProvider({ durationStretch: 1.5 }).synthesize(SENTENCE, {});
    assert.ok(slow.length > normal.length * 1.3, `${slow.length} vs ${normal.length}`);
    assert.throws(() => new FliteProvider({ durationStretch: 0 }), RangeError);
  });
});
