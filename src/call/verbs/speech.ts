// `<Gather input="speech">`: one listen on the leg's media, optionally raced against digits
// (input="dtmf speech"): whichever brings input first wins, and the other is stopped.

import { isMediaCommandError, type ListenOptions, type ListenResult } from '../../media/host/index.ts';
import type { GatherVerb } from '../twiml/index.ts';
import type { Collected, DigitCollector } from './digits.ts';
import type { VerbContext } from './types.ts';

export type SpeechOutcome =
  | { kind: 'speech'; text: string; confidence: number }
  | { kind: 'digits'; got: Collected }
  | { kind: 'none' }
  | { kind: 'aborted' };

/** Twilio's defaults: speechTimeout falls back to timeout, maxSpeechTime to 60 s. */
export function listenOptions(verb: GatherVerb): ListenOptions {
  const st = verb.speechTimeout;
  const speechTimeoutSec = st === undefined ? verb.timeout : st === 'auto' || Number(st) === 0 ? 'auto' : Number(st);
  return {
    timeoutSec: verb.timeout, speechTimeoutSec, maxSpeechTimeSec: verb.maxSpeechTime ?? 60, language: verb.language,
    ...(verb.hints !== undefined ? { hints: verb.hints } : {}),
  };
}

type Heard = { kind: 'heard'; r: ListenResult } | { kind: 'failed' };

/** Listens (and, with a collector, collects digits at the same time); settles when input is complete. */
export async function gatherSpeech(ctx: VerbContext, verb: GatherVerb, collector?: DigitCollector): Promise<SpeechOutcome> {
  const ep = ctx.endpoint();
  const stop = () => void ctx.media.stopListen(ep).catch(() => undefined);
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    const heard = ctx.media.listen(ep, listenOptions(verb)).then((r): Heard => ({ kind: 'heard', r }), (e: unknown): Heard => (failed(ctx, e), { kind: 'failed' }));
    if (!collector) return fromHeard(ctx, await heard);
    const digits = collector.wait(ctx.signal).then((got) => ({ kind: 'digits' as const, got }));
    const first = await Promise.race([heard, digits]);
    if (first.kind === 'digits') {
      if (first.got.reason === 'aborted') return { kind: 'aborted' };
      if (first.got.digits !== '' || first.got.finishedOnKey !== undefined) return stop(), first;
      return fromHeard(ctx, await heard);
    }
    const outcome = fromHeard(ctx, first);
    if (outcome.kind !== 'none') return outcome;
    // No speech: digits the caller started typing (or none, at their own timeout) decide.
    const got = (await digits).got;
    return got.reason === 'aborted' ? { kind: 'aborted' } : { kind: 'digits', got };
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
}

function fromHeard(ctx: VerbContext, h: Heard): SpeechOutcome {
  if (ctx.signal.aborted) return { kind: 'aborted' };
  if (h.kind === 'heard' && h.r.status === 'speech' && h.r.text !== '') return { kind: 'speech', text: h.r.text, confidence: h.r.confidence };
  return { kind: 'none' };
}

function failed(ctx: VerbContext, e: unknown): void {
  if (isMediaCommandError(e) && e.code === 'no-recognizer') {
    ctx.notify(13326, 'Gather input="speech": the media worker has no speech recognizer; install pocketsphinx (apt-get install pocketsphinx pocketsphinx-en-us). Treated as no input');
  } else {
    ctx.notify(12400, `Gather input="speech": speech recognition failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
