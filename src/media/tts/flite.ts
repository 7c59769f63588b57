// flite (CMU Flite 2.x): English only. kal is an 8 kHz voice (no resampling), slt and the others
// are 16 kHz. The text is one argv element after -t, so nothing in it can be taken for an option,
// and no shell is involved. flite cannot write to `-o /dev/stdout` when stdout is a socket, which
// is what Node gives a child ("can't open file", and still exit status 0), so it writes to a file
// in a private (0700) temporary directory made for the run and removed after it.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineSpec, assertRanWell, decodeOutput, engineInfo, firstLine, runEngine, type EngineSpec } from './engine.ts';
import { TtsError } from './errors.ts';
import type { ProcessRunner } from './process.ts';
import { normalizeText, type ResolvedVoice, type SynthesizeOptions, type TtsEngineInfo, type TtsProvider } from './provider.ts';
import { DEFAULT_LANGUAGE, chooseVoice } from './voices.ts';

export interface FliteOptions {
  /** 'flite' on PATH by default. */
  command?: string;
  runner?: ProcessRunner;
  /** flite voices for male and female; kal and slt by default (both built into Debian's flite). */
  voices?: { male: string; female: string };
  /** Speaking-rate factor (flite duration_stretch: above 1 is slower); engine default when absent. */
  durationStretch?: number;
  /** Where each run's private temporary directory is made; os.tmpdir() by default. */
  tempDir?: string;
  timeoutMs?: number;
  /** Largest WAV file accepted. */
  maxOutputBytes?: number;
}

export class FliteProvider implements TtsProvider {
  readonly name = 'flite';
  private readonly spec: EngineSpec;
  private readonly voices: { male: string; female: string };
  private readonly stretch: number | undefined;
  private readonly tempParent: string;

  constructor(options: FliteOptions = {}) {
    this.voices = options.voices ?? { male: 'kal', female: 'slt' };
    this.stretch = options.durationStretch;
    this.tempParent = options.tempDir ?? tmpdir();
    if (this.stretch !== undefined && !(this.stretch >= 0.25 && this.stretch <= 4)) throw new RangeError(`flite durationStretch must be 0.25–4 (got ${this.stretch})`);
    this.spec = engineSpec(this.name, 'apt-get install flite', options);
  }

  /** flite speaks English: other languages get the English voice of the same gender, flagged. */
  resolveVoice(options: SynthesizeOptions = {}): ResolvedVoice {
    const choice = chooseVoice(options.voice, options.language);
    const engineVoice = choice.gender === 'male' ? this.voices.male : this.voices.female;
    if (choice.language.startsWith('en-')) return { ...choice, engineVoice };
    const reason = [choice.reason, `flite speaks English only; ${choice.language} is spoken with the ${DEFAULT_LANGUAGE} voice`].filter(Boolean).join('; ');
    return { language: DEFAULT_LANGUAGE, gender: choice.gender, fallback: true, reason, engineVoice };
  }

  async synthesize(text: string, options: SynthesizeOptions = {}): Promise<Int16Array> {
    const clean = normalizeText(this.name, text);
    const voice = this.resolveVoice(options).engineVoice;
    const stretch = this.stretch === undefined ? [] : ['--setf', `duration_stretch=${this.stretch}`];
    const dir = await mkdtemp(join(this.tempParent, 'switchboard-flite-')).catch((err: unknown) => {
      throw new TtsError('ERR_TTS_ENGINE_FAILED', this.name, `flite needs a temporary directory under ${this.tempParent}: ${(err as Error).message}`, { cause: err });
    });
    const file = join(dir, 'speech.wav');
    try {
      const r = await runEngine(this.spec, ['-voice', voice, ...stretch, '-t', clean, '-o', file]);
      assertRanWell(this.spec, r);
      return decodeOutput(this.spec, await this.readOutput(file, r.stderr));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async readOutput(file: string, stderr: string): Promise<Uint8Array> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (err) {
      const detail = firstLine(stderr);
      throw new TtsError('ERR_TTS_BAD_OUTPUT', this.name, `flite wrote no audio${detail ? `: ${detail}` : ''}`, { cause: err });
    }
    if (bytes.length > this.spec.maxOutputBytes) throw new TtsError('ERR_TTS_BAD_OUTPUT', this.name, `flite wrote more than ${this.spec.maxOutputBytes} bytes`);
    return bytes;
  }

  /** `flite --version` exits 1 after printing its version, so only the output is checked. */
  check(): Promise<TtsEngineInfo> {
    return engineInfo(this.spec, ['--version'], /version:\s*(flite-\S+)/);
  }
}
