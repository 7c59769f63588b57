import { assertPattern, assertSubject, subjectMatches, type Bus, type BusHandler, type Subscription } from './bus.ts';

/**
 * In-process bus. Delivery is asynchronous (a microtask later) and in publish order per
 * subscriber; a handler that throws or rejects is reported to `onError` and never affects
 * the publisher or other subscribers.
 */
export function createInprocBus(options: { onError?: (error: unknown, subject: string) => void } = {}): Bus {
  const subs = new Set<{ pattern: string; handler: BusHandler }>();
  let closed = false;
  const report = (error: unknown, subject: string) => options.onError?.(error, subject);
  return {
    async publish(subject, data) {
      if (closed) throw new Error('bus is closed');
      assertSubject(subject);
      const targets = [...subs].filter((s) => subjectMatches(s.pattern, subject));
      await Promise.resolve();
      for (const s of targets) {
        try {
          const r = s.handler({ subject, data });
          if (r && typeof r.then === 'function') r.then(undefined, (e: unknown) => report(e, subject));
        } catch (e) {
          report(e, subject);
        }
      }
    },
    subscribe(pattern, handler): Subscription {
      assertPattern(pattern);
      const entry = { pattern, handler };
      subs.add(entry);
      return { unsubscribe: () => void subs.delete(entry) };
    },
    async close() {
      closed = true;
      subs.clear();
    },
  };
}
