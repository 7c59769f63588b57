// The one error type the SIP message layer produces. Wire entry points
// (parseDatagram, SipStreamParser) never throw: they return a ParseResult whose
// failure side carries a SipParseError. Value parsers (parseUri, parseVia …)
// return a Result<T> the same way.

/** What kind of start-line the failed input had, as far as it could be read. */
export type SipMessageKind = 'request' | 'response' | 'unknown';

/**
 * The raw header values a transport needs to answer a malformed request
 * (RFC 3261 §8.2.6.2: copy Via, From, To, Call-ID, CSeq into the response).
 * Fields are undefined when the header was absent or repeated.
 */
export interface ResponseContext {
  readonly method: string;
  /** Every Via value, topmost first (already split on commas). */
  readonly vias: readonly string[];
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly callId: string | undefined;
  readonly cseq: string | undefined;
  /** True when the topmost Via parsed, so a response can be routed (RFC 3261 §18.2.2). */
  readonly addressable: boolean;
  /** True when Via, From, To, Call-ID and CSeq were all present once and readable. */
  readonly complete: boolean;
}

export interface SipParseErrorInit {
  /** Suggested response status when the input was a request (400, 413, 414, 505, 513 …). */
  status?: number | undefined;
  kind?: SipMessageKind;
  /** Stream framing is lost: the transport must close the connection. */
  fatal?: boolean;
  context?: ResponseContext | undefined;
}

export class SipParseError extends Error {
  override readonly name = 'SipParseError';
  /** Stable code for the error registry (mapped to SIP status only at the edge). */
  readonly code = 'ERR_SIP_PARSE';
  /** Human-readable cause, e.g. "CSeq method INVITE does not match OPTIONS". */
  readonly reason: string;
  /** Suggested status for a response; undefined for responses and unreadable input. */
  readonly status: number | undefined;
  readonly kind: SipMessageKind;
  readonly fatal: boolean;
  /** Present when a request line was read; holds what a response needs. */
  readonly context: ResponseContext | undefined;

  constructor(reason: string, init: SipParseErrorInit = {}) {
    super(reason);
    this.reason = reason;
    this.kind = init.kind ?? 'unknown';
    this.status = this.kind === 'response' ? undefined : (init.status ?? 400);
    this.fatal = init.fatal ?? false;
    this.context = init.context;
  }

  /**
   * True when the transport can send `status` back: the input was a request
   * whose topmost Via was readable (RFC 3261 §18.2.2 needs it to route the response).
   */
  get canRespond(): boolean {
    return this.kind === 'request' && this.context !== undefined && this.context.addressable;
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: SipParseError };

/** Wraps anything thrown inside the engine so callers only ever see SipParseError. */
export function toSipParseError(err: unknown, init: SipParseErrorInit = {}): SipParseError {
  if (err instanceof SipParseError) {
    if (init.kind === undefined && init.context === undefined && init.fatal === undefined) return err;
    return new SipParseError(err.reason, {
      status: init.status ?? err.status,
      kind: init.kind ?? err.kind,
      fatal: init.fatal ?? err.fatal,
      context: init.context ?? err.context,
    });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new SipParseError(`internal parser error: ${detail}`, init);
}

/** Runs a throwing value parser and returns a Result. */
export function attempt<T>(fn: () => T): Result<T> {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    return { ok: false, error: toSipParseError(err) };
  }
}
