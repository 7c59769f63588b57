// Every verb the interpreter runs, by name (ARCHITECTURE habit 5: adding one is one file and one line).

import type { TwimlVerb } from '../twiml/index.ts';
import { dial } from './dial.ts';
import { gather } from './gather.ts';
import { hangup } from './hangup.ts';
import { pause } from './pause.ts';
import { play } from './play.ts';
import { record } from './record.ts';
import { redirect } from './redirect.ts';
import { reject } from './reject.ts';
import { say } from './say.ts';
import type { VerbUnit } from './types.ts';

const units = [say, play, pause, gather, record, hangup, redirect, reject, dial] as const;

/** Verbs by name; a verb missing here (Enqueue, Leave, Connect …) is skipped with a Notification. */
export const VERBS: ReadonlyMap<string, VerbUnit> = new Map(units.map((u) => [u.name, u as unknown as VerbUnit]));

export type { VerbContext, VerbOutcome, VerbUnit } from './types.ts';
export type { TwimlVerb };
