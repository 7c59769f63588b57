import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { parseWavHeader } from '../player/index.ts';
import { rms } from '../player/signal.fixture.ts';
import { EspeakProvider } from './espeak.ts';
import { SENTENCE, countingRunner, ttsContract } from './tts.contract.ts';
import { LANGUAGES } from './voices.ts';

const missing = spawnSync('espeak-ng', ['--version']).error ? 'espeak-ng is not installed (apt-get install espeak-ng)' : false;

ttsContract('espeak-ng', ({ runner, command }) => new EspeakProvider({ runner, ...(command ? { command } : {}) }), missing);

describe('espeak-ng provider', { skip: missing }, () => {
  it('reads the streaming WAV espeak-ng writes (22050 Hz, sizes 0x7ffff000) and resamples it to 8 kHz', async () => {
    const raw = spawnSync('espeak-ng', ['--stdout', '-v', 'en-us+m3', '-s', '175', 'hello world']).stdout;
    const info = parseWavHeader(raw);
    assert.equal(info.sampleRate, 22050);
    assert.equal(info.declaredDataBytes, 0x7ffff000);
    assert.equal(info.truncated, true);
    const pcm = await new EspeakProvider().synthesize('hello world', {});
    const expected = Math.floor((info.frames * 8000) / 22050);
    assert.ok(Math.abs(pcm.length - expected) <= 1, `${pcm.length} samples, expected ${expected}`);
  });

  it('spawns espeak-ng --stdout -v <voice> -s <rate> with the text on stdin', async () => {
    const log = countingRunner();
    await new EspeakProvider({ runner: log.runner, rate: 160 }).synthesize('Hola.', { voice: 'woman', language: 'es-MX' });
    assert.deepEqual(log.calls[0], { command: 'espeak-ng', args: ['--stdout', '-b', '1', '-v', 'es-419+f3', '-s', '160'], stdin: 'Hola.' });
  });

  it('has an espeak-ng voice for every language in the table', () => {
    const listed = new Set(
      spawnSync('espeak-ng', ['--voices']).stdout.toString().split('\n').slice(1).map((l) => l.trim().split(/\s+/)[1]).filter(Boolean),
    );
    for (const [lang, voice] of Object.entries(LANGUAGES)) assert.ok(listed.has(voice), `${lang} → ${voice} is not an espeak-ng voice`);
  });

  it('speaks Spanish, French and German', async () => {
    const p = new EspeakProvider();
    for (const [language, text] of [['es-ES', 'Gracias por llamar, pulse uno para continuar.'], ['fr-FR', 'Merci de votre appel, appuyez sur un.'], ['de-DE', 'Danke für Ihren Anruf, drücken Sie die Eins.']] as const) {
      const pcm = await p.synthesize(text, { language });
      assert.ok(pcm.length > 8000 && rms(pcm) > 500, language);
      assert.equal(p.resolveVoice({ language }).fallback, false);
    }
  });

  it('speaks faster at a higher rate', async () => {
    const slow = await new EspeakProvider({ rate: 120 }).synthesize(SENTENCE, {});
    const fast = await new EspeakProvider({ rate: 260 }).synthesize(SENTENCE, {});
    assert.ok(fast.length < slow.length * 0.7, `${fast.length} vs ${slow.length}`);
    assert.throws(() => new EspeakProvider({ rate: 10 }), RangeError);
  });
});
