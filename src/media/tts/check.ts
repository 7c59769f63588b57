// The start-up check the platform runs for its configured TTS provider: the engine must be
// installed and must speak. A missing engine is a clear error naming the package to install.

import { TtsError } from './errors.ts';
import type { TtsEngineInfo, TtsProvider } from './provider.ts';

export interface TtsCheckResult extends TtsEngineInfo {
  /** Time to synthesize the probe phrase, ms. */
  readonly latencyMs: number;
  /** Length of the probe phrase's audio, ms. */
  readonly audioMs: number;
}

export const TTS_PROBE_TEXT = 'Switchboard is ready.';

/**
 * Resolves with the engine's version and a probe's timing; rejects with TtsError, e.g.
 * ERR_TTS_ENGINE_NOT_FOUND "espeak-ng not found: apt-get install espeak-ng".
 */
export async function checkTtsAvailable(provider: TtsProvider, now: () => number = () => performance.now()): Promise<TtsCheckResult> {
  const info = await provider.check();
  const t0 = now();
  const pcm = await provider.synthesize(TTS_PROBE_TEXT, {});
  const latencyMs = now() - t0;
  if (pcm.length === 0) throw new TtsError('ERR_TTS_ENGINE_FAILED', provider.name, `${provider.name} runs but produced no audio for "${TTS_PROBE_TEXT}"`);
  return { ...info, latencyMs, audioMs: pcm.length / 8 };
}
