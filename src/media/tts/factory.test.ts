import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTtsAvailable } from './check.ts';
import { EspeakProvider } from './espeak.ts';
import { TTS_PROVIDERS, createTtsProvider } from './factory.ts';
import { FliteProvider } from './flite.ts';
import type { ProcessRunner } from './process.ts';

describe('createTtsProvider and checkTtsAvailable', () => {
  it('makes each provider by name and refuses unknown names', () => {
    assert.deepEqual(TTS_PROVIDERS, ['espeak-ng', 'flite']);
    assert.ok(createTtsProvider('espeak-ng') instanceof EspeakProvider);
    assert.ok(createTtsProvider('flite', { voices: { male: 'awb', female: 'slt' } }) instanceof FliteProvider);
    assert.throws(() => createTtsProvider('polly' as 'flite'), /unknown TTS provider "polly"/);
  });

  it('says exactly what to install when the engine is missing', async () => {
    const enoent: ProcessRunner = async () => Promise.reject(Object.assign(new Error('spawn espeak-ng ENOENT'), { code: 'ENOENT' }));
    await assert.rejects(checkTtsAvailable(createTtsProvider('espeak-ng', { runner: enoent })), { code: 'ERR_TTS_ENGINE_NOT_FOUND', message: 'espeak-ng not found: apt-get install espeak-ng' });
    await assert.rejects(checkTtsAvailable(createTtsProvider('flite', { runner: enoent })), { code: 'ERR_TTS_ENGINE_NOT_FOUND', message: 'flite not found: apt-get install flite' });
  });

  it('fails when the engine runs but says nothing', async () => {
    let n = 0;
    const quiet: ProcessRunner = async () => {
      const stdout = n++ === 0 ? new TextEncoder().encode('eSpeak NG text-to-speech: 1.51  Data at: x') : new Uint8Array([...new TextEncoder().encode('RIFF'), 36, 0, 0, 0, ...new TextEncoder().encode('WAVEfmt '), 16, 0, 0, 0, 1, 0, 1, 0, 0x22, 0x56, 0, 0, 0x44, 0xac, 0, 0, 2, 0, 16, 0, ...new TextEncoder().encode('data'), 0, 0, 0, 0]);
      return { exitCode: 0, signal: null, stdout, stderr: '', timedOut: false, overflow: false };
    };
    await assert.rejects(checkTtsAvailable(new EspeakProvider({ runner: quiet })), { code: 'ERR_TTS_ENGINE_FAILED', message: /produced no audio/ });
  });
});
