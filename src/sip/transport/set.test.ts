// UDP and TCP on one host:port behind one SipTransport (createTransports).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getCallId } from '../accessors.ts';
import type { SipMessage, SipRequest } from '../message.ts';
import type { Remote } from '../remote.ts';
import { buildResponse } from '../response.ts';
import type { SipTransportError } from './errors.ts';
import { createTransports } from './set.ts';
import { parseMessage } from '../parser.ts';
import { Inbox, TcpListener, TcpPeer, UdpPeer, rawRequest } from './transport.fixture.ts';

describe('createTransports', () => {
  it('listens on UDP and TCP on the same port and answers each on its own transport', async () => {
    const got = new Inbox<{ message: SipMessage; source: Remote }>();
    const set = await createTransports({
      host: '127.0.0.1',
      port: 0,
      onMessage: (message, source) => {
        got.push({ message, source });
        if (message.type === 'request') set.send(buildResponse(message, 200), source);
      },
    });
    const udp = await UdpPeer.open();
    const tcp = await TcpPeer.connect(set.local.port);
    try {
      assert.deepEqual(set.protocols, ['udp', 'tcp']);
      assert.equal(set.udp?.local.port, set.local.port);
      assert.equal(set.tcp?.local.port, set.local.port);
      await udp.send(rawRequest({ via: `SIP/2.0/UDP 127.0.0.1:${udp.port};branch=z9hG4bKs1`, callId: 'via-udp' }), set.local.port);
      await tcp.write(rawRequest({ via: `SIP/2.0/TCP 127.0.0.1:${tcp.localPort};branch=z9hG4bKs2`, callId: 'via-tcp' }));
      const a = await got.next();
      const b = await got.next();
      const bySource = new Map([a, b].map((r) => [r.source.transport, getCallId(r.message)]));
      assert.equal(bySource.get('udp'), 'via-udp');
      assert.equal(bySource.get('tcp'), 'via-tcp');
      assert.equal(getCallId(await udp.inbox.next()), 'via-udp');
      assert.equal(getCallId(await tcp.inbox.next()), 'via-tcp');
      assert.equal(set.stats.messagesIn, 2);
      assert.equal(set.stats.messagesOut, 2);
    } finally {
      tcp.socket.destroy();
      await Promise.all([set.close(), udp.close()]);
    }
  });

  it('routes sendResponse by the Via alone, and reports a disabled transport', async () => {
    const got = new Inbox<SipMessage>();
    const errors = new Inbox<{ target: Remote; error: SipTransportError }>();
    const set = await createTransports({ host: '127.0.0.1', port: 0, tcp: false, onMessage: (m) => got.push(m) });
    set.setHandlers({ onMessage: (m) => got.push(m), onTransportError: (target, error) => errors.push({ target, error }) });
    const udp = await UdpPeer.open();
    try {
      assert.deepEqual(set.protocols, ['udp']);
      assert.equal(set.tcp, undefined);
      await udp.send(rawRequest({ via: `SIP/2.0/UDP 127.0.0.1:${udp.port};branch=z9hG4bKs3`, callId: 'late-bound' }), set.local.port);
      const req = (await got.next()) as SipRequest;
      set.sendResponse(buildResponse(req, 200));
      assert.equal(getCallId(await udp.inbox.next()), 'late-bound');
      const target: Remote = { transport: 'tcp', address: '127.0.0.1', port: udp.port };
      set.send(buildResponse(req, 200), target);
      const e = await errors.next();
      assert.equal(e.error.code, 'ERR_SIP_TRANSPORT_UNSUPPORTED');
      assert.deepEqual(e.target, target);
    } finally {
      await Promise.all([set.close(), udp.close()]);
    }
  });

  it('serves IPv4 peers from IPv6 (dual-stack) sockets, reporting plain IPv4 sources', async () => {
    // bound to the IPv4-mapped loopback, so the traffic stays on 127.0.0.1
    const got = new Inbox<{ message: SipMessage; source: Remote }>();
    const set = await createTransports({
      host: '::ffff:127.0.0.1',
      port: 0,
      sentBy: 'any',
      onMessage: (message, source) => {
        got.push({ message, source });
        if (message.type === 'request') set.send(buildResponse(message, 200), source);
      },
    });
    const udp = await UdpPeer.open();
    const tcp = await TcpPeer.connect(set.local.port);
    try {
      assert.equal(set.local.address, '127.0.0.1');
      await udp.send(rawRequest({ via: `SIP/2.0/UDP 127.0.0.1:${udp.port};branch=z9hG4bKv1`, callId: 'v6-udp' }), set.local.port);
      assert.deepEqual((await got.next()).source, { transport: 'udp', address: '127.0.0.1', port: udp.port });
      assert.equal(getCallId(await udp.inbox.next()), 'v6-udp');
      await tcp.write(rawRequest({ via: `SIP/2.0/TCP 127.0.0.1:${tcp.localPort};branch=z9hG4bKv2`, callId: 'v6-tcp' }));
      assert.deepEqual((await got.next()).source, { transport: 'tcp', address: '127.0.0.1', port: tcp.localPort });
      assert.equal(getCallId(await tcp.inbox.next()), 'v6-tcp');
      // an outgoing connection from the mapped address to an IPv4 peer
      const peer = await TcpListener.open();
      const parsed = parseMessage(rawRequest({ via: `SIP/2.0/TCP 127.0.0.1:${peer.port};branch=z9hG4bKv3`, callId: 'v6-out' }));
      assert.ok(parsed.ok && parsed.message.type === 'request');
      set.send(buildResponse(parsed.message, 200), {
        transport: 'tcp',
        address: '127.0.0.1',
        port: peer.port,
      });
      const conn = await peer.accepted.next();
      assert.equal(conn.socket.remoteAddress, '127.0.0.1');
      assert.equal(getCallId(await conn.inbox.next()), 'v6-out');
      await peer.close();
    } finally {
      tcp.socket.destroy();
      await Promise.all([set.close(), udp.close()]);
    }
  });

  it('fails to listen when the fixed port is taken on one protocol', async () => {
    const first = await createTransports({ host: '127.0.0.1', port: 0, udp: false });
    try {
      await assert.rejects(createTransports({ host: '127.0.0.1', port: first.local.port }), /EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
