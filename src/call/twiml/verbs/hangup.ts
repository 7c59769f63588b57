// <Hangup>: end the call. Twilio allows <Parameter> children (passed on to the status callback).

import { readAttributes } from '../attributes.ts';
import { compact, expectElements } from '../content.ts';
import type { ElementSpec } from '../spec.ts';
import type { HangupVerb } from '../types.ts';
import type { XmlElement } from '../xml-tree.ts';
import { parametersOnly } from './shared.ts';

export const hangup: ElementSpec<HangupVerb> = {
  name: 'Hangup',
  parse(el: XmlElement): HangupVerb {
    readAttributes(el, {});
    return compact<HangupVerb>({ verb: 'Hangup', parameters: parametersOnly(el, expectElements(el)) });
  },
};
