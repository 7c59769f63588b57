import {
  errorCode, failureForCode, flattenHeaders, TransportError,
  type Transport, type TransportRequest, type TransportResponse,
} from './transport.ts';

// A transport over any `fetch` (Node's built-in undici one, or a test double). Redirects are
// returned, not followed (`redirect: 'manual'`), so request.ts can count them. Limitation: fetch
// does not say when the TCP connection is up, so the read timer (#rt) runs from the start and
// covers the connect too; #ct is not applied (undici's own 10 s connect timeout still reports
// 11201). The node:http transport honours #ct and #rt separately.

const READ_TIMEOUT = Symbol('read-timeout');

export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return (req) => exchange(fetchImpl, req);
}

async function exchange(fetchImpl: typeof fetch, req: TransportRequest): Promise<TransportResponse> {
  const ac = new AbortController();
  const onAbort = (): void => ac.abort(req.signal.reason);
  if (req.signal.aborted) onAbort();
  else req.signal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number): void => {
    clearTimeout(timer);
    timer = setTimeout(() => ac.abort(READ_TIMEOUT), ms);
  };
  const fail = (err: unknown): TransportError => {
    if (ac.signal.aborted) {
      return ac.signal.reason === READ_TIMEOUT
        ? new TransportError('read-timeout', `no response data within ${req.readTimeoutMs} ms`)
        : new TransportError('aborted', 'request aborted');
    }
    const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
    const code = errorCode(cause) ?? errorCode(err);
    const kind = failureForCode(code) ?? 'connection';
    const message = cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
    return new TransportError(kind, `${message}${code ? ` (${code})` : ''}`, { cause: err });
  };
  try {
    arm(req.readTimeoutMs);
    let res: Response;
    try {
      res = await fetchImpl(req.url.href, {
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        redirect: 'manual',
        signal: ac.signal,
      });
    } catch (err) {
      throw fail(err);
    }
    const headers = flattenHeaders(res.headers.entries());
    if (req.skipBody?.(headers['content-type'] ?? '') || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      return { status: res.status, headers, body: new Uint8Array(0), truncated: false };
    }
    return { status: res.status, headers, ...(await readCapped(res.body, req, arm, fail)) };
  } finally {
    clearTimeout(timer);
    req.signal.removeEventListener('abort', onAbort);
  }
}

async function readCapped(
  stream: ReadableStream<Uint8Array>,
  req: TransportRequest,
  arm: (ms: number) => void,
  fail: (err: unknown) => TransportError,
): Promise<{ body: Uint8Array; truncated: boolean }> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      arm(req.readTimeoutMs);
      const { done, value } = await reader.read();
      if (done) return { body: Buffer.concat(chunks), truncated: false };
      const room = req.maxBodyBytes - size;
      if (value.length > room) {
        chunks.push(value.subarray(0, room));
        await reader.cancel().catch(() => undefined);
        return { body: Buffer.concat(chunks), truncated: true };
      }
      chunks.push(value);
      size += value.length;
    }
  } catch (err) {
    throw err instanceof TransportError ? err : fail(err);
  }
}
