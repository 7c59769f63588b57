// INVITE server transaction, RFC 3261 §17.2.1: Proceeding, Completed, Confirmed, Terminated;
// 100 Trying after 200 ms, Timers G, H, I; over UDP and TCP.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InviteServerTransaction } from './invite-server.ts';
import type { SipResponse } from '../message.ts';
import { Harness, makeRequest, PEER_TCP, PEER_UDP, respond, schedule } from './transaction.fixture.ts';

function start(h: Harness, transport: 'udp' | 'tcp' = 'udp'): InviteServerTransaction {
  const req = makeRequest({ transport });
  const tx = new InviteServerTransaction(req, transport === 'udp' ? PEER_UDP : PEER_TCP, h.ctx, h.serverHandlers());
  tx.start();
  return tx;
}

describe('INVITE server transaction (§17.2.1)', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`Proceeding, ${transport}: sends 100 Trying after 200 ms when the TU has not answered, to the request's source`, () => {
      const h = new Harness();
      const tx = start(h, transport);
      assert.equal(tx.state, 'Proceeding');
      h.scheduler.advance(199);
      assert.deepEqual(h.wire, []);
      h.scheduler.advance(1);
      assert.deepEqual(h.wire, ['100']);
      assert.equal(h.sent[0]!.at, 200);
      assert.equal(h.sent[0]!.target, transport === 'udp' ? PEER_UDP : PEER_TCP);
      assert.equal(tx.provisional, h.sent[0]!.message);
      h.scheduler.advance(60_000);
      assert.deepEqual(h.wire, ['100'], 'nothing else until the TU answers');
    });
  }

  it('no 100 Trying when the TU sends a provisional within 200 ms; trying: 0 sends it at once', () => {
    const h = new Harness();
    const tx = start(h);
    h.scheduler.advance(150);
    assert.equal(tx.respond(respond(tx.request, 180)), true);
    h.scheduler.advance(1000);
    assert.deepEqual(h.wire, ['180']);
    const h0 = new Harness({ trying: 0 });
    start(h0);
    assert.deepEqual(h0.wire, ['100']);
  });

  it('Proceeding: a retransmitted INVITE gets the latest provisional (or an immediate 100)', () => {
    const h = new Harness();
    const tx = start(h);
    h.scheduler.advance(50);
    tx.receiveRequest(tx.request);
    assert.deepEqual(h.wire, ['100'], 'no provisional yet: 100 now');
    h.scheduler.advance(500);
    assert.deepEqual(h.wire, ['100'], 'and not again from the 200 ms timer');
    tx.respond(respond(tx.request, 180));
    tx.respond(respond(tx.request, 183));
    tx.receiveRequest(tx.request);
    assert.deepEqual(h.wire, ['100', '180', '183', '183']);
    assert.equal(h.ctx.counters.retransmissionsAbsorbed, 2);
    assert.equal(h.ctx.counters.retransmissionsSent, 1);
    assert.equal(tx.state, 'Proceeding');
  });

  it('300-699, UDP: Completed, Timer G re-sends the final until the ACK, Confirmed absorbs ACKs, Timer I = T4', () => {
    const h = new Harness();
    const tx = start(h);
    tx.respond(respond(tx.request, 180));
    h.scheduler.advance(1000);
    tx.respond(respond(tx.request, 486));
    assert.equal(tx.state, 'Completed');
    h.scheduler.advance(4000); // G at 1500, 2500, 4500
    assert.deepEqual(h.times('486'), [1000, 1500, 2500, 4500]);
    tx.receiveRequest(tx.request);
    assert.deepEqual(h.times('486'), [1000, 1500, 2500, 4500, 5000], 'INVITE retransmission answered with the final');
    assert.equal(tx.respond(respond(tx.request, 200)), false, 'TU responses after the final are discarded');
    tx.receiveAck(makeRequest({ method: 'ACK', toTag: 'to-1' }));
    assert.equal(tx.state, 'Confirmed');
    tx.receiveAck(makeRequest({ method: 'ACK', toTag: 'to-1' }));
    tx.receiveRequest(tx.request);
    h.scheduler.advance(4999);
    assert.equal(tx.state, 'Confirmed');
    assert.equal(h.count('486'), 5, 'G stopped by the ACK; nothing sent in Confirmed');
    h.scheduler.advance(1);
    assert.deepEqual(h.events, [
      'Proceeding->Completed@1000',
      'Completed->Confirmed@5000',
      'Confirmed->Terminated@10000',
      'terminated@10000',
    ]);
    assert.equal(h.scheduler.pending, 0);
  });

  it('lost ACK, UDP: Timer G doubles up to T2 and Timer H fires at 64*T1 with an ACK-timeout event', () => {
    const h = new Harness();
    const tx = start(h);
    tx.respond(respond(tx.request, 404));
    h.scheduler.advance(31_999);
    const expected = schedule(500, 4000, 32_000);
    assert.deepEqual(h.times('404'), expected);
    assert.equal(expected.length, 11);
    h.scheduler.advance(1);
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(h.events, [
      'Proceeding->Completed@0',
      'Completed->Terminated@32000',
      'ack-timeout 404@32000',
      'terminated@32000',
    ]);
    assert.equal(h.ctx.counters.timeouts, 1);
    assert.equal(h.scheduler.pending, 0);
  });

  it('TCP: no Timer G; Timer H still fires; an ACK confirms and Timer I = 0 terminates at once', () => {
    const lost = new Harness();
    const a = start(lost, 'tcp');
    a.respond(respond(a.request, 500));
    lost.scheduler.advance(40_000);
    assert.deepEqual(lost.wire, ['500']);
    assert.deepEqual(lost.events.slice(-2), ['ack-timeout 500@32000', 'terminated@32000']);

    const acked = new Harness();
    const b = start(acked, 'tcp');
    b.respond(respond(b.request, 500));
    acked.scheduler.advance(100);
    b.receiveAck(makeRequest({ method: 'ACK', transport: 'tcp', toTag: 'to-1' }));
    assert.equal(b.state, 'Terminated');
    assert.deepEqual(acked.events, [
      'Proceeding->Completed@0',
      'Completed->Confirmed@100',
      'Confirmed->Terminated@100',
      'terminated@100',
    ]);
    assert.equal(acked.scheduler.pending, 0);
  });

  it('2xx from the TU: sent once, the transaction terminates (RFC 3261) and the layer hook is called', () => {
    const h = new Harness();
    const accepted: SipResponse[] = [];
    const ctx = { ...h.ctx, accepted: (_tx: InviteServerTransaction, r: SipResponse) => accepted.push(r) };
    const tx = new InviteServerTransaction(makeRequest(), PEER_UDP, ctx, h.serverHandlers());
    tx.start();
    tx.respond(respond(tx.request, 180));
    const ok = respond(tx.request, 200);
    assert.equal(tx.respond(ok), true);
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(accepted, [ok]);
    assert.equal(tx.finalResponse, ok);
    assert.deepEqual(h.wire, ['180', '200']);
    assert.deepEqual(h.events, ['Proceeding->Terminated@0', 'terminated@0']);
    assert.equal(tx.respond(respond(tx.request, 200)), false);
    h.scheduler.advance(60_000);
    assert.deepEqual(h.wire, ['180', '200'], 'the transaction itself never retransmits a 2xx');
  });

  it('an ACK in Proceeding is ignored; invalid statuses throw', () => {
    const h = new Harness();
    const tx = start(h);
    tx.receiveAck(makeRequest({ method: 'ACK' }));
    assert.equal(tx.state, 'Proceeding');
    assert.throws(() => tx.respond({ ...respond(tx.request, 200), status: 99 }), RangeError);
    assert.throws(() => tx.respond({ ...respond(tx.request, 200), status: 700 }), RangeError);
  });

  for (const state of ['Proceeding', 'Completed', 'Confirmed'] as const) {
    it(`transport error in ${state}: Terminated and the TU told`, () => {
      const h = new Harness();
      const tx = start(h);
      if (state !== 'Proceeding') tx.respond(respond(tx.request, 480));
      if (state === 'Confirmed') tx.receiveAck(makeRequest({ method: 'ACK', toTag: 'to-1' }));
      h.events.length = 0;
      tx.transportError();
      assert.deepEqual(h.events, [`${state}->Terminated@0`, 'transport-error@0', 'terminated@0']);
      assert.equal(h.scheduler.pending, 0);
    });
  }
});
