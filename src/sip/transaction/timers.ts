// Timer values of the SIP transaction layer (RFC 3261 §17, Table 4 in Appendix A).
// T1/T2/T4 are configurable; the lettered timers are derived from them per
// transaction, and on reliable transports A/E/G are not used and D/I/J/K are 0
// (§17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2).

export interface TimerConfig {
  /** T1: RTT estimate (§17.1.1.1). Default 500 ms. */
  t1: number;
  /** T2: maximum retransmit interval for non-INVITE requests and INVITE responses. Default 4 s. */
  t2: number;
  /** T4: maximum duration a message remains in the network. Default 5 s. */
  t4: number;
  /** Timer D on unreliable transports: "at least 32 seconds" (§17.1.1.2). Default 32 s. */
  timerD: number;
  /** How long an INVITE server transaction waits for the TU's provisional before sending 100 Trying (§17.2.1: 200 ms). */
  trying: number;
}

export const DEFAULT_TIMERS: Readonly<TimerConfig> = Object.freeze({
  t1: 500,
  t2: 4000,
  t4: 5000,
  timerD: 32_000,
  trying: 200,
});

/** Defaults with `overrides` applied; throws RangeError on a negative, non-finite or inconsistent value. */
export function resolveTimers(overrides: Partial<TimerConfig> = {}): Readonly<TimerConfig> {
  const t: TimerConfig = { ...DEFAULT_TIMERS };
  for (const name of ['t1', 't2', 't4', 'timerD', 'trying'] as const) {
    const v = overrides[name];
    if (v === undefined) continue;
    const min = name === 'trying' ? 0 : 1;
    if (!Number.isFinite(v) || v < min) throw new RangeError(`transaction timer ${name} must be a finite number >= ${min} ms`);
    t[name] = v;
  }
  if (t.t2 < t.t1) throw new RangeError('transaction timer t2 must be >= t1');
  return Object.freeze(t);
}

/**
 * Next retransmission interval: doubles, capped at `cap` (§17.1.1.2 Timer A is
 * uncapped, pass Infinity; §17.1.2.2 Timer E and §17.2.1 Timer G cap at T2).
 */
export function doubled(interval: number, cap: number): number {
  const next = interval * 2;
  return next < cap ? next : cap;
}
