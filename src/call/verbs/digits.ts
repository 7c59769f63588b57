// Collects the digits a caller presses while a verb listens (Gather), from the moment it starts.

import type { CallLeg } from '../leg.ts';

export interface CollectRules {
  /** Seconds to wait for the first digit after the prompts, and between digits. */
  timeoutSec: number;
  numDigits?: number | undefined;
  /** Keys that end input ('' for none); the key itself is not part of the digits. */
  finishOnKey: string;
}

export interface Collected {
  digits: string;
  finishedOnKey?: string;
  /** 'digits' numDigits reached, 'key' a finish key, 'timeout' none came in time, 'aborted' the verb was killed. */
  reason: 'digits' | 'key' | 'timeout' | 'aborted';
}

export class DigitCollector {
  private digits = '';
  private finishKey: string | undefined;
  private wake: (() => void) | undefined;
  /** Ends a wait in progress (close() while waiting: another input won). */
  private cancel: (() => void) | undefined;
  private readonly onDigit = (d: string) => {
    if (this.done()) return;
    if (this.rules.finishOnKey.includes(d)) this.finishKey = d;
    else this.digits += d;
    this.wake?.();
  };

  constructor(
    private readonly leg: CallLeg,
    private readonly rules: CollectRules,
  ) {
    leg.on('dtmf', this.onDigit);
  }

  get count(): number {
    return this.digits.length + (this.finishKey ? 1 : 0);
  }

  private done(): boolean {
    return this.finishKey !== undefined || (this.rules.numDigits !== undefined && this.digits.length >= this.rules.numDigits);
  }

  /** Waits for the input to complete; the inter-digit timer restarts with every digit. */
  async wait(signal: AbortSignal): Promise<Collected> {
    try {
      while (!this.done()) {
        const before = this.digits.length;
        const woke = await new Promise<'digit' | 'timeout' | 'aborted'>((resolve) => {
          if (signal.aborted) return resolve('aborted');
          const timer = setTimeout(() => {
            signal.removeEventListener('abort', abort);
            resolve('timeout');
          }, this.rules.timeoutSec * 1000);
          const abort = () => {
            clearTimeout(timer);
            resolve('aborted');
          };
          signal.addEventListener('abort', abort, { once: true });
          this.cancel = () => {
            signal.removeEventListener('abort', abort);
            abort();
          };
          this.wake = () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', abort);
            resolve('digit');
          };
        });
        this.wake = undefined;
        this.cancel = undefined;
        if (woke === 'aborted') return { digits: this.digits, reason: 'aborted' };
        if (woke === 'timeout' && this.digits.length === before) return { digits: this.digits, reason: 'timeout' };
      }
      if (this.finishKey !== undefined) return { digits: this.digits, finishedOnKey: this.finishKey, reason: 'key' };
      return { digits: this.digits, reason: 'digits' };
    } finally {
      this.close();
    }
  }

  close(): void {
    this.leg.off('dtmf', this.onDigit);
    this.cancel?.();
  }
}
