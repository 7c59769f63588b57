import type { PauseVerb } from '../twiml/index.ts';
import { CONTINUE, type VerbUnit } from './types.ts';

/** `<Pause length>`: silence (the endpoint sends nothing while idle; Twilio's comfort is silence too). */
export const pause: VerbUnit<PauseVerb> = {
  name: 'Pause',
  async exec(ctx, verb) {
    await ctx.answer();
    await ctx.sleep(verb.length * 1000);
    return CONTINUE;
  },
};
