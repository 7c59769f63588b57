import type { GatherVerb } from '../twiml/index.ts';
import { DigitCollector } from './digits.ts';
import { playItems, promptItems } from './media-steps.ts';
import { CONTINUE, type VerbUnit } from './types.ts';

/**
 * `<Gather>`: plays its nested Say/Play/Pause, stops them at the first digit, then collects up to
 * numDigits or a finishOnKey with `timeout` seconds between digits, and posts `Digits` to the
 * action (default: the current document). No input: the next verb, or the action with empty
 * Digits when actionOnEmptyResult. Speech input has no recognizer here (see docs/twiml.md).
 */
export const gather: VerbUnit<GatherVerb> = {
  name: 'Gather',
  async exec(ctx, verb) {
    await ctx.answer();
    if (verb.input.includes('speech')) {
      ctx.notify(13326, 'Gather input="speech": no speech recognizer is available on this platform; only DTMF is collected');
    }
    const dtmf = verb.input.includes('dtmf');
    const collector = new DigitCollector(ctx.leg, { timeoutSec: verb.timeout, numDigits: verb.numDigits, finishOnKey: verb.finishOnKey });
    try {
      for (const child of verb.children) {
        if (collector.count > 0 || ctx.signal.aborted) break;
        const items = promptItems(ctx, child);
        if (!items) continue;
        const result = await playItems(ctx, items, dtmf);
        if (result.status === 'interrupted') break;
      }
      if (ctx.signal.aborted) return CONTINUE;
      const got = dtmf ? await collector.wait(ctx.signal) : { digits: '', reason: 'timeout' as const };
      if (got.reason === 'aborted') return CONTINUE;
      const empty = got.digits === '';
      if (empty && !verb.actionOnEmptyResult) return CONTINUE;
      const target = ctx.target(verb.action ?? ctx.documentUrl ?? '', verb.method);
      if (!target) return CONTINUE;
      const params: Record<string, string> = { Digits: got.digits };
      if (got.finishedOnKey !== undefined) params.FinishedOnKey = got.finishedOnKey;
      return { next: 'fetch', target, params };
    } finally {
      collector.close();
    }
  },
};
