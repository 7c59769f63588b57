// One HTTP exchange, without redirects or retries (request.ts does those). Two implementations:
// http-transport.ts (node:http, the default: it can tell a connect timeout from a read timeout)
// and fetch-transport.ts (any `fetch`, for callers and tests that inject one).

export interface TransportRequest {
  readonly method: 'GET' | 'POST';
  /** Absolute http(s) URL without fragment or credentials. */
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** From starting the request until the TCP connection is up (#ct). */
  readonly connectTimeoutMs: number;
  /** Until the first response byte, and between chunks of the response (#rt). */
  readonly readTimeoutMs: number;
  /** Aborts the exchange (the total deadline, or the caller giving up). */
  readonly signal: AbortSignal;
  /** Bytes of body kept; the rest is not read and `truncated` is set. */
  readonly maxBodyBytes: number;
  /** When true for the response's Content-Type, the body is not read at all. */
  readonly skipBody?: (contentType: string) => boolean;
}

export interface TransportResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
  readonly truncated: boolean;
}

export type TransportFailure =
  | 'connect-timeout'
  | 'refused'
  | 'dns'
  | 'tls'
  | 'protocol'
  | 'read-timeout'
  | 'connection'
  | 'aborted';

export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

/** The Twilio code for each way an exchange fails ('aborted' is decided by the caller). */
export const FAILURE_CODES: Record<Exclude<TransportFailure, 'aborted'>, number> = {
  'connect-timeout': 11201,
  refused: 11202,
  dns: 11210,
  tls: 11220,
  protocol: 11206,
  // Twilio's 11205 page: the HTTP response failed after the TCP connection was made.
  'read-timeout': 11205,
  connection: 11205,
};

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const TLS_CODES = new Set([
  'EPROTO', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED', 'CERT_REJECTED', 'HOSTNAME_MISMATCH',
]);

/** Classifies a socket/parser error code (Node's `err.code`); undefined when it says nothing specific. */
export function failureForCode(code: string | undefined): TransportFailure | undefined {
  if (!code) return undefined;
  if (code === 'ECONNREFUSED') return 'refused';
  if (DNS_CODES.has(code)) return 'dns';
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) return 'tls';
  if (code.startsWith('HPE_') || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return 'protocol';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return 'connect-timeout';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'read-timeout';
  return undefined;
}

/** `err.code` when err is an object carrying a string code. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

/** Node's IncomingHttpHeaders / a Headers object, flattened. */
export function flattenHeaders(entries: Iterable<[string, string | string[] | undefined]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
