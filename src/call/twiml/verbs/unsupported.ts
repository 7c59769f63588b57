// Twilio verbs and Dial nouns we recognise but do not run. They parse without their insides being
// checked, so the executor can record a notification and skip them.

import type { DialNoun } from '../dial-types.ts';
import type { ElementSpec } from '../spec.ts';
import type { UnsupportedVerb } from '../types.ts';

export const UNSUPPORTED_VERBS = ['Connect', 'Start', 'Stop', 'Refer', 'Pay', 'Prompt', 'Echo', 'Sms', 'Message'] as const;
export const UNSUPPORTED_NOUNS = ['Application', 'Sim', 'WhatsApp'] as const;

export function unsupportedVerb(name: string): ElementSpec<UnsupportedVerb> {
  return { name, parse: () => ({ verb: 'Unsupported', name }) };
}

export function unsupportedNoun(name: string): ElementSpec<DialNoun> {
  return { name, parse: () => ({ noun: 'Unsupported', name }) };
}
