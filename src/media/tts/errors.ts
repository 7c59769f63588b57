// Typed errors of the TTS module. Stable string codes (the call layer maps them to Twilio's
// numbers, e.g. 13520 "Say: Invalid text" for empty text); `provider` names the engine.

import { EngineError } from '../engine-error.ts';

export type TtsErrorCode =
  /** The text is empty or only whitespace. */
  | 'ERR_TTS_EMPTY_TEXT'
  /** The text is longer than MAX_TTS_TEXT characters. */
  | 'ERR_TTS_TEXT_TOO_LONG'
  /** The engine's program is not installed (or not executable). */
  | 'ERR_TTS_ENGINE_NOT_FOUND'
  /** The engine ran and failed (non-zero exit, killed by a signal). */
  | 'ERR_TTS_ENGINE_FAILED'
  /** The engine did not finish within its time limit and was killed. */
  | 'ERR_TTS_TIMEOUT'
  /** The engine's output was not readable audio, or larger than allowed. */
  | 'ERR_TTS_BAD_OUTPUT';

export class TtsError extends EngineError<TtsErrorCode> {
  override readonly name = 'TtsError';

  /** The provider's name ('espeak-ng', 'flite' …). */
  get provider(): string {
    return this.engine;
  }
}

export function isTtsError(value: unknown): value is TtsError {
  return value instanceof TtsError;
}
