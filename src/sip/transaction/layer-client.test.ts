// TransactionLayer, client side: sendRequest, response matching (§17.1.3), stray responses, transport errors.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getTopVia } from '../accessors.ts';
import type { Remote } from '../remote.ts';
import { buildCancel } from './build.ts';
import { Harness, LayerHarness, makeRequest, PEER_TCP, PEER_UDP, respond } from './transaction.fixture.ts';

function branches(): () => string {
  let n = 0;
  return () => `z9hG4bK-gen-${++n}`;
}

describe('TransactionLayer.sendRequest', () => {
  it('adds a fresh RFC 3261 branch to a top Via without one and sends to the target', () => {
    const h = new LayerHarness({ newBranch: branches() });
    const invite = makeRequest({ branch: null });
    const tx = h.layer.sendRequest(invite, PEER_UDP);
    assert.equal(tx.kind, 'invite-client');
    assert.equal(tx.branch, 'z9hG4bK-gen-1');
    assert.equal(getTopVia(invite)?.branch, 'z9hG4bK-gen-1');
    assert.deepEqual(h.wire, ['INVITE']);
    assert.equal(h.sent[0]!.target, PEER_UDP);
    assert.equal(h.layer.stats.clientTransactions, 1);
    const opt = h.layer.sendRequest(makeRequest({ method: 'OPTIONS', branch: null, callId: 'c2' }), PEER_UDP);
    assert.equal(opt.kind, 'non-invite-client');
    assert.equal(opt.branch, 'z9hG4bK-gen-2');
  });

  it('by default generates random "z9hG4bK" branches', () => {
    const h = new LayerHarness();
    const a = h.layer.sendRequest(makeRequest({ branch: null }), PEER_UDP);
    const b = h.layer.sendRequest(makeRequest({ branch: null }), PEER_UDP);
    assert.match(a.branch, /^z9hG4bK.{16}$/);
    assert.notEqual(a.branch, b.branch);
  });

  it('keeps an existing branch; a CANCEL sharing the INVITE branch is its own transaction', () => {
    const h = new LayerHarness();
    const invite = makeRequest({ branch: 'z9hG4bK-mine' });
    const inv = h.layer.sendRequest(invite, PEER_UDP);
    const can = h.layer.sendRequest(buildCancel(invite), PEER_UDP);
    assert.equal(inv.branch, can.branch);
    assert.notEqual(inv.key, can.key);
    assert.equal(h.layer.stats.clientTransactions, 2);
  });

  it('rejects ACK, a request without Via, a branch without the cookie, and a duplicate branch', () => {
    const h = new LayerHarness();
    assert.throws(() => h.layer.sendRequest(makeRequest({ method: 'ACK' }), PEER_UDP), TypeError);
    const noVia = makeRequest();
    noVia.headers = noVia.headers.filter((x) => x.name !== 'Via');
    assert.throws(() => h.layer.sendRequest(noVia, PEER_UDP), TypeError);
    assert.throws(() => h.layer.sendRequest(makeRequest({ branch: '1234' }), PEER_UDP), TypeError);
    h.layer.sendRequest(makeRequest({ branch: 'z9hG4bK-dup' }), PEER_UDP);
    assert.throws(() => h.layer.sendRequest(makeRequest({ branch: 'z9hG4bK-dup' }), PEER_UDP), /exists/);
    assert.equal(h.layer.stats.clientTransactions, 1);
  });
});

