// PocketsphinxRecognizer: CMU pocketsphinx (Debian's pocketsphinx_continuous with the
// pocketsphinx-en-us model). The 8 kHz call audio is resampled to the 16 kHz the model wants,
// padded with a little silence, written to a temporary WAV and decoded in one batch run.
// pocketsphinx_continuous prints only the hypothesis, no score: confidence is a fixed 0.9 when
// anything was recognised, 0 otherwise. US English only; `language` is ignored.
// Hints matter: the en-us model is wideband and open-vocabulary decoding of band-limited (8 kHz)
// telephone audio is poor, so when `hints` are given (comma-separated phrases) they become a JSGF
// grammar and the transcript is one of them or one of their words. A grammar the decoder rejects
// (a word missing from its dictionary) falls back to the open vocabulary.

import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav, resample } from '../player/index.ts';
import { spawnRunner, type ProcessRunner } from '../tts/index.ts';
import { AsrError } from './errors.ts';
import type { RecognizeOptions, Recognition, SpeechRecognizer } from './recognizer.ts';

export const POCKETSPHINX_INSTALL = 'apt-get install pocketsphinx pocketsphinx-en-us';
/** The confidence reported for a non-empty hypothesis (the engine prints none). */
export const POCKETSPHINX_CONFIDENCE = 0.9;
const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const PAD_MS = 300;
const RATE = 16000;

export interface PocketsphinxOptions {
  /** Program to run (default 'pocketsphinx_continuous'). */
  command?: string;
  runner?: ProcessRunner;
  /** Kill the decoder after this long (default 20 s). */
  timeoutMs?: number;
  /** Model directory checked by check() (default Debian's en-us model). */
  modelDir?: string;
}

export class PocketsphinxRecognizer implements SpeechRecognizer {
  readonly name = 'pocketsphinx';
  private readonly command: string;
  private readonly runner: ProcessRunner;
  private readonly timeoutMs: number;
  private readonly modelDir: string;

  constructor(o: PocketsphinxOptions = {}) {
    this.command = o.command ?? 'pocketsphinx_continuous';
    this.runner = o.runner ?? spawnRunner;
    this.timeoutMs = o.timeoutMs ?? 20_000;
    this.modelDir = o.modelDir ?? MODEL_DIR;
  }

  async recognize(pcm8k: Int16Array, o: RecognizeOptions = {}): Promise<Recognition> {
    if (pcm8k.length === 0) return { text: '', confidence: 0 };
    const dir = await mkdtemp(join(tmpdir(), 'sb-asr-'));
    try {
      const file = join(dir, 'speech.wav');
      await writeFile(file, encodeWav(padded(resample(pcm8k, 8000, RATE)), { sampleRate: RATE }));
      const args = ['-infile', file, '-logfn', '/dev/null'];
      const grammar = hintGrammar(o.hints);
      let out: string | undefined;
      if (grammar) {
        const jsgf = join(dir, 'hints.jsgf');
        await writeFile(jsgf, grammar);
        out = await this.run([...args, '-jsgf', jsgf]).catch((e: unknown) => {
          if (e instanceof AsrError && e.code === 'ERR_ASR_ENGINE_FAILED') return undefined;
          throw e;
        });
      }
      out ??= await this.run(args);
      const text = out.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' ');
      return { text, confidence: text === '' ? 0 : POCKETSPHINX_CONFIDENCE };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async check(): Promise<void> {
    await this.run(['-h']).catch((e: unknown) => {
      // `-h` exits non-zero on some builds; only a missing program matters here.
      if (e instanceof AsrError && e.code === 'ERR_ASR_ENGINE_NOT_FOUND') throw e;
    });
    try {
      await access(this.modelDir);
    } catch (cause) {
      throw new AsrError('ERR_ASR_ENGINE_NOT_FOUND', this.name, `pocketsphinx model ${this.modelDir} not found: ${POCKETSPHINX_INSTALL}`, { cause });
    }
  }

  private async run(args: string[]): Promise<string> {
    let r;
    try {
      r = await this.runner(this.command, args, { timeoutMs: this.timeoutMs, maxOutputBytes: 1 << 20 });
    } catch (cause) {
      throw new AsrError('ERR_ASR_ENGINE_NOT_FOUND', this.name, `${this.command} not found: ${POCKETSPHINX_INSTALL}`, { cause });
    }
    if (r.timedOut) throw new AsrError('ERR_ASR_TIMEOUT', this.name, `${this.command} did not finish within ${this.timeoutMs} ms`);
    if (r.exitCode !== 0) {
      throw new AsrError('ERR_ASR_ENGINE_FAILED', this.name, `${this.command} failed (${r.signal ?? `exit ${r.exitCode}`}): ${r.stderr.trim().slice(0, 300)}`);
    }
    return Buffer.from(r.stdout).toString('utf8');
  }
}

/** Leading and trailing silence: the decoder misses words that start or end at the file's edge. */
function padded(pcm: Int16Array): Int16Array {
  const pad = (PAD_MS * RATE) / 1000;
  const out = new Int16Array(pcm.length + 2 * pad);
  out.set(pcm, pad);
  return out;
}

/**
 * A JSGF grammar accepting one hint phrase or one word of a phrase (a partial answer); undefined
 * when no hint is usable. Only letters, apostrophes and spaces survive; duplicates are dropped.
 */
export function hintGrammar(hints: string | undefined): string | undefined {
  if (!hints) return undefined;
  const phrases = hints.split(',').map((h) => h.toLowerCase().replace(/[^a-z' ]+/g, ' ').replace(/\s+/g, ' ').trim()).filter((h) => h !== '');
  const words = phrases.flatMap((p) => p.split(' '));
  const choices = [...new Set([...phrases, ...words])];
  if (choices.length === 0) return undefined;
  return `#JSGF V1.0;\ngrammar hints;\npublic <hints> = ${choices.join(' | ')};\n`;
}
