// A TransactionContext for transactions used without a TransactionLayer (unit tests, tools).

import type { Scheduler } from '../../core/index.ts';
import { resolveTimers } from './timers.ts';
import type { TimerConfig } from './timers.ts';
import type { SendFn, TransactionContext, TransactionCounters } from './types.ts';

export function newCounters(): TransactionCounters {
  return { retransmissionsSent: 0, retransmissionsAbsorbed: 0, timeouts: 0, transportErrors: 0 };
}

export function createTransactionContext(init: {
  scheduler: Scheduler;
  send: SendFn;
  timers?: Partial<TimerConfig>;
  terminated?: TransactionContext['terminated'];
  accepted?: TransactionContext['accepted'];
}): TransactionContext {
  return {
    scheduler: init.scheduler,
    send: init.send,
    timers: resolveTimers(init.timers),
    counters: newCounters(),
    terminated: init.terminated ?? (() => {}),
    accepted: init.accepted ?? (() => {}),
  };
}
