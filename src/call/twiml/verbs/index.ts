// Every verb <Response> may hold, by element name (habit 5: a map, not a switch).

import { specMap } from '../spec.ts';
import type { TwimlVerb } from '../types.ts';
import { dial } from './dial.ts';
import { enqueue } from './enqueue.ts';
import { gather } from './gather.ts';
import { hangup } from './hangup.ts';
import { leave } from './leave.ts';
import { pause } from './pause.ts';
import { play } from './play.ts';
import { record } from './record.ts';
import { redirect } from './redirect.ts';
import { reject } from './reject.ts';
import { say } from './say.ts';
import { UNSUPPORTED_VERBS, unsupportedVerb } from './unsupported.ts';

export const VERBS = specMap<TwimlVerb>([
  say, play, pause, gather, record, hangup, redirect, reject, dial, enqueue, leave,
  ...UNSUPPORTED_VERBS.map(unsupportedVerb),
]);

export { DIAL_NOUNS } from './dial-nouns.ts';
export { UNSUPPORTED_NOUNS, UNSUPPORTED_VERBS } from './unsupported.ts';
