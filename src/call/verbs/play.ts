import type { PlayVerb } from '../twiml/index.ts';
import { playItems, promptItems } from './media-steps.ts';
import { CONTINUE, type VerbUnit } from './types.ts';

/** `<Play>`: a WAV/MP3 URL `loop` times, or `digits` sent as RFC 4733 events. */
export const play: VerbUnit<PlayVerb> = {
  name: 'Play',
  async exec(ctx, verb) {
    await ctx.answer();
    if (verb.digits !== undefined) {
      await ctx.media.sendDigits(ctx.endpoint(), verb.digits).catch((e: unknown) => ctx.notify(13430, e instanceof Error ? e.message : String(e)));
      return CONTINUE;
    }
    const items = promptItems(ctx, verb);
    if (items) await playItems(ctx, items);
    return CONTINUE;
  },
};
