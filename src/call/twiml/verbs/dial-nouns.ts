// The nouns <Dial> accepts, by element name.

import type { DialNoun } from '../dial-types.ts';
import { specMap } from '../spec.ts';
import { client } from './dial-client.ts';
import { conference } from './dial-conference.ts';
import { number } from './dial-number.ts';
import { queue } from './dial-queue.ts';
import { sip } from './dial-sip.ts';
import { UNSUPPORTED_NOUNS, unsupportedNoun } from './unsupported.ts';

export const DIAL_NOUNS = specMap<DialNoun>([number, sip, client, conference, queue, ...UNSUPPORTED_NOUNS.map(unsupportedNoun)]);
