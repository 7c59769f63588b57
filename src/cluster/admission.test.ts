import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeScheduler } from '../core/index.ts';
import { Admission, AdmissionAbortedError, type Ticket } from './admission.ts';

const flush = () => new Promise((r) => setImmediate(r));

describe('Admission', () => {
  it('paces calls to the account cps and queues the excess in order', async () => {
    const clock = new FakeScheduler();
    const adm = new Admission(clock);
    const limits = [{ key: 'account:A', limits: { maxCps: 2, maxConcurrent: 100 } }];
    const admitted: number[] = [];
    for (let i = 0; i < 6; i++) void adm.admit({ limits }).then(() => admitted.push(i));
    await flush();
    assert.deepEqual(admitted, [0, 1]);
    clock.advance(500);
    await flush();
    assert.deepEqual(admitted, [0, 1, 2]);
    clock.advance(1500);
    await flush();
    assert.deepEqual(admitted, [0, 1, 2, 3, 4, 5]);
  });

  it('holds calls over the trunk concurrency until a ticket is released', async () => {
    const clock = new FakeScheduler();
    const adm = new Admission(clock);
    const limits = [{ key: 'trunk:t', limits: { maxCps: 100, maxConcurrent: 2 } }];
    const tickets: Ticket[] = [];
    for (let i = 0; i < 3; i++) void adm.admit({ limits }).then((t) => tickets.push(t));
    await flush();
    assert.equal(tickets.length, 2);
    assert.equal(adm.waiting, 1);
    tickets[0]?.release();
    tickets[0]?.release();
    await flush();
    assert.equal(tickets.length, 3);
    assert.equal(adm.active('trunk:t'), 2);
  });

  it('one tenant over its limit does not hold back another', async () => {
    const clock = new FakeScheduler();
    const adm = new Admission(clock);
    const a = [{ key: 'account:A', limits: { maxCps: 1, maxConcurrent: 1 } }];
    const b = [{ key: 'account:B', limits: { maxCps: 1, maxConcurrent: 1 } }];
    const order: string[] = [];
    void adm.admit({ limits: a }).then(() => order.push('a1'));
    void adm.admit({ limits: a }).then(() => order.push('a2'));
    void adm.admit({ limits: b }).then(() => order.push('b1'));
    await flush();
    assert.deepEqual(order, ['a1', 'b1']);
  });

  it('a canceled wait leaves the queue', async () => {
    const clock = new FakeScheduler();
    const adm = new Admission(clock);
    const limits = [{ key: 'k', limits: { maxCps: 1, maxConcurrent: 1 } }];
    await adm.admit({ limits });
    const ac = new AbortController();
    const waiting = adm.admit({ limits, signal: ac.signal });
    ac.abort();
    await assert.rejects(waiting, AdmissionAbortedError);
    assert.equal(adm.waiting, 0);
  });
});
