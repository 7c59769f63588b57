import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createTtsProvider } from '../tts/index.ts';
import { AsrError } from './errors.ts';
import { POCKETSPHINX_INSTALL, PocketsphinxRecognizer, hintGrammar } from './pocketsphinx.ts';

const missing =
  spawnSync('pocketsphinx_continuous', ['-h']).error ? `pocketsphinx is not installed (${POCKETSPHINX_INSTALL})`
  : spawnSync('espeak-ng', ['--version']).error ? 'espeak-ng is not installed (apt-get install espeak-ng)'
  : false;

describe('PocketsphinxRecognizer', () => {
  it('recognises espeak-ng saying "yes please"', { skip: missing }, async () => {
    const pcm = await createTtsProvider('espeak-ng').synthesize('yes please', {});
    const asr = new PocketsphinxRecognizer();
    await asr.check();
    const r = await asr.recognize(pcm, { hints: 'yes please, no thanks, operator' });
    assert.match(r.text, /\byes\b/, `heard "${r.text}"`);
    assert.equal(r.confidence, 0.9);
  });

  it('gives empty text and confidence 0 for silence', { skip: missing }, async () => {
    const r = await new PocketsphinxRecognizer().recognize(new Int16Array(8000));
    assert.deepEqual(r, { text: '', confidence: 0 });
  });

  it('turns hints into a JSGF grammar (letters only, duplicates dropped)', () => {
    assert.equal(hintGrammar(' Yes please, no-thanks,yes please, 42 '), '#JSGF V1.0;\ngrammar hints;\npublic <hints> = yes please | no thanks | yes | please | no | thanks;\n');
    assert.equal(hintGrammar(', 7'), undefined);
    assert.equal(hintGrammar(undefined), undefined);
  });

  it('a hint outside the dictionary falls back to the open vocabulary', { skip: missing }, async () => {
    const pcm = await createTtsProvider('espeak-ng').synthesize('yes please', {});
    const r = await new PocketsphinxRecognizer().recognize(pcm, { hints: 'yes please, zzqxv' });
    assert.equal(typeof r.text, 'string');
  });

  it('a missing program is ERR_ASR_ENGINE_NOT_FOUND naming the packages', async () => {
    const asr = new PocketsphinxRecognizer({ command: 'no-such-pocketsphinx-binary' });
    for (const p of [asr.check(), asr.recognize(new Int16Array(800).fill(1000))]) {
      await assert.rejects(p, (e: unknown) => e instanceof AsrError && e.code === 'ERR_ASR_ENGINE_NOT_FOUND' && e.message.includes(POCKETSPHINX_INSTALL));
    }
  });
});
