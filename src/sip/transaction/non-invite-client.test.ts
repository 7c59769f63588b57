// Non-INVITE client transaction, RFC 3261 §17.1.2: Trying, Proceeding, Completed, Terminated; Timers E, F, K.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NonInviteClientTransaction } from './non-invite-client.ts';
import { Harness, makeRequest, PEER_TCP, PEER_UDP, respond, schedule } from './transaction.fixture.ts';

function start(h: Harness, transport: 'udp' | 'tcp' = 'udp', method = 'OPTIONS'): NonInviteClientTransaction {
  const req = makeRequest({ method, transport });
  const tx = new NonInviteClientTransaction(req, transport === 'udp' ? PEER_UDP : PEER_TCP, h.ctx, h.clientHandlers());
  tx.start();
  return tx;
}

describe('non-INVITE client transaction (§17.1.2)', () => {
  it('Trying, UDP: Timer E doubles up to T2 (500/1500/3500/7500/11500 … 31500), Timer F times out at 64*T1', () => {
    const h = new Harness();
    const tx = start(h);
    assert.equal(tx.state, 'Trying');
    h.scheduler.advance(31_999);
    const expected = [0, 500, 1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500];
    assert.deepEqual(h.times('OPTIONS'), expected);
    assert.deepEqual(expected, schedule(500, 4000, 32_000));
    h.scheduler.advance(1);
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(h.events, ['Trying->Terminated@32000', 'timeout@32000', 'terminated@32000']);
    assert.equal(h.count('OPTIONS'), 11);
    assert.equal(h.ctx.counters.retransmissionsSent, 10);
    assert.equal(h.scheduler.pending, 0);
  });

  it('Proceeding, UDP: Timer E then fires every T2; Timer F still times out', () => {
    const h = new Harness();
    const tx = start(h);
    h.scheduler.advance(700);
    assert.equal(tx.receiveResponse(respond(tx.request, 100)), true);
    assert.equal(tx.state, 'Proceeding');
    assert.equal(tx.receiveResponse(respond(tx.request, 180)), true);
    h.scheduler.advance(40_000);
    assert.deepEqual(h.times('OPTIONS'), [0, 500, 1500, 5500, 9500, 13_500, 17_500, 21_500, 25_500, 29_500]);
    assert.deepEqual(h.events, [
      'Trying->Proceeding@700',
      'response 100@700',
      'response 180@700',
      'Proceeding->Terminated@32000',
      'timeout@32000',
      'terminated@32000',
    ]);
  });

  it('a final in Trying, UDP: passed up, Completed absorbs retransmissions, Timer K = T4', () => {
    const h = new Harness();
    const tx = start(h, 'udp', 'REGISTER');
    h.scheduler.advance(100);
    assert.equal(tx.receiveResponse(respond(tx.request, 200)), true);
    assert.equal(tx.state, 'Completed');
    assert.equal(tx.receiveResponse(respond(tx.request, 200)), false);
    assert.equal(tx.receiveResponse(respond(tx.request, 100)), false);
    assert.equal(h.ctx.counters.retransmissionsAbsorbed, 2);
    h.scheduler.advance(4999);
    assert.equal(tx.state, 'Completed');
    h.scheduler.advance(1);
    assert.deepEqual(h.events, ['Trying->Completed@100', 'response 200@100', 'Completed->Terminated@5100', 'terminated@5100']);
    assert.deepEqual(h.wire, ['REGISTER'], 'no retransmission after the final, no ACK');
    assert.equal(h.scheduler.pending, 0);
  });

  it('a final in Proceeding, UDP: Completed, Timer E stopped', () => {
    const h = new Harness();
    const tx = start(h, 'udp', 'BYE');
    tx.receiveResponse(respond(tx.request, 100));
    h.scheduler.advance(2000);
    tx.receiveResponse(respond(tx.request, 481));
    h.scheduler.advance(60_000);
    assert.deepEqual(h.times('BYE'), [0, 500], 'E fired at 500 in Proceeding, next due at 4500');
    assert.deepEqual(h.events, [
      'Trying->Proceeding@0',
      'response 100@0',
      'Proceeding->Completed@2000',
      'response 481@2000',
      'Completed->Terminated@7000',
      'terminated@7000',
    ]);
  });

  it('TCP: no Timer E, Timer F times out at 64*T1', () => {
    const h = new Harness();
    start(h, 'tcp');
    h.scheduler.advance(40_000);
    assert.deepEqual(h.times('OPTIONS'), [0]);
    assert.deepEqual(h.events, ['Trying->Terminated@32000', 'timeout@32000', 'terminated@32000']);
  });

  it('TCP: a final goes Completed and Timer K = 0 terminates at once', () => {
    const h = new Harness();
    const tx = start(h, 'tcp');
    tx.receiveResponse(respond(tx.request, 180));
    tx.receiveResponse(respond(tx.request, 200));
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(h.events, [
      'Trying->Proceeding@0',
      'response 180@0',
      'Proceeding->Completed@0',
      'response 200@0',
      'Completed->Terminated@0',
      'terminated@0',
    ]);
    assert.equal(h.scheduler.pending, 0);
  });

  for (const state of ['Trying', 'Proceeding', 'Completed'] as const) {
    it(`transport error in ${state}: Terminated and the TU told`, () => {
      const h = new Harness();
      const tx = start(h);
      if (state !== 'Trying') tx.receiveResponse(respond(tx.request, 100));
      if (state === 'Completed') tx.receiveResponse(respond(tx.request, 200));
      h.events.length = 0;
      tx.transportError();
      assert.deepEqual(h.events, [`${state}->Terminated@0`, 'transport-error@0', 'terminated@0']);
      assert.equal(h.scheduler.pending, 0);
    });
  }
});
