// Typed errors of the audio fetcher. Stable string codes, in the style of WavError; the call
// layer maps them to Twilio's numbers (e.g. 12300 "Invalid Content-Type" for a bad <Play>).

export type AudioFetchErrorCode =
  /** Network failure, timeout, bad or non-http(s) URL. */
  | 'ERR_AUDIO_FETCH'
  /** The server answered with a status outside 2xx (or an unexpected 304). `status` is set. */
  | 'ERR_AUDIO_HTTP'
  /** The response's Content-Type is not audio the player knows. */
  | 'ERR_AUDIO_CONTENT_TYPE'
  /** A known audio type this process cannot decode (MP3 when the WASM decoder fails to load). */
  | 'ERR_AUDIO_UNSUPPORTED'
  /** The body is larger than `maxBytes`, or the MP3 decodes to more than `maxDurationMs`. */
  | 'ERR_AUDIO_TOO_LARGE'
  /** The body is WAV or MP3 but does not decode (the WavError or Mp3DecodeError is the `cause`). */
  | 'ERR_AUDIO_DECODE';

export class AudioFetchError extends Error {
  override readonly name = 'AudioFetchError';
  readonly code: AudioFetchErrorCode;
  readonly url: string;
  /** HTTP status, for ERR_AUDIO_HTTP. */
  readonly status: number | undefined;

  constructor(code: AudioFetchErrorCode, url: string, message: string, extra: { status?: number; cause?: unknown } = {}) {
    super(`${message} (${url})`, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.code = code;
    this.url = url;
    this.status = extra.status;
  }
}

export function isAudioFetchError(value: unknown): value is AudioFetchError {
  return value instanceof AudioFetchError;
}
