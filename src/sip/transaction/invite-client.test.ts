// INVITE client transaction, RFC 3261 §17.1.1: every state and timer (A, B, D) over UDP and TCP.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getCSeq, getTo, getVias } from '../accessors.ts';
import { InviteClientTransaction } from './invite-client.ts';
import { Harness, makeRequest, PEER_TCP, PEER_UDP, respond, schedule } from './transaction.fixture.ts';

function start(h: Harness, transport: 'udp' | 'tcp' = 'udp'): InviteClientTransaction {
  const tx = new InviteClientTransaction(makeRequest({ transport }), transport === 'udp' ? PEER_UDP : PEER_TCP, h.ctx, h.clientHandlers());
  tx.start();
  return tx;
}

describe('INVITE client transaction (§17.1.1)', () => {
  it('Calling, UDP: Timer A retransmits at 500/1500/3500/7500/15500/31500 ms, Timer B times out at 64*T1', () => {
    const h = new Harness();
    const tx = start(h);
    assert.equal(tx.state, 'Calling');
    h.scheduler.advance(31_999);
    assert.deepEqual(h.times('INVITE'), [0, 500, 1500, 3500, 7500, 15_500, 31_500]);
    assert.deepEqual(h.events, []);
    h.scheduler.advance(1);
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(h.events, ['Calling->Terminated@32000', 'timeout@32000', 'terminated@32000']);
    assert.equal(h.count('INVITE'), 7);
    assert.equal(h.ctx.counters.retransmissionsSent, 6);
    assert.equal(h.ctx.counters.timeouts, 1);
    assert.equal(h.scheduler.pending, 0);
    assert.ok(h.sent.every((s) => s.target === PEER_UDP));
  });

  it('Timer A doubles without a cap and scales with a configured T1', () => {
    const h = new Harness({ t1: 100, t2: 400 });
    start(h);
    h.scheduler.advance(10_000);
    assert.deepEqual(h.times('INVITE'), [0, 100, 300, 700, 1500, 3100, 6300]);
    assert.deepEqual(h.events, ['Calling->Terminated@6400', 'timeout@6400', 'terminated@6400']);
  });

  it('Calling, TCP: no Timer A, Timer B still fires at 64*T1', () => {
    const h = new Harness();
    const tx = start(h, 'tcp');
    h.scheduler.advance(40_000);
    assert.deepEqual(h.times('INVITE'), [0]);
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(h.events, ['Calling->Terminated@32000', 'timeout@32000', 'terminated@32000']);
  });

  it('a provisional moves Calling to Proceeding and stops Timers A and B; more provisionals pass up', () => {
    const h = new Harness();
    const tx = start(h);
    h.scheduler.advance(700);
    assert.equal(tx.receiveResponse(respond(tx.request, 100)), true);
    assert.equal(tx.state, 'Proceeding');
    assert.equal(h.scheduler.pending, 0);
    assert.equal(tx.receiveResponse(respond(tx.request, 180)), true);
    assert.equal(tx.receiveResponse(respond(tx.request, 183)), true);
    h.scheduler.advance(120_000);
    assert.deepEqual(h.times('INVITE'), [0, 500]);
    assert.equal(tx.state, 'Proceeding');
    assert.deepEqual(h.events, ['Calling->Proceeding@700', 'response 100@700', 'response 180@700', 'response 183@700']);
  });

  for (const from of ['Calling', 'Proceeding'] as const) {
    it(`2xx in ${from}: passed to the TU, Terminated at once, no ACK from the transaction`, () => {
      const h = new Harness();
      const tx = start(h);
      if (from === 'Proceeding') tx.receiveResponse(respond(tx.request, 180));
      h.events.length = 0;
      assert.equal(tx.receiveResponse(respond(tx.request, 200)), true);
      assert.equal(tx.state, 'Terminated');
      assert.deepEqual(h.events, [`${from}->Terminated@0`, 'response 200@0', 'terminated@0']);
      assert.equal(h.count('ACK'), 0);
      assert.equal(h.scheduler.pending, 0);
    });
  }

  it('300-699 in Calling, UDP: ACK sent to the same target, Completed absorbs retransmissions with a new ACK, Timer D', () => {
    const h = new Harness();
    const tx = start(h);
    h.scheduler.advance(600);
    const busy = respond(tx.request, 486, 'callee');
    assert.equal(tx.receiveResponse(busy), true);
    assert.equal(tx.state, 'Completed');
    assert.deepEqual(h.wire, ['INVITE', 'INVITE', 'ACK']);
    assert.equal(h.sent[2]!.target, PEER_UDP);
    const ack = tx.ack!;
    assert.equal(getTo(ack).tag, 'callee');
    assert.deepEqual(getCSeq(ack), { seq: 1, method: 'ACK' });
    assert.equal(getVias(ack).length, 1);
    // no more Timer A after a final response
    h.scheduler.advance(10_000);
    assert.equal(h.count('INVITE'), 2);
    assert.equal(tx.receiveResponse(respond(tx.request, 486, 'callee')), false);
    assert.equal(tx.receiveResponse(respond(tx.request, 486, 'callee')), false);
    assert.equal(h.count('ACK'), 3);
    assert.equal(h.sent.at(-1)!.message, ack, 'the same ACK is re-sent');
    assert.equal(h.ctx.counters.retransmissionsAbsorbed, 2);
    // Timer D: 32 s after entering Completed (at 600)
    h.scheduler.advance(32_600 - 10_600 - 1);
    assert.equal(tx.state, 'Completed');
    h.scheduler.advance(1);
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(h.events, ['Calling->Completed@600', 'response 486@600', 'Completed->Terminated@32600', 'terminated@32600']);
    assert.equal(h.scheduler.pending, 0);
  });

  it('300-699 in Proceeding, TCP: ACK, Completed, and Timer D = 0 terminates at once', () => {
    const h = new Harness();
    const tx = start(h, 'tcp');
    tx.receiveResponse(respond(tx.request, 180));
    h.scheduler.advance(5000);
    tx.receiveResponse(respond(tx.request, 603));
    assert.deepEqual(h.wire, ['INVITE', 'ACK']);
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(h.events, [
      'Calling->Proceeding@0',
      'response 180@0',
      'Proceeding->Completed@5000',
      'response 603@5000',
      'Completed->Terminated@5000',
      'terminated@5000',
    ]);
    assert.equal(h.scheduler.pending, 0);
  });

  it('a 1xx or 2xx in Completed is dropped', () => {
    const h = new Harness();
    const tx = start(h);
    tx.receiveResponse(respond(tx.request, 404));
    assert.equal(tx.receiveResponse(respond(tx.request, 180)), false);
    assert.equal(tx.receiveResponse(respond(tx.request, 200)), false);
    assert.equal(h.count('ACK'), 1);
    assert.deepEqual(h.events, ['Calling->Completed@0', 'response 404@0']);
  });

  for (const state of ['Calling', 'Proceeding', 'Completed'] as const) {
    it(`transport error in ${state}: Terminated, TU told, timers stopped`, () => {
      const h = new Harness();
      const tx = start(h);
      if (state !== 'Calling') tx.receiveResponse(respond(tx.request, 180));
      if (state === 'Completed') tx.receiveResponse(respond(tx.request, 500));
      h.events.length = 0;
      tx.transportError();
      tx.transportError();
      assert.equal(tx.state, 'Terminated');
      assert.deepEqual(h.events, [`${state}->Terminated@0`, 'transport-error@0', 'terminated@0']);
      assert.equal(h.scheduler.pending, 0);
      assert.equal(h.ctx.counters.transportErrors, 1);
    });
  }

  it('a transport error reported while sending the INVITE leaves no timers behind', () => {
    const h = new Harness();
    let tx: InviteClientTransaction | undefined;
    const ctx = { ...h.ctx, send: () => tx?.transportError() };
    tx = new InviteClientTransaction(makeRequest(), PEER_UDP, ctx, h.clientHandlers());
    tx.start();
    assert.equal(tx.state, 'Terminated');
    assert.equal(h.scheduler.pending, 0);
  });

  it('retransmission times match the RFC schedule helper', () => {
    assert.deepEqual(schedule(500, Infinity, 32_000), [0, 500, 1500, 3500, 7500, 15_500, 31_500]);
  });
});
