import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bus, BusMessage } from './bus.ts';

/** The behaviour every Bus implementation must show (ARCHITECTURE habit 3). */
export function busContract(name: string, make: () => Promise<Bus> | Bus): void {
  const settle = () => new Promise((r) => setTimeout(r, 20));
  describe(`bus contract: ${name}`, () => {
    it('delivers to exact, * and > subscribers, not to others', async () => {
      const bus = await make();
      const got: Record<string, string[]> = { exact: [], star: [], tail: [], other: [] };
      bus.subscribe('ev.local.AC1.call.created', (m) => void got.exact!.push(m.subject));
      bus.subscribe('ev.local.*.call.created', (m) => void got.star!.push(m.subject));
      bus.subscribe('ev.local.>', (m) => void got.tail!.push(m.subject));
      bus.subscribe('ev.other.>', (m) => void got.other!.push(m.subject));
      await bus.publish('ev.local.AC1.call.created', { n: 1 });
      await bus.publish('ev.local.AC2.call.created', { n: 2 });
      await bus.publish('ev.local.AC2.account.updated', { n: 3 });
      await settle();
      assert.deepEqual(got.exact, ['ev.local.AC1.call.created']);
      assert.deepEqual(got.star, ['ev.local.AC1.call.created', 'ev.local.AC2.call.created']);
      assert.deepEqual(got.tail, ['ev.local.AC1.call.created', 'ev.local.AC2.call.created', 'ev.local.AC2.account.updated']);
      assert.deepEqual(got.other, []);
      await bus.close();
    });

    it('keeps publish order per subscriber and carries the data', async () => {
      const bus = await make();
      const seen: BusMessage[] = [];
      bus.subscribe('seq.>', (m) => void seen.push(m));
      for (let i = 0; i < 50; i++) await bus.publish(`seq.${i % 3}`, { i });
      await settle();
      assert.deepEqual(seen.map((m) => (m.data as { i: number }).i), [...Array(50).keys()]);
      await bus.close();
    });

    it('stops delivering after unsubscribe', async () => {
      const bus = await make();
      let n = 0;
      const sub = bus.subscribe('a.b', () => void n++);
      await bus.publish('a.b', 1);
      await settle();
      sub.unsubscribe();
      await bus.publish('a.b', 2);
      await settle();
      assert.equal(n, 1);
      await bus.close();
    });

    it('isolates a failing subscriber from the publisher and the others', async () => {
      const bus = await make();
      let ok = 0;
      bus.subscribe('x.y', () => {
        throw new Error('boom');
      });
      bus.subscribe('x.y', async () => Promise.reject(new Error('async boom')));
      bus.subscribe('x.y', () => void ok++);
      await bus.publish('x.y', {});
      await settle();
      assert.equal(ok, 1);
      await bus.close();
    });

    it('rejects malformed subjects and patterns', async () => {
      const bus = await make();
      await assert.rejects(bus.publish('a..b', 1));
      await assert.rejects(bus.publish('a.*', 1));
      assert.throws(() => bus.subscribe('a.>.b', () => {}));
      await bus.close();
    });
  });
}
