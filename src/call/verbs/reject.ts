import type { RejectVerb } from '../twiml/index.ts';
import type { VerbUnit } from './types.ts';

/** `<Reject reason>`: refuses a call that is still ringing (603 rejected, 486 busy); after answer it hangs up. */
export const reject: VerbUnit<RejectVerb> = {
  name: 'Reject',
  async exec(_ctx, verb) {
    return { next: 'reject', status: verb.reason === 'busy' ? 486 : 603 };
  },
};
