import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  errorCode, failureForCode, flattenHeaders, TransportError,
  type Transport, type TransportFailure, type TransportRequest, type TransportResponse,
} from './transport.ts';

// The default transport: node:http/https with a fresh connection per exchange, so the connect
// timeout (#ct) covers DNS + TCP connect and the read timeout (#rt) covers the wait for the first
// response byte and every gap between chunks after it, as Twilio's override page describes.

export interface HttpTransportOptions {
  /** DNS lookup as node:net takes it; tests inject one that fails or never answers. */
  readonly lookup?: LookupFunction;
  /** TLS client options, e.g. a `ca` to trust a test server. */
  readonly tls?: { readonly ca?: string | Buffer; readonly rejectUnauthorized?: boolean };
}

type Phase = 'connect' | 'tls' | 'response' | 'body';

export function httpTransport(options: HttpTransportOptions = {}): Transport {
  return (req) => new Promise<TransportResponse>((resolve, reject) => exchange(req, options, resolve, reject));
}

function exchange(
  req: TransportRequest,
  options: HttpTransportOptions,
  resolve: (res: TransportResponse) => void,
  reject: (err: TransportError) => void,
): void {
  if (req.signal.aborted) return reject(new TransportError('aborted', 'request aborted'));
  const secure = req.url.protocol === 'https:';
  let phase: Phase = 'connect';
  let done = false;
  let readTimer: NodeJS.Timeout | undefined;

  const finish = (outcome: TransportResponse | TransportError): void => {
    if (done) return;
    done = true;
    clearTimeout(connectTimer);
    clearTimeout(readTimer);
    req.signal.removeEventListener('abort', onAbort);
    if (outcome instanceof TransportError) reject(outcome);
    else resolve(outcome);
    clientReq.destroy();
  };
  const fail = (kind: TransportFailure, message: string, cause?: unknown): void =>
    finish(new TransportError(kind, message, { cause }));
  const failWith = (err: unknown): void => {
    const code = errorCode(err);
    const kind = phase === 'tls' ? 'tls' : failureForCode(code) ?? 'connection';
    fail(kind, `${err instanceof Error ? err.message : String(err)}${code ? ` (${code})` : ''}`, err);
  };
  const armRead = (): void => {
    clearTimeout(readTimer);
    readTimer = setTimeout(() => fail('read-timeout', `no response data within ${req.readTimeoutMs} ms`), req.readTimeoutMs);
  };
  const onAbort = (): void => fail('aborted', 'request aborted');

  const hostname = req.url.hostname.startsWith('[') ? req.url.hostname.slice(1, -1) : req.url.hostname;
  const clientReq = (secure ? https : http).request({
    method: req.method,
    hostname,
    port: req.url.port || (secure ? 443 : 80),
    path: req.url.pathname + req.url.search,
    headers: req.body === undefined ? req.headers : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
    agent: false,
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(secure ? options.tls : {}),
  });
  const connectTimer = setTimeout(
    () => fail('connect-timeout', `no TCP connection within ${req.connectTimeoutMs} ms`),
    req.connectTimeoutMs,
  );
  req.signal.addEventListener('abort', onAbort, { once: true });

  clientReq.on('socket', (socket) => {
    const connected = (): void => {
      clearTimeout(connectTimer);
      if (phase === 'connect') phase = secure ? 'tls' : 'response';
      armRead();
    };
    if (socket.connecting) socket.once('connect', connected);
    else connected();
    if (secure) socket.once('secureConnect', () => {
      if (phase === 'tls') phase = 'response';
    });
  });
  clientReq.on('error', failWith);
  clientReq.on('response', (res) => {
    phase = 'body';
    armRead();
    const status = res.statusCode ?? 0;
    const headers = flattenHeaders(Object.entries(res.headers));
    res.on('error', failWith);
    if (req.skipBody?.(headers['content-type'] ?? '')) {
      return finish({ status, headers, body: new Uint8Array(0), truncated: false });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (done) return;
      armRead();
      const room = req.maxBodyBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        return finish({ status, headers, body: Buffer.concat(chunks), truncated: true });
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    res.on('end', () => finish({ status, headers, body: Buffer.concat(chunks), truncated: false }));
    res.on('close', () => {
      if (!res.complete) fail('connection', 'the connection closed before the response was complete');
    });
  });
  clientReq.end(req.body);
}
