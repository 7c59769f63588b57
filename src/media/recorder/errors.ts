// The one error type of src/media/recorder/: a stable string code plus a human-readable reason.
// The call layer maps these to Twilio numbers where one applies.

export type RecorderErrorCode =
  /** A Recorder or storage option out of range (maxLengthSec ≤ 0, a finishOnKey that is no key …). */
  | 'ERR_RECORDER_OPTIONS'
  /** A recording id that is not 1–128 of [A-Za-z0-9_-] (ids become file names). */
  | 'ERR_RECORDING_ID'
  /** create() for an id that already exists. */
  | 'ERR_RECORDING_EXISTS'
  /** open(), recover() … for an id that does not exist. */
  | 'ERR_RECORDING_NOT_FOUND'
  /** write() after finalize() or abort(). */
  | 'ERR_RECORDING_CLOSED'
  /** write() with a sample count that is not a whole number of frames, or past the 4 GiB WAV limit. */
  | 'ERR_RECORDING_FRAMES'
  /** The storage failed underneath (disk full, permission …); the cause is attached. */
  | 'ERR_RECORDING_IO'
  /** Bytes that are not a 16-bit PCM RIFF/WAVE file this folder can read. */
  | 'ERR_RECORDING_WAV';

export class RecorderError extends Error {
  override readonly name = 'RecorderError';
  readonly code: RecorderErrorCode;

  constructor(code: RecorderErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isRecorderError(value: unknown): value is RecorderError {
  return value instanceof RecorderError;
}
