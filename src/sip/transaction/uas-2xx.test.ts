// The UAS core's 2xx retransmission, RFC 3261 §13.3.1.4.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Invite2xxRetransmitter } from './uas-2xx.ts';
import type { Invite2xxState } from './uas-2xx.ts';
import { Harness, makeRequest, PEER_TCP, PEER_UDP, respond, schedule } from './transaction.fixture.ts';

function run(h: Harness, target = PEER_UDP): { r: Invite2xxRetransmitter; log: string[] } {
  const log: string[] = [];
  const ok = respond(makeRequest(), 200);
  const r = new Invite2xxRetransmitter(ok, target, h.ctx, {
    onTimeout: (res) => log.push(`timeout ${res.status}@${h.scheduler.now()}`),
    onFinished: (state: Invite2xxState) => log.push(`finished ${state}@${h.scheduler.now()}`),
  });
  r.start();
  return { r, log };
}

describe('2xx retransmission until ACK (§13.3.1.4)', () => {
  it('re-sends at T1, doubling up to T2, and stops when the ACK arrives', () => {
    const h = new Harness();
    const { r, log } = run(h);
    h.scheduler.advance(8000);
    assert.deepEqual(h.times('200'), [500, 1500, 3500, 7500]);
    assert.equal(r.ack(), true);
    assert.equal(r.state, 'Acknowledged');
    assert.equal(r.ack(), false, 'a retransmitted ACK changes nothing');
    h.scheduler.advance(60_000);
    assert.equal(h.count('200'), 4);
    assert.deepEqual(log, ['finished Acknowledged@8000']);
    assert.equal(h.scheduler.pending, 0);
  });

  for (const target of [PEER_UDP, PEER_TCP]) {
    it(`gives up after 64*T1 without an ACK and tells the TU (${target.transport})`, () => {
      const h = new Harness();
      const { r, log } = run(h, target);
      h.scheduler.advance(31_999);
      const expected = schedule(500, 4000, 32_000).slice(1);
      assert.deepEqual(h.times('200'), expected);
      assert.equal(expected.length, 10);
      h.scheduler.advance(1);
      assert.equal(r.state, 'TimedOut');
      assert.deepEqual(log, ['finished TimedOut@32000', 'timeout 200@32000']);
      assert.equal(h.ctx.counters.timeouts, 1);
      assert.equal(h.ctx.counters.retransmissionsSent, 10);
      assert.ok(h.sent.every((s) => s.target === target));
      assert.equal(h.scheduler.pending, 0);
    });
  }

  it('stop() ends retransmission without a timeout event', () => {
    const h = new Harness();
    const { r, log } = run(h);
    h.scheduler.advance(600);
    assert.equal(r.stop(), true);
    h.scheduler.advance(60_000);
    assert.deepEqual(h.times('200'), [500]);
    assert.deepEqual(log, ['finished Stopped@600']);
    assert.equal(h.scheduler.pending, 0);
  });
});
