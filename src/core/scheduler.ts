import type { Clock } from './time.ts';

/**
 * Timers behind an interface, so protocol engines (SIP transactions, RTP pacing) run on a fake
 * clock in tests (ARCHITECTURE habit 1). `now()` is monotonic milliseconds.
 */
export interface Scheduler extends Clock {
  setTimer(ms: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: number;
}

/** Real timers on the monotonic clock; timers do not keep the process alive. */
export function realScheduler(): Scheduler {
  const origin = performance.timeOrigin;
  const handles = new Map<number, NodeJS.Timeout>();
  let next = 1;
  return {
    now: () => origin + performance.now(),
    setTimer(ms, fn) {
      const id = next++;
      const t = setTimeout(() => {
        handles.delete(id);
        fn();
      }, ms);
      t.unref();
      handles.set(id, t);
      return { id };
    },
    clearTimer(handle) {
      const t = handles.get(handle.id);
      if (t) clearTimeout(t);
      handles.delete(handle.id);
    },
  };
}

/** A manual clock for tests: time moves only through `advance`, firing due timers in order. */
export class FakeScheduler implements Scheduler {
  private time: number;
  private seq = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const id = this.seq++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  /** Timers still pending. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, running each timer at its due time (ties in creation order). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let dueId: number | undefined;
      let due: { at: number; fn: () => void } | undefined;
      for (const [id, t] of this.timers) if (t.at <= end && (!due || t.at < due.at || (t.at === due.at && id < (dueId ?? 0)))) [dueId, due] = [id, t];
      if (!due || dueId === undefined) break;
      this.timers.delete(dueId);
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }
}
