import type { GatherVerb } from '../twiml/index.ts';
import { DigitCollector, type Collected } from './digits.ts';
import { playItems, promptItems } from './media-steps.ts';
import { gatherSpeech } from './speech.ts';
import { CONTINUE, type VerbContext, type VerbOutcome, type VerbUnit } from './types.ts';

/**
 * `<Gather>`: plays its nested Say/Play/Pause, stops them at the first digit, then collects up to
 * numDigits or a finishOnKey with `timeout` seconds between digits, and posts `Digits` to the
 * action (default: the current document). With input="speech" it then listens for one utterance
 * (pocketsphinx in the media worker) and posts `SpeechResult` and `Confidence`; with
 * input="dtmf speech" digits and speech race and the first complete input wins. No input: the
 * next verb, or the action with empty Digits when actionOnEmptyResult.
 */
export const gather: VerbUnit<GatherVerb> = {
  name: 'Gather',
  async exec(ctx, verb) {
    await ctx.answer();
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
      if (verb.input.includes('speech') && collector.count === 0) {
        const heard = await gatherSpeech(ctx, verb, dtmf ? collector : undefined);
        if (heard.kind === 'aborted') return CONTINUE;
        if (heard.kind === 'speech') return post(ctx, verb, { SpeechResult: heard.text, Confidence: String(heard.confidence) });
        return digitsOutcome(ctx, verb, heard.kind === 'digits' ? heard.got : { digits: '', reason: 'timeout' });
      }
      const got = dtmf ? await collector.wait(ctx.signal) : { digits: '', reason: 'timeout' as const };
      return digitsOutcome(ctx, verb, got);
    } finally {
      collector.close();
    }
  },
};

function digitsOutcome(ctx: VerbContext, verb: GatherVerb, got: Collected): VerbOutcome {
  if (got.reason === 'aborted') return CONTINUE;
  if (got.digits === '' && !verb.actionOnEmptyResult) return CONTINUE;
  const params: Record<string, string> = { Digits: got.digits };
  if (got.finishedOnKey !== undefined) params.FinishedOnKey = got.finishedOnKey;
  return post(ctx, verb, params);
}

function post(ctx: VerbContext, verb: GatherVerb, params: Record<string, string>): VerbOutcome {
  const target = ctx.target(verb.action ?? ctx.documentUrl ?? '', verb.method);
  return target ? { next: 'fetch', target, params } : CONTINUE;
}
