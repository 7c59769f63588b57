// Typed errors of the player module. Stable string codes, in the style of SipParseError; the
// call layer maps them to Twilio's numbers (e.g. 12300 "Invalid Content-Type" for a bad <Play>).

export type WavErrorCode =
  /** The bytes are not a readable RIFF/WAVE file (too short, wrong magic, no fmt or data chunk …). */
  | 'ERR_WAV_MALFORMED'
  /** A well-formed WAVE file in an encoding the reader does not decode (ADPCM, MP3-in-WAV, RF64 …). */
  | 'ERR_WAV_UNSUPPORTED';

export class WavError extends Error {
  override readonly name = 'WavError';
  readonly code: WavErrorCode;
  /** Human-readable cause, e.g. "fmt chunk is 12 bytes, needs 16". */
  readonly reason: string;

  constructor(code: WavErrorCode, reason: string) {
    super(`${code === 'ERR_WAV_MALFORMED' ? 'malformed WAV' : 'unsupported WAV'}: ${reason}`);
    this.code = code;
    this.reason = reason;
  }
}

export function isWavError(value: unknown): value is WavError {
  return value instanceof WavError;
}
