// Typed errors of the speech recognition module. Stable string codes; `recognizer` names the engine.

import { EngineError } from '../engine-error.ts';

export type AsrErrorCode =
  /** The recognizer's program or model is not installed (or not executable). */
  | 'ERR_ASR_ENGINE_NOT_FOUND'
  /** The recognizer ran and failed (non-zero exit, killed by a signal). */
  | 'ERR_ASR_ENGINE_FAILED'
  /** The recognizer did not finish within its time limit and was killed. */
  | 'ERR_ASR_TIMEOUT';

export class AsrError extends EngineError<AsrErrorCode> {
  override readonly name = 'AsrError';

  /** The recognizer's name ('pocketsphinx' …). */
  get recognizer(): string {
    return this.engine;
  }
}

export function isAsrError(value: unknown): value is AsrError {
  return value instanceof AsrError;
}
