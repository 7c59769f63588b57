// Helpers for the transport tests: raw SIP text, and small UDP/TCP peers on 127.0.0.1 that
// collect what they receive. Test-only (imported by *.test.ts beside it).

import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { parseDatagram } from '../parser.ts';
import type { SipMessage } from '../message.ts';
import { SipStreamParser } from '../stream.ts';

export interface RawRequestInit {
  method?: string;
  via: string;
  callId?: string;
  body?: string;
  /** Omit Content-Length (valid on UDP, fatal on TCP). */
  noContentLength?: boolean;
  /** Extra raw header lines. */
  extra?: readonly string[];
  version?: string;
  cseqMethod?: string;
}

/** A request as octets, CRLF-terminated, with a valid Content-Length unless told otherwise. */
export function rawRequest(init: RawRequestInit): Buffer {
  const method = init.method ?? 'OPTIONS';
  const body = init.body ?? '';
  const lines = [
    `${method} sip:service@127.0.0.1 ${init.version ?? 'SIP/2.0'}`,
    `Via: ${init.via}`,
    'Max-Forwards: 70',
    'To: <sip:service@127.0.0.1>',
    'From: <sip:tester@127.0.0.1>;tag=fx1',
    `Call-ID: ${init.callId ?? 'call-1'}`,
    `CSeq: 1 ${init.cseqMethod ?? method}`,
    ...(init.extra ?? []),
  ];
  if (body.length > 0) lines.push('Content-Type: text/plain');
  if (init.noContentLength !== true) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'utf8');
}

/** A response as octets. */
export function rawResponse(via: string, status = 200, callId = 'call-1'): Buffer {
  const lines = [
    `SIP/2.0 ${status} OK`,
    `Via: ${via}`,
    'To: <sip:service@127.0.0.1>;tag=srv',
    'From: <sip:tester@127.0.0.1>;tag=fx1',
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** Resolves with queued items in arrival order; `next()` waits (with a deadline) for the next one. */
export class Inbox<T> {
  readonly #items: T[] = [];
  readonly #waiters: ((item: T) => void)[] = [];

  push(item: T): void {
    const w = this.#waiters.shift();
    if (w !== undefined) w(item);
    else this.#items.push(item);
  }

  get size(): number {
    return this.#items.length;
  }

  next(timeoutMs = 3000, what = 'message'): Promise<T> {
    const item = this.#items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a ${what}`));
      }, timeoutMs);
      const waiter = (v: T): void => {
        clearTimeout(timer);
        resolve(v);
      };
      this.#waiters.push(waiter);
    });
  }
}

/** A plain UDP socket on 127.0.0.1 that parses what it receives. */
export class UdpPeer {
  readonly socket: UdpSocket;
  readonly inbox = new Inbox<SipMessage>();
  port = 0;

  private constructor(socket: UdpSocket) {
    this.socket = socket;
    socket.on('message', (buf) => {
      const r = parseDatagram(buf);
      if (r.ok) this.inbox.push(r.message);
    });
  }

  static async open(port = 0): Promise<UdpPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, '127.0.0.1', () => resolve());
    });
    const peer = new UdpPeer(socket);
    peer.port = socket.address().port;
    return peer;
  }

  send(bytes: Buffer, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(bytes, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** A TCP client (or an accepted socket) that frames what it receives with the stream parser. */
export class TcpPeer {
  readonly socket: Socket;
  readonly inbox = new Inbox<SipMessage>();
  readonly closed: Promise<void>;
  ended = false;
  readonly #parser = new SipStreamParser();
  raw = '';

  constructor(socket: Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.raw += chunk.toString('latin1');
      for (const r of this.#parser.push(chunk)) if (r.ok) this.inbox.push(r.message);
    });
    socket.on('end', () => {
      this.ended = true;
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static connect(port: number): Promise<TcpPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.off('error', reject);
        resolve(new TcpPeer(socket));
      });
      socket.once('error', reject);
    });
  }

  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  write(bytes: Buffer | string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (err) => (err ? reject(err) : resolve())));
  }
}

/** A TCP listener on 127.0.0.1 whose accepted connections become TcpPeers. */
export class TcpListener {
  readonly server: Server;
  readonly accepted = new Inbox<TcpPeer>();
  readonly peers: TcpPeer[] = [];
  port = 0;

  private constructor(server: Server) {
    this.server = server;
    server.on('connection', (socket) => {
      const peer = new TcpPeer(socket);
      this.peers.push(peer);
      this.accepted.push(peer);
    });
  }

  static async open(): Promise<TcpListener> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const l = new TcpListener(server);
    const addr = server.address();
    l.port = addr !== null && typeof addr === 'object' ? addr.port : 0;
    return l;
  }

  close(): Promise<void> {
    for (const p of this.peers) p.socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A TCP port with nothing listening on it (bound, then released). */
export async function unusedTcpPort(): Promise<number> {
  const l = await TcpListener.open();
  const port = l.port;
  await l.close();
  return port;
}

/** Polls `check` every 5 ms until it is true (or fails after `timeoutMs`). */
export async function until(check: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  for (let waited = 0; !check(); waited += 5) {
    if (waited >= timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await delay(5);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
