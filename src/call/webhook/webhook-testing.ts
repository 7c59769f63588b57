import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

// Real loopback servers for the webhook tests (127.0.0.1, port 0). Not used outside tests.

export interface TestServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

export interface SeenRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

function closer(server: http.Server | net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

function track(server: http.Server | net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

async function start(server: http.Server | net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** An HTTP server; `handler` gets each request with its body already read. */
export async function httpServer(
  handler: (req: SeenRequest, res: http.ServerResponse) => void | Promise<void>,
): Promise<TestServer & { readonly seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(r);
      void handler(r, res);
    });
  });
  const sockets = track(server);
  const port = await start(server);
  return { port, origin: `http://127.0.0.1:${port}`, seen, close: closer(server, sockets) };
}

/** A TCP server that hands each connection to `onSocket` (to speak broken HTTP, or nothing). */
export async function rawServer(onSocket: (socket: net.Socket) => void): Promise<TestServer> {
  const server = net.createServer(onSocket);
  const sockets = track(server);
  const port = await start(server);
  return { port, origin: `http://127.0.0.1:${port}`, close: closer(server, sockets) };
}

/** A port nothing listens on: bound, then closed. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await start(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const TEST_TOKEN = '0123456789abcdef0123456789abcdef';
