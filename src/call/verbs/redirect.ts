import type { RedirectVerb } from '../twiml/index.ts';
import type { VerbUnit } from './types.ts';

/** `<Redirect method>url`: the rest of this document is dropped for the one at `url`. */
export const redirect: VerbUnit<RedirectVerb> = {
  name: 'Redirect',
  async exec(ctx, verb) {
    const target = ctx.target(verb.url, verb.method);
    return target ? { next: 'fetch', target } : { next: 'hangup' };
  },
};
