// <Dial><Number>: a phone number. Also used for the bare text body of <Dial>.

import { matching, readAttributes } from '../attributes.ts';
import { compact, expectText } from '../content.ts';
import type { NumberNoun } from '../dial-types.ts';
import { elementError } from '../errors.ts';
import type { ElementSpec } from '../spec.ts';
import type { XmlElement } from '../xml-tree.ts';
import { AMD_ATTRIBUTES, legFields, legRules } from './dial-leg.ts';
import { DTMF } from './play.ts';

const RULES = {
  ...legRules(13221),
  sendDigits: matching(13222, DTMF, 'DTMF digits 0-9 * # and w/W pauses'),
};

/** Digits with an optional leading +, at most 15 digits (E.164); spaces, dashes, dots, parentheses dropped. */
export function normalizeNumber(text: string): string | undefined {
  const n = text.replace(/[\s\-().]/g, '');
  return /^\+?\d{1,15}$/.test(n) ? n : undefined;
}

/** The number written in `el`'s body (a <Number> or a bare <Dial>), normalised; 13223 when it is not one. */
export function numberIn(el: XmlElement, text: string): string {
  const number = normalizeNumber(text);
  if (number === undefined) throw elementError(13223, el, `${JSON.stringify(text.slice(0, 40))} is not a phone number (E.164, or digits with an optional +)`);
  return number;
}

export const number: ElementSpec<NumberNoun> = {
  name: 'Number',
  parse(el: XmlElement): NumberNoun {
    const a = readAttributes(el, RULES, { ignored: [...AMD_ATTRIBUTES, 'byoc'] });
    const value = numberIn(el, expectText(el, 13215));
    return compact<NumberNoun>({ noun: 'Number', number: value, sendDigits: a.sendDigits, ...legFields(a) });
  },
};

/** The Number noun a bare `<Dial>415-555-0100</Dial>` stands for. */
export function bareNumber(dial: XmlElement, text: string): NumberNoun {
  return { noun: 'Number', number: numberIn(dial, text), method: 'POST', statusCallbackEvent: ['completed'], statusCallbackMethod: 'POST' };
}