describe('TransactionLayer.receive: responses (§17.1.3)', () => {
  it('matches by top Via branch and CSeq method: INVITE and CANCEL responses reach their own transactions', () => {
    const h = new LayerHarness();
    const events: string[] = [];
    const invite = makeRequest({ branch: 'z9hG4bK-x' });
    const inv = h.layer.sendRequest(invite, PEER_UDP, { onResponse: (r) => events.push(`invite ${r.status}`) });
    h.layer.receive(respond(invite, 180), PEER_UDP);
    const cancel = buildCancel(invite);
    const can = h.layer.sendRequest(cancel, PEER_UDP, { onResponse: (r) => events.push(`cancel ${r.status}`) });
    const r1 = h.layer.receive(respond(cancel, 200), PEER_UDP);
    const r2 = h.layer.receive(respond(invite, 487), PEER_UDP);
    assert.deepEqual(events, ['invite 180', 'cancel 200', 'invite 487']);
    assert.equal(r1.kind === 'response' && r1.transaction, can);
    assert.equal(r2.kind === 'response' && r2.transaction, inv);
    assert.ok(r2.kind === 'response' && r2.passed);
    assert.deepEqual(h.wire, ['INVITE', 'CANCEL', 'ACK']);
    const again = h.layer.receive(respond(invite, 487), PEER_UDP);
    assert.ok(again.kind === 'response' && !again.passed, 'a final retransmission is absorbed');
    assert.deepEqual(h.wire, ['INVITE', 'CANCEL', 'ACK', 'ACK']);
  });

  it('a response without a matching transaction is stray; a stray INVITE 2xx is flagged for the dialog layer', () => {
    const h = new LayerHarness();
    const invite = makeRequest({ branch: 'z9hG4bK-y' });
    h.layer.sendRequest(invite, PEER_UDP);
    const other = h.layer.receive(respond(makeRequest({ branch: 'z9hG4bK-unknown' }), 200), PEER_UDP);
    assert.deepEqual(other.kind === 'stray-response' && other.invite2xx, true);
    const wrongMethod = h.layer.receive(respond(makeRequest({ branch: 'z9hG4bK-y', method: 'OPTIONS' }), 200), PEER_UDP);
    assert.deepEqual(wrongMethod.kind === 'stray-response' && wrongMethod.invite2xx, false);
    const first = h.layer.receive(respond(invite, 200), PEER_UDP);
    assert.equal(first.kind, 'response');
    assert.equal(h.layer.stats.clientTransactions, 0, 'a 2xx terminates the INVITE client transaction');
    const retransmitted = h.layer.receive(respond(invite, 200), PEER_UDP);
    assert.equal(retransmitted.kind, 'stray-response');
    assert.ok(retransmitted.kind === 'stray-response' && retransmitted.invite2xx && retransmitted.source === PEER_UDP);
    assert.equal(h.layer.stats.strayResponses, 3);
  });

  it('a response without a Via branch is stray; one without CSeq is invalid', () => {
    const h = new LayerHarness();
    const noBranch = respond(makeRequest({ branch: null }), 200);
    assert.equal(h.layer.receive(noBranch, PEER_UDP).kind, 'stray-response');
    const noCSeq = respond(makeRequest(), 200);
    noCSeq.headers = noCSeq.headers.filter((x) => x.name !== 'CSeq');
    const r = h.layer.receive(noCSeq, PEER_UDP);
    assert.equal(r.kind, 'invalid');
    assert.match(r.kind === 'invalid' ? r.reason : '', /CSeq/);
  });

  it('transportError(message) terminates the client transaction that sent it, ACK included', () => {
    const h = new LayerHarness();
    const log: string[] = [];
    const invite = makeRequest({ branch: 'z9hG4bK-t' });
    h.layer.sendRequest(invite, PEER_UDP, { onTransportError: () => log.push('error'), onTerminated: () => log.push('end') });
    assert.equal(h.layer.transportError(invite), true);
    assert.deepEqual(log, ['error', 'end']);
    assert.ok(h.idle);
    assert.equal(h.layer.transportError(invite), false);

    const second = makeRequest({ branch: 'z9hG4bK-t2' });
    const tx = h.layer.sendRequest(second, PEER_UDP);
    h.layer.receive(respond(second, 404), PEER_UDP);
    assert.equal(tx.kind === 'invite-client' && tx.state, 'Completed');
    assert.equal(h.layer.transportError(h.sent.at(-1)!.message), true, 'the ACK maps to its INVITE transaction');
    assert.equal(tx.state, 'Terminated');
    assert.equal(h.layer.stats.transportErrors, 2);
  });

  it('transportErrorTo(remote) fails every transaction with that peer, client and server', () => {
    const h = new LayerHarness();
    const other: Remote = { transport: 'tcp', address: '203.0.113.5', port: 5060 };
    const log: string[] = [];
    const handlers = { onTransportError: (tx: { method: string }) => log.push(tx.method) };
    h.layer.sendRequest(makeRequest({ branch: 'z9hG4bK-p1' }), PEER_TCP, handlers);
    h.layer.sendRequest(makeRequest({ branch: 'z9hG4bK-p2', method: 'OPTIONS' }), PEER_TCP, handlers);
    h.layer.sendRequest(makeRequest({ branch: 'z9hG4bK-p3' }), other, handlers);
    const r = h.layer.receive(makeRequest({ branch: 'z9hG4bK-p4', method: 'MESSAGE', transport: 'tcp' }), PEER_TCP);
    if (r.kind === 'request') r.transaction.handlers = handlers;
    assert.equal(h.layer.transportErrorTo({ ...PEER_TCP }), 3);
    assert.deepEqual(log, ['INVITE', 'OPTIONS', 'MESSAGE']);
    assert.equal(h.layer.stats.clientTransactions, 1);
    assert.equal(h.layer.stats.serverTransactions, 0);
    assert.equal(h.layer.transportErrorTo(PEER_UDP), 0);
  });

  it('client transactions disappear from the layer on Timer B/F timeout', () => {
    const h = new LayerHarness();
    const events: string[] = [];
    h.layer.sendRequest(makeRequest({ branch: 'z9hG4bK-b' }), PEER_UDP, { onTimeout: () => events.push('B') });
    h.layer.sendRequest(makeRequest({ branch: 'z9hG4bK-f', method: 'OPTIONS' }), PEER_UDP, { onTimeout: () => events.push('F') });
    h.scheduler.advance(32_000);
    assert.deepEqual(events, ['B', 'F']);
    assert.ok(h.idle);
    assert.equal(h.layer.stats.timeouts, 2);
    assert.equal(h.layer.stats.retransmissionsSent, 6 + 10);
  });

  it('the fixture harness and the layer agree on timer defaults', () => {
    assert.deepEqual(new LayerHarness().layer.timers, new Harness().ctx.timers);
  });
});
