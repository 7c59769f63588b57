import type { SayVerb } from '../twiml/index.ts';
import { playItems, promptItems } from './media-steps.ts';
import { CONTINUE, type VerbUnit } from './types.ts';

/** `<Say>`: speech through the TTS provider, `loop` times. */
export const say: VerbUnit<SayVerb> = {
  name: 'Say',
  async exec(ctx, verb) {
    await ctx.answer();
    const items = promptItems(ctx, verb);
    if (items) await playItems(ctx, items);
    return CONTINUE;
  },
};
