// The one error type of the SDP engine. Entry points never throw on peer input: they return a
// result whose failure side carries an SdpError with a stable code. The SIP layer maps codes to a
// status at the edge (every code here → 488 Not Acceptable Here, RFC 3261 §21.4.26; a malformed
// body may instead be answered 400).

export type SdpErrorCode =
  /** Not SDP we can read: no v=/o=, a broken m= line, no c= for the stream we use (RFC 4566 §5). */
  | 'malformed'
  /** No m=audio with a non-zero port. */
  | 'no-audio'
  /** Audio offered, but none of its payload types is a codec we run (or an answer chose none we offered). */
  | 'no-common-codec'
  /** Audio only over a profile other than RTP/AVP (RTP/SAVP, UDP/TLS/RTP/SAVPF …) or to a non-literal address. */
  | 'unsupported-transport'
  /** The answer set the port of our audio stream to 0 (RFC 3264 §6: the stream is rejected). */
  | 'stream-rejected';

export const SDP_ERROR_CODES: readonly SdpErrorCode[] = [
  'malformed',
  'no-audio',
  'no-common-codec',
  'unsupported-transport',
  'stream-rejected',
];

export class SdpError extends Error {
  override readonly name = 'SdpError';
  readonly code: SdpErrorCode;

  constructor(code: SdpErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Success or a coded failure; the SDP engine's value parsers return this instead of throwing. */
export type SdpResult<T> = { ok: true; value: T } | { ok: false; error: SdpError };

export function sdpFail(code: SdpErrorCode, message: string): { ok: false; error: SdpError } {
  return { ok: false, error: new SdpError(code, message) };
}
