import { errorDef, moreInfoUrl, type ErrorCode } from './error-codes.ts';

/** An expected failure with a registry code; mapped to HTTP (or SIP) status only at the edge. */
export class SwitchboardError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus: number;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    const def = errorDef(code);
    super(message ?? def.title, options);
    this.name = 'SwitchboardError';
    this.code = code;
    this.httpStatus = def.httpStatus;
  }

  /** Twilio's legacy REST error body. Never carries both `type` and `title` (the SDK would read RFC 9457). */
  toJSON(): { code: number; message: string; more_info: string; status: number } {
    return { code: this.code, message: this.message, more_info: moreInfoUrl(this.code), status: this.httpStatus };
  }
}

export function isSwitchboardError(value: unknown): value is SwitchboardError {
  return value instanceof SwitchboardError;
}
