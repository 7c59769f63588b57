// TransactionLayer bookkeeping: counters, and no leaks once transactions end and timers run out.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Remote } from '../remote.ts';
import { LayerHarness, makeRequest, PEER_TCP, PEER_UDP, respond } from './transaction.fixture.ts';

const N = 300;

/** Client transactions of every outcome; returns what finishes the ones left in Proceeding. */
function clients(h: LayerHarness, target: Remote): Array<() => void> {
  const later: Array<() => void> = [];
  const t = target.transport;
  for (let i = 0; i < N; i++) {
    const inv = makeRequest({ branch: `z9hG4bK-ci${t}${i}`, callId: `ci${i}`, transport: t });
    h.layer.sendRequest(inv, target);
    const outcome = i % 4;
    if (outcome === 1) h.layer.receive(respond(inv, 200), target);
    if (outcome === 2) {
      h.layer.receive(respond(inv, 180), target);
      h.layer.receive(respond(inv, 486), target);
    }
    if (outcome === 3) {
      h.layer.receive(respond(inv, 100), target); // left in Proceeding: no timer ends it (§17.1.1.2)
      later.push(() => h.layer.receive(respond(inv, 408), target));
    }
    const opt = makeRequest({ method: 'OPTIONS', branch: `z9hG4bK-co${t}${i}`, callId: `co${i}`, transport: t });
    h.layer.sendRequest(opt, target);
    if (i % 2 === 0) h.layer.receive(respond(opt, 200), target); // the others time out (Timer F)
  }
  return later;
}

/** Server transactions of every outcome; returns what answers the ones the TU left pending. */
function servers(h: LayerHarness, source: Remote): Array<() => void> {
  const later: Array<() => void> = [];
  const t = source.transport;
  for (let i = 0; i < N; i++) {
    const branch = `z9hG4bK-si${t}${i}`;
    const r = h.layer.receive(makeRequest({ branch, callId: `si${i}`, transport: t }), source);
    if (r.kind !== 'request' || r.transaction.kind !== 'invite-server') throw new Error('expected an INVITE transaction');
    const tx = r.transaction;
    const outcome = i % 4;
    if (outcome === 0) tx.respond(respond(tx.request, 200));
    if (outcome === 1) {
      tx.respond(respond(tx.request, 486));
      h.layer.receive(makeRequest({ method: 'ACK', branch, callId: `si${i}`, toTag: 'to-1', transport: t }), source);
    }
    if (outcome === 2) tx.respond(respond(tx.request, 480)); // ACK lost: Timer H
    if (outcome === 3) {
      tx.respond(respond(tx.request, 200));
      h.layer.receive(makeRequest({ method: 'ACK', branch: `z9hG4bK-ack${i}`, callId: `si${i}`, toTag: 'to-1', transport: t }), source);
    }
    const m = h.layer.receive(makeRequest({ method: 'MESSAGE', branch: `z9hG4bK-sm${t}${i}`, callId: `sm${i}`, transport: t }), source);
    if (m.kind !== 'request') throw new Error('expected a MESSAGE transaction');
    if (i % 2 === 0) m.transaction.respond(respond(m.request, 200));
    else later.push(() => m.transaction.respond(respond(m.request, 500)));
  }
  return later;
}

describe('TransactionLayer bookkeeping', () => {
  for (const remote of [PEER_UDP, PEER_TCP]) {
    it(`after ${4 * N} ${remote.transport} transactions complete or time out, the maps are empty and no timer is left`, () => {
      const h = new LayerHarness();
      const pending = [...clients(h, remote), ...servers(h, remote)];
      const busy = h.layer.stats;
      assert.ok(busy.clientTransactions > 0 && busy.serverTransactions > 0 && busy.pending2xx > 0);
      h.scheduler.advance(64 * 500);
      // what only the TU can end: INVITEs in Proceeding (no Timer B there) and requests it never answered
      const s = h.layer.stats;
      assert.equal(s.clientTransactions, N / 4);
      assert.equal(s.serverTransactions, N / 2);
      for (const finish of pending) finish();
      h.scheduler.advance(64 * 500);
      assert.ok(h.idle, JSON.stringify(h.layer.stats));
    });
  }

  it('when the TU answers everything, nothing at all is left', () => {
    const h = new LayerHarness();
    for (let i = 0; i < 500; i++) {
      const inv = makeRequest({ branch: `z9hG4bK-c${i}`, callId: `c${i}` });
      h.layer.sendRequest(inv, PEER_UDP);
      h.layer.receive(respond(inv, 180), PEER_UDP);
      h.layer.receive(respond(inv, i % 2 ? 200 : 404), PEER_UDP);
      const r = h.layer.receive(makeRequest({ branch: `z9hG4bK-s${i}`, callId: `s${i}` }), PEER_UDP);
      if (r.kind === 'request') r.transaction.respond(respond(r.request, i % 3 ? 200 : 503));
    }
    h.scheduler.advance(120_000);
    assert.ok(h.idle, JSON.stringify(h.layer.stats));
  });

  it('counts retransmissions sent and absorbed, timeouts and stray responses', () => {
    const h = new LayerHarness();
    const inv = makeRequest({ branch: 'z9hG4bK-k1' });
    h.layer.sendRequest(inv, PEER_UDP);
    h.scheduler.advance(1500); // Timer A: 2 retransmissions
    h.layer.receive(respond(inv, 500), PEER_UDP);
    h.layer.receive(respond(inv, 500), PEER_UDP); // absorbed, ACK re-sent
    const r = h.layer.receive(makeRequest({ branch: 'z9hG4bK-k2', method: 'OPTIONS' }), PEER_UDP);
    if (r.kind === 'request') r.transaction.respond(respond(r.request, 200));
    h.layer.receive(makeRequest({ branch: 'z9hG4bK-k2', method: 'OPTIONS' }), PEER_UDP); // absorbed, 200 re-sent
    h.layer.receive(respond(makeRequest({ branch: 'z9hG4bK-nobody' }), 200), PEER_UDP);
    assert.deepEqual(h.layer.stats, {
      clientTransactions: 1,
      serverTransactions: 1,
      pending2xx: 0,
      retransmissionsSent: 4,
      retransmissionsAbsorbed: 2,
      timeouts: 0,
      transportErrors: 0,
      strayResponses: 1,
    });
  });
});
