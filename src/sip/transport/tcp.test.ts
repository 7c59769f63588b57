// SIP over TCP on real sockets (127.0.0.1, port 0): framing, fatal errors, connection reuse in
// both directions, §18.2.2 re-routing, idle close and connect timeout on a FakeScheduler,
// connect failures, limits, and CRLF keep-alives.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { FakeScheduler } from '../../core/scheduler.ts';
import { getCallId } from '../accessors.ts';
import { createRequest } from '../message.ts';
import type { SipMessage, SipRequest } from '../message.ts';
import type { Remote } from '../remote.ts';
import { buildResponse } from '../response.ts';
import type { SipTransportError } from './errors.ts';
import { TcpTransport } from './tcp.ts';
import type { TcpTransportOptions } from './tcp.ts';
import { Inbox, TcpListener, TcpPeer, delay, rawRequest, rawResponse, unusedTcpPort, until } from './transport.fixture.ts';

interface Harness {
  transport: TcpTransport;
  got: Inbox<{ message: SipMessage; source: Remote }>;
  errors: Inbox<{ target: Remote; error: SipTransportError }>;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function start(options: Partial<TcpTransportOptions> = {}): Promise<Harness> {
  const got = new Inbox<{ message: SipMessage; source: Remote }>();
  const errors = new Inbox<{ target: Remote; error: SipTransportError }>();
  const transport = new TcpTransport({
    host: '127.0.0.1',
    port: 0,
    onMessage: (message, source) => got.push({ message, source }),
    onTransportError: (target, error) => errors.push({ target, error }),
    ...options,
  });
  await transport.listen();
  cleanup.push(() => transport.close());
  return { transport, got, errors };
}

async function client(port: number): Promise<TcpPeer> {
  const c = await TcpPeer.connect(port);
  cleanup.push(async () => {
    c.socket.destroy();
  });
  return c;
}

function tcpVia(port: number, branch: string): string {
  return `SIP/2.0/TCP 127.0.0.1:${port};branch=z9hG4bK${branch}`;
}

function options(us: TcpTransport, target: number, callId: string): SipRequest {
  return createRequest({
    method: 'OPTIONS',
    uri: `sip:peer@127.0.0.1:${target};transport=tcp`,
    headers: [
      { name: 'Via', value: tcpVia(us.local.port, callId) },
      { name: 'From', value: '<sip:us@127.0.0.1>;tag=1' },
      { name: 'To', value: '<sip:peer@127.0.0.1>' },
      { name: 'Call-ID', value: callId },
      { name: 'CSeq', value: '1 OPTIONS' },
      { name: 'Max-Forwards', value: '70' },
    ],
  });
}

describe('TcpTransport', () => {
  it('frames messages split across chunks and several messages in one chunk', async () => {
    const { transport, got } = await start();
    const c = await client(transport.local.port);
    const via = tcpVia(c.localPort, 'x1');
    const one = rawRequest({ via, callId: 'split', body: 'hello body' });
    for (let i = 0; i < one.length; i += 7) {
      await c.write(one.subarray(i, i + 7));
      await delay(1);
    }
    const many = Buffer.concat([rawRequest({ via, callId: 'm1' }), rawRequest({ via, callId: 'm2', body: 'x' }), rawRequest({ via, callId: 'm3' })]);
    // the boundary falls inside the second message's header
    await c.write(many.subarray(0, 300));
    await c.write(many.subarray(300));
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { message, source } = await got.next();
      ids.push(getCallId(message));
      assert.deepEqual(source, { transport: 'tcp', address: '127.0.0.1', port: c.localPort });
      if (i === 0) assert.equal(message.body.toString(), 'hello body');
    }
    assert.deepEqual(ids, ['split', 'm1', 'm2', 'm3']);
  });

  it('answers a request without Content-Length with 400, then closes the connection', async () => {
    const { transport, got } = await start();
    const c = await client(transport.local.port);
    await c.write(rawRequest({ via: tcpVia(c.localPort, 'y1'), callId: 'no-cl', noContentLength: true }));
    const r = await c.inbox.next();
    assert.equal(r.type === 'response' && r.status, 400);
    assert.equal(getCallId(r), 'no-cl');
    await c.closed;
    assert.equal(c.ended, true);
    assert.equal(got.size, 0);
    assert.equal(transport.stats.parseErrors, 1);
  });

  it('reuses the inbound connection for the response and for a later request to the same peer', async () => {
    const { transport, got } = await start();
    const c = await client(transport.local.port);
    await c.write(rawRequest({ via: tcpVia(c.localPort, 'z1'), callId: 'reuse' }));
    const { message, source } = await got.next();
    transport.send(buildResponse(message as SipRequest, 200), source);
    const r = await c.inbox.next();
    assert.equal(r.type === 'response' && r.status, 200);
    // a new request to the same peer address:port rides the same connection
    transport.send(options(transport, source.port, 'later'), source);
    const req = await c.inbox.next();
    assert.equal(req.type === 'request' && getCallId(req), 'later');
    // and the peer's answer to it comes back as a response from that source
    await c.write(rawResponse(tcpVia(transport.local.port, 'later'), 200, 'later'));
    const back = await got.next();
    assert.equal(back.message.type, 'response');
    assert.deepEqual(back.source, source);
    assert.equal(transport.stats.connectionsOpened, 1);
    assert.equal(transport.connectionTo(source)?.outbound, false);
  });

  it('opens one outgoing connection per target and reuses it', async () => {
    const { transport, got } = await start();
    const peer = await TcpListener.open();
    cleanup.push(() => peer.close());
    const target: Remote = { transport: 'tcp', address: '127.0.0.1', port: peer.port };
    transport.send(options(transport, peer.port, 'o1'), target);
    transport.send(options(transport, peer.port, 'o2'), target);
    const conn = await peer.accepted.next();
    assert.equal(getCallId(await conn.inbox.next()), 'o1');
    assert.equal(getCallId(await conn.inbox.next()), 'o2');
    await conn.write(rawResponse(tcpVia(transport.local.port, 'o1'), 200, 'o1'));
    const { message, source } = await got.next();
    assert.equal(getCallId(message), 'o1');
    assert.deepEqual(source, target);
    transport.send(options(transport, peer.port, 'o3'), target);
    assert.equal(getCallId(await conn.inbox.next()), 'o3');
    assert.equal(peer.peers.length, 1);
    assert.equal(transport.connectionTo(target)?.outbound, true);
  });

  it('re-routes a response to received:sent-by when the request connection has closed (§18.2.2)', async () => {
    const { transport, got } = await start();
    const peer = await TcpListener.open();
    cleanup.push(() => peer.close());
    const c = await client(transport.local.port);
    await c.write(rawRequest({ via: `SIP/2.0/TCP client.invalid:${peer.port};branch=z9hG4bKr1`, callId: 'reroute' }));
    const { message, source } = await got.next();
    c.socket.destroy();
    await until(() => transport.stats.connections === 0, 'the server to see the close');
    transport.send(buildResponse(message as SipRequest, 200), source);
    const conn = await peer.accepted.next();
    const r = await conn.inbox.next();
    assert.equal(r.type === 'response' && getCallId(r), 'reroute');
  });

  it('closes a connection idle for 64*T1, counting traffic in both directions', async () => {
    const scheduler = new FakeScheduler(1_000);
    const { transport, got } = await start({ scheduler });
    const c = await client(transport.local.port);
    await c.write(rawRequest({ via: tcpVia(c.localPort, 'i1'), callId: 'idle' }));
    const { source } = await got.next();
    scheduler.advance(20_000);
    transport.send(options(transport, source.port, 'keep'), source);
    await c.inbox.next();
    scheduler.advance(31_999);
    await delay(20);
    assert.equal(c.ended, false, 'the send at 21 s moved the deadline to 53 s');
    assert.ok(transport.connectionTo(source));
    scheduler.advance(1);
    await c.closed;
    assert.equal(c.ended, true);
    assert.equal(transport.connectionTo(source), undefined);
    await until(() => transport.stats.connections === 0, 'the server side to close');
  });

  it('reports a refused connect as a transport error for the target', async () => {
    const { transport, errors } = await start();
    const port = await unusedTcpPort();
    const target: Remote = { transport: 'tcp', address: '127.0.0.1', port };
    transport.send(options(transport, port, 'refused'), target);
    const { target: t, error } = await errors.next();
    assert.deepEqual(t, target);
    assert.equal(error.code, 'ERR_SIP_TRANSPORT_CONNECT');
    assert.match(error.message, /ECONNREFUSED/);
  });

  it('fails a connect that does not complete within connectTimeoutMs', async () => {
    const scheduler = new FakeScheduler();
    const { transport, errors } = await start({ scheduler, limits: { connectTimeoutMs: 5_000 } });
    const peer = await TcpListener.open();
    cleanup.push(() => peer.close());
    const target: Remote = { transport: 'tcp', address: '127.0.0.1', port: peer.port };
    transport.send(options(transport, peer.port, 'slow'), target);
    // the fake clock passes the deadline before the socket can report 'connect'
    scheduler.advance(5_000);
    const { target: t, error } = await errors.next();
    assert.deepEqual(t, target);
    assert.equal(error.code, 'ERR_SIP_TRANSPORT_CONNECT_TIMEOUT');
  });

  it('enforces maxConnections and maxBufferedBytes', async () => {
    const { transport, got, errors } = await start({ limits: { maxConnections: 1, maxBufferedBytes: 1_000 } });
    const first = await client(transport.local.port);
    const firstPort = first.localPort;
    const second = await client(transport.local.port);
    await second.closed;
    assert.equal(transport.stats.connectionsOpened, 1);
    // 2000 octets of an unfinished header: over the buffer limit, under the parser's header limit
    await first.write(`OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nX-Filler: ${'a'.repeat(2_000)}`);
    await first.closed;
    assert.equal(got.size, 0);
    const { target, error } = await errors.next();
    assert.equal(error.code, 'ERR_SIP_TRANSPORT_LIMIT');
    assert.equal(target.port, firstPort);
  });

  it('answers a CRLF CRLF ping with a CRLF pong (RFC 5626 §4.4.1)', async () => {
    const { transport } = await start();
    const c = await client(transport.local.port);
    await c.write('\r\n\r\n');
    await until(() => c.raw.length > 0, 'the pong');
    assert.equal(c.raw, '\r\n');
  });

  it('refuses sends after close', async () => {
    const { transport, errors } = await start();
    await transport.close();
    const target: Remote = { transport: 'tcp', address: '127.0.0.1', port: 9 };
    transport.send(options(transport, 9, 'closed'), target);
    assert.equal((await errors.next()).error.code, 'ERR_SIP_TRANSPORT_CLOSED');
  });
});
