// <Reject>: refuse the call without answering. Twilio allows <Parameter> children.

import { oneOf, readAttributes } from '../attributes.ts';
import { compact, expectElements } from '../content.ts';
import type { ElementSpec } from '../spec.ts';
import type { RejectVerb } from '../types.ts';
import type { XmlElement } from '../xml-tree.ts';
import { parametersOnly } from './shared.ts';

const RULES = { reason: oneOf(13810, ['rejected', 'busy'] as const) };

export const reject: ElementSpec<RejectVerb> = {
  name: 'Reject',
  parse(el: XmlElement): RejectVerb {
    const a = readAttributes(el, RULES);
    return compact<RejectVerb>({ verb: 'Reject', reason: a.reason ?? 'rejected', parameters: parametersOnly(el, expectElements(el)) });
  },
};
