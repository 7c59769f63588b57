// SIP over UDP on real sockets (127.0.0.1, port 0): receive, Via stamping, response routing
// (§18.2.2, RFC 3581), answers to malformed requests, drops, and the size limit.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { getCallId, getTopVia } from '../accessors.ts';
import type { SipParseError } from '../errors.ts';
import { createRequest } from '../message.ts';
import type { SipMessage, SipRequest } from '../message.ts';
import type { Remote } from '../remote.ts';
import { buildResponse } from '../response.ts';
import type { SipTransportError } from './errors.ts';
import { Inbox, UdpPeer, rawRequest, rawResponse } from './transport.fixture.ts';
import { UdpTransport } from './udp.ts';

interface Received {
  message: SipMessage;
  source: Remote;
}

describe('UdpTransport', () => {
  const got = new Inbox<Received>();
  const parseErrors = new Inbox<{ error: SipParseError; answered: boolean }>();
  const transportErrors = new Inbox<{ target: Remote; error: SipTransportError }>();
  let transport: UdpTransport;
  let client: UdpPeer;
  let other: UdpPeer;
  /** When set, the handler answers requests 200 to the request's source (what a transaction does). */
  let autoAnswer = true;

  before(async () => {
    transport = new UdpTransport({
      host: '127.0.0.1',
      port: 0,
      onMessage: (message, source) => {
        got.push({ message, source });
        if (autoAnswer && message.type === 'request') transport.send(buildResponse(message, 200), source);
      },
      onParseError: (error, _source, answered) => parseErrors.push({ error, answered }),
      onTransportError: (target, error) => transportErrors.push({ target, error }),
    });
    await transport.listen();
    client = await UdpPeer.open();
    other = await UdpPeer.open();
  });

  after(async () => {
    await Promise.all([transport.close(), client.close(), other.close()]);
  });

  beforeEach(() => {
    autoAnswer = true;
  });

  it('binds an ephemeral port and delivers a parsed request with its source', async () => {
    assert.equal(transport.local.address, '127.0.0.1');
    assert.ok(transport.local.port > 0);
    await client.send(rawRequest({ via: `SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bKa1`, callId: 'recv-1' }), transport.local.port);
    const { message, source } = await got.next();
    assert.equal(message.type, 'request');
    assert.equal(getCallId(message), 'recv-1');
    assert.deepEqual(source, { transport: 'udp', address: '127.0.0.1', port: client.port });
    // Via host and port match the source: left as it was
    assert.equal(getTopVia(message)?.received, undefined);
    const reply = await client.inbox.next();
    assert.equal(reply.type === 'response' && reply.status, 200);
  });

  it('stamps received and rport, and the response follows them back to the source port', async () => {
    await client.send(rawRequest({ via: 'SIP/2.0/UDP 10.0.0.1:5099;rport;branch=z9hG4bKa2', callId: 'rport-1' }), transport.local.port);
    const { message } = await got.next();
    const via = getTopVia(message);
    assert.equal(via?.received, '127.0.0.1');
    assert.equal(via?.rport, client.port);
    // the 200 reached the client socket, not 10.0.0.1:5099
    const reply = await client.inbox.next();
    assert.equal(getCallId(reply), 'rport-1');
    assert.equal(getTopVia(reply)?.rport, client.port);
  });

  it('without rport the response goes to received and the sent-by port (§18.2.2)', async () => {
    // sent from `client`, but the Via names `other`'s port on an unresolvable host
    await client.send(rawRequest({ via: `SIP/2.0/UDP host.invalid:${other.port};branch=z9hG4bKa3`, callId: 'recv-port' }), transport.local.port);
    const { message } = await got.next();
    assert.equal(getTopVia(message)?.received, '127.0.0.1');
    const reply = await other.inbox.next();
    assert.equal(getCallId(reply), 'recv-port');
    assert.equal(client.inbox.size, 0);
  });

  it('sendResponse without a source routes by the Via alone', async () => {
    autoAnswer = false;
    await client.send(rawRequest({ via: `SIP/2.0/UDP 127.0.0.1:${other.port};branch=z9hG4bKa4`, callId: 'by-via' }), transport.local.port);
    const { message } = await got.next();
    transport.sendResponse(buildResponse(message as SipRequest, 202));
    const reply = await other.inbox.next();
    assert.equal(reply.type === 'response' && reply.status, 202);
  });

  it('answers malformed requests with 400 and 505, then serves the next valid request', async () => {
    const via = `SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bKb1`;
    await client.send(rawRequest({ via, callId: 'bad-cseq', cseqMethod: 'INVITE' }), transport.local.port);
    const r400 = await client.inbox.next();
    assert.equal(r400.type === 'response' && r400.status, 400);
    assert.equal(getCallId(r400), 'bad-cseq');
    assert.deepEqual(await parseErrors.next().then((e) => e.answered), true);

    await client.send(rawRequest({ via, callId: 'bad-version', version: 'SIP/3.0' }), transport.local.port);
    const r505 = await client.inbox.next();
    assert.equal(r505.type === 'response' && r505.status, 505);
    assert.equal((await parseErrors.next()).error.status, 505);

    await client.send(rawRequest({ via, callId: 'after-bad' }), transport.local.port);
    assert.equal(getCallId((await got.next()).message), 'after-bad');
    const ok = await client.inbox.next();
    assert.equal(ok.type === 'response' && ok.status, 200);
    assert.equal(transport.stats.errorResponses, 2);
  });

  it('drops unanswerable garbage, bad responses, a malformed ACK and keep-alives, and keeps serving', async () => {
    const before = transport.stats.parseErrors;
    const via = `SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bKc1`;
    await client.send(Buffer.from('\x00\x01 this is not SIP at all\r\n\r\n'), transport.local.port);
    await client.send(Buffer.from('SIP/2.0 200 OK\r\nVia: nonsense\r\n\r\n'), transport.local.port);
    await client.send(rawRequest({ method: 'ACK', via, callId: 'bad-ack', cseqMethod: 'INVITE' }), transport.local.port);
    await client.send(Buffer.from('\r\n\r\n'), transport.local.port);
    await client.send(rawRequest({ via, callId: 'still-alive' }), transport.local.port);
    // the first thing back is the answer to the valid request: nothing was sent for the rest
    const first = await client.inbox.next();
    assert.equal(getCallId(first), 'still-alive');
    assert.equal(transport.stats.parseErrors - before, 3);
    for (let i = 0; i < 3; i++) assert.equal((await parseErrors.next()).answered, false);
    assert.equal(getCallId((await got.next()).message), 'still-alive');
  });

  it('drops a response whose top Via is not ours (§18.1.2) and delivers one that is', async () => {
    const stray = transport.stats.strayResponses;
    await client.send(rawResponse('SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bKd1', 200, 'stray'), transport.local.port);
    await client.send(rawResponse(`SIP/2.0/UDP 127.0.0.1:${transport.local.port};branch=z9hG4bKd2`, 200, 'ours'), transport.local.port);
    const { message, source } = await got.next();
    assert.equal(getCallId(message), 'ours');
    assert.equal(source.port, client.port);
    assert.equal(transport.stats.strayResponses - stray, 1);
  });

  it('sends requests to the given target', async () => {
    const req = createRequest({
      method: 'OPTIONS',
      uri: `sip:peer@127.0.0.1:${client.port}`,
      headers: [
        { name: 'Via', value: `SIP/2.0/UDP 127.0.0.1:${transport.local.port};branch=z9hG4bKe1` },
        { name: 'From', value: '<sip:us@127.0.0.1>;tag=1' },
        { name: 'To', value: '<sip:peer@127.0.0.1>' },
        { name: 'Call-ID', value: 'out-1' },
        { name: 'CSeq', value: '1 OPTIONS' },
        { name: 'Max-Forwards', value: '70' },
      ],
    });
    transport.send(req, { transport: 'udp', address: '127.0.0.1', port: client.port });
    const m = await client.inbox.next();
    assert.equal(m.type === 'request' && m.method, 'OPTIONS');
  });

  it('refuses messages over 65507 octets with ERR_SIP_TRANSPORT_TOO_LARGE, reported asynchronously', async () => {
    const req = createRequest({
      method: 'MESSAGE',
      uri: 'sip:peer@127.0.0.1',
      headers: [{ name: 'Via', value: `SIP/2.0/UDP 127.0.0.1:${transport.local.port};branch=z9hG4bKf1` }],
      body: Buffer.alloc(70_000, 0x61),
    });
    const target: Remote = { transport: 'udp', address: '127.0.0.1', port: client.port };
    transport.send(req, target);
    assert.equal(transportErrors.size, 0, 'not reported from inside send()');
    const { target: t, error } = await transportErrors.next();
    assert.equal(error.code, 'ERR_SIP_TRANSPORT_TOO_LARGE');
    assert.deepEqual(t, target);
    transport.send(req, { transport: 'tcp', address: '127.0.0.1', port: client.port });
    assert.equal((await transportErrors.next()).error.code, 'ERR_SIP_TRANSPORT_UNSUPPORTED');
  });

  it('survives a handler that throws', async () => {
    const t = new UdpTransport({
      host: '127.0.0.1',
      port: 0,
      onMessage: () => {
        throw new Error('boom');
      },
    });
    await t.listen();
    try {
      const via = `SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bKg1`;
      await client.send(rawRequest({ via, callId: 'throw-1' }), t.local.port);
      await client.send(rawRequest({ via, callId: 'bad', version: 'SIP/9.0' }), t.local.port);
      const r = await client.inbox.next();
      assert.equal(r.type === 'response' && r.status, 505);
      assert.equal(t.stats.handlerErrors, 1);
    } finally {
      await t.close();
    }
  });
});
