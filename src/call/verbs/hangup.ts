import type { HangupVerb } from '../twiml/index.ts';
import type { VerbUnit } from './types.ts';

/** `<Hangup>`: ends the call. */
export const hangup: VerbUnit<HangupVerb> = {
  name: 'Hangup',
  async exec() {
    return { next: 'hangup' };
  },
};
