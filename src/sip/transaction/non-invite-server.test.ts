// Non-INVITE server transaction, RFC 3261 §17.2.2: Trying, Proceeding, Completed, Terminated; Timer J.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NonInviteServerTransaction } from './non-invite-server.ts';
import { Harness, makeRequest, PEER_TCP, PEER_UDP, respond } from './transaction.fixture.ts';

function start(h: Harness, transport: 'udp' | 'tcp' = 'udp', method = 'BYE'): NonInviteServerTransaction {
  const tx = new NonInviteServerTransaction(makeRequest({ method, transport, toTag: 'to-1' }), transport === 'udp' ? PEER_UDP : PEER_TCP, h.ctx, h.serverHandlers());
  tx.start();
  return tx;
}

describe('non-INVITE server transaction (§17.2.2)', () => {
  it('Trying: no automatic 100, retransmissions are absorbed silently', () => {
    const h = new Harness();
    const tx = start(h);
    assert.equal(tx.state, 'Trying');
    h.scheduler.advance(5000);
    tx.receiveRequest(tx.request);
    tx.receiveRequest(tx.request);
    assert.deepEqual(h.wire, []);
    assert.equal(h.ctx.counters.retransmissionsAbsorbed, 2);
    assert.equal(h.scheduler.pending, 0);
  });

  it('Proceeding: provisionals sent; a retransmission gets the latest provisional', () => {
    const h = new Harness();
    const tx = start(h, 'udp', 'SUBSCRIBE');
    assert.equal(tx.respond(respond(tx.request, 100)), true);
    assert.equal(tx.state, 'Proceeding');
    tx.respond(respond(tx.request, 183));
    tx.receiveRequest(tx.request);
    assert.deepEqual(h.wire, ['100', '183', '183']);
    assert.equal(h.sent[2]!.target, PEER_UDP);
  });

  for (const via of ['Trying', 'Proceeding'] as const) {
    it(`a final from ${via}, UDP: Completed re-sends the final per retransmission, discards TU responses, Timer J = 64*T1`, () => {
      const h = new Harness();
      const tx = start(h);
      if (via === 'Proceeding') tx.respond(respond(tx.request, 100));
      h.scheduler.advance(1000);
      assert.equal(tx.respond(respond(tx.request, 200)), true);
      assert.equal(tx.state, 'Completed');
      tx.receiveRequest(tx.request);
      h.scheduler.advance(10_000);
      tx.receiveRequest(tx.request);
      assert.equal(tx.respond(respond(tx.request, 500)), false);
      assert.deepEqual(h.times('200'), [1000, 1000, 11_000]);
      h.scheduler.advance(32_000 - 10_000 - 1);
      assert.equal(tx.state, 'Completed');
      h.scheduler.advance(1);
      assert.equal(tx.state, 'Terminated');
      const prefix = via === 'Proceeding' ? ['Trying->Proceeding@0'] : [];
      assert.deepEqual(h.events, [...prefix, `${via}->Completed@1000`, 'Completed->Terminated@33000', 'terminated@33000']);
      assert.equal(h.scheduler.pending, 0);
    });
  }

  it('TCP: a final goes Completed and Timer J = 0 terminates at once', () => {
    const h = new Harness();
    const tx = start(h, 'tcp');
    tx.respond(respond(tx.request, 200));
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(h.events, ['Trying->Completed@0', 'Completed->Terminated@0', 'terminated@0']);
    assert.equal(h.sent[0]!.target, PEER_TCP);
    assert.equal(h.scheduler.pending, 0);
  });

  for (const state of ['Trying', 'Proceeding', 'Completed'] as const) {
    it(`transport error in ${state}: Terminated and the TU told`, () => {
      const h = new Harness();
      const tx = start(h);
      if (state !== 'Trying') tx.respond(respond(tx.request, 100));
      if (state === 'Completed') tx.respond(respond(tx.request, 200));
      h.events.length = 0;
      tx.transportError();
      assert.deepEqual(h.events, [`${state}->Terminated@0`, 'transport-error@0', 'terminated@0']);
      assert.equal(h.scheduler.pending, 0);
    });
  }
});
