// The in-memory loop network: serialized octets through the real parsers, Via routing,
// seeded UDP loss, refused TCP, and delivery driven by a FakeScheduler.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeScheduler } from '../../core/scheduler.ts';
import { getCallId, getTopVia } from '../accessors.ts';
import { createRequest } from '../message.ts';
import type { SipMessage, SipRequest } from '../message.ts';
import type { Remote } from '../remote.ts';
import { buildResponse } from '../response.ts';
import type { SipTransportError } from './errors.ts';
import { createLoopNetwork } from './loop.ts';
import type { LoopTransport } from './loop.ts';
import { Inbox, rawRequest } from './transport.fixture.ts';

function request(from: LoopTransport, transport: 'UDP' | 'TCP', callId: string, via?: string): SipRequest {
  return createRequest({
    method: 'OPTIONS',
    uri: 'sip:svc@10.0.0.2',
    headers: [
      { name: 'Via', value: via ?? `SIP/2.0/${transport} ${from.local.address}:${from.local.port};branch=z9hG4bK${callId}` },
      { name: 'From', value: '<sip:a@10.0.0.1>;tag=1' },
      { name: 'To', value: '<sip:svc@10.0.0.2>' },
      { name: 'Call-ID', value: callId },
      { name: 'CSeq', value: '1 OPTIONS' },
      { name: 'Max-Forwards', value: '70' },
    ],
  });
}

function at(ep: LoopTransport, transport: 'udp' | 'tcp'): Remote {
  return { transport, address: ep.local.address, port: ep.local.port };
}

async function pair(options: Parameters<typeof createLoopNetwork>[0] = {}, aSentBy?: readonly string[]) {
  const net = createLoopNetwork(options);
  const aGot = new Inbox<{ message: SipMessage; source: Remote }>();
  const bGot = new Inbox<{ message: SipMessage; source: Remote }>();
  const a = net.endpoint({ address: '10.0.0.1', sentBy: aSentBy, onMessage: (message, source) => aGot.push({ message, source }) });
  const b = net.endpoint({
    address: '10.0.0.2',
    port: 5060,
    onMessage: (message, source) => {
      bGot.push({ message, source });
      if (message.type === 'request') b.send(buildResponse(message, 200), source);
    },
  });
  await a.listen();
  await b.listen();
  return { net, a, b, aGot, bGot };
}

describe('loop network', () => {
  it('carries a request and its response over UDP and TCP through the parsers', async () => {
    const { a, b, aGot, bGot } = await pair();
    for (const t of ['udp', 'tcp'] as const) {
      const sent = request(a, t === 'udp' ? 'UDP' : 'TCP', `loop-${t}`);
      a.send(sent, at(b, t));
      const { message, source } = await bGot.next();
      assert.notEqual(message, sent, 'the receiver gets a freshly parsed object');
      assert.equal(getCallId(message), `loop-${t}`);
      assert.deepEqual(source, { transport: t, address: '10.0.0.1', port: a.local.port });
      const reply = await aGot.next();
      assert.equal(reply.message.type === 'response' && reply.message.status, 200);
      assert.deepEqual(reply.source, at(b, t));
    }
    assert.ok(a.local.port >= 40_000);
  });

  it('stamps received/rport and routes the response by them', async () => {
    // `a` is behind a NAT: it writes its private address in Via (and accepts responses naming it)
    const { a, b, aGot, bGot } = await pair({}, ['192.168.1.5:5062']);
    a.send(request(a, 'UDP', 'nat', 'SIP/2.0/UDP 192.168.1.5:5062;rport;branch=z9hG4bKnat'), at(b, 'udp'));
    const via = getTopVia((await bGot.next()).message);
    assert.equal(via?.received, '10.0.0.1');
    assert.equal(via?.rport, a.local.port);
    assert.equal(getCallId((await aGot.next()).message), 'nat');
    assert.equal(a.stats.strayResponses, 0);
  });

  it('routes a response with a port-less Via and no received to the sent-by host on 5060', async () => {
    const { net, a, b } = await pair();
    const got5060 = new Inbox<SipMessage>();
    const c = net.endpoint({ address: '10.0.0.3', port: 5060, onMessage: (m) => got5060.push(m) });
    await c.listen();
    b.sendResponse(buildResponse(request(a, 'UDP', 'default-port', 'SIP/2.0/UDP 10.0.0.3;branch=z9hG4bKdp'), 200));
    const m = await got5060.next();
    assert.equal(m.type === 'response' && getCallId(m), 'default-port');
  });

  it('runs raw octets through the parser: a malformed request is answered 400', async () => {
    const { net, a, aGot } = await pair();
    const raw = rawRequest({ via: `SIP/2.0/UDP 10.0.0.1:${a.local.port};branch=z9hG4bKraw`, callId: 'raw', cseqMethod: 'BYE' });
    net.transmit(a, raw, { transport: 'udp', address: '10.0.0.2', port: 5060 });
    const { message } = await aGot.next();
    assert.equal(message.type === 'response' && message.status, 400);
  });

  it('loses UDP datagrams at a seeded rate, the same way each run, and never TCP', async () => {
    const run = async (): Promise<number> => {
      const { net, a, b, bGot } = await pair({ dropRate: 0.3, seed: 42 });
      for (let i = 0; i < 100; i++) a.send(request(a, 'UDP', `u${i}`), at(b, 'udp'));
      for (let i = 0; i < 20; i++) a.send(request(a, 'TCP', `t${i}`), at(b, 'tcp'));
      await new Promise((resolve) => setImmediate(resolve));
      let tcp = 0;
      while (bGot.size > 0) if ((await bGot.next()).source.transport === 'tcp') tcp++;
      assert.equal(tcp, 20);
      return net.stats.dropped;
    };
    const first = await run();
    assert.ok(first > 10 && first < 60, `dropped ${first} of 100 at 30 %`);
    assert.equal(await run(), first);
  });

  it('drops by filter, and reports TCP to an address nobody listens on', async () => {
    const net = createLoopNetwork();
    const errors = new Inbox<{ target: Remote; error: SipTransportError }>();
    const a = net.endpoint({ onTransportError: (target, error) => errors.push({ target, error }) });
    const b = net.endpoint({ onMessage: () => assert.fail('filtered') });
    await a.listen();
    await b.listen();
    net.dropFilter = (bytes) => bytes.includes('filtered-out');
    a.send(request(a, 'UDP', 'filtered-out'), at(b, 'udp'));
    const nobody: Remote = { transport: 'tcp', address: '127.0.0.9', port: 5060 };
    a.send(request(a, 'TCP', 'refused'), nobody);
    const { target, error } = await errors.next();
    assert.deepEqual(target, nobody);
    assert.equal(error.code, 'ERR_SIP_TRANSPORT_CONNECT');
    assert.equal(net.stats.dropped, 1);
  });

  it('delivers on a FakeScheduler with latency, so advance() drives the exchange', async () => {
    const scheduler = new FakeScheduler();
    const { a, b, aGot, bGot } = await pair({ scheduler, latencyMs: 10 });
    a.send(request(a, 'UDP', 'clocked'), at(b, 'udp'));
    scheduler.advance(9);
    assert.equal(bGot.size, 0);
    scheduler.advance(1);
    assert.equal(bGot.size, 1);
    assert.equal(aGot.size, 0);
    scheduler.advance(10);
    assert.equal(aGot.size, 1);
    await b.close();
    a.send(request(a, 'UDP', 'after-close'), at(b, 'udp'));
    scheduler.advance(100);
    assert.equal(bGot.size, 1);
  });
});
