// <Pause>: silence for `length` seconds.

import { integer, readAttributes } from '../attributes.ts';
import { expectEmpty } from '../content.ts';
import type { ElementSpec } from '../spec.ts';
import type { PauseVerb } from '../types.ts';
import type { XmlElement } from '../xml-tree.ts';

const RULES = { length: integer(13910, 0, 600) };

export const pause: ElementSpec<PauseVerb> = {
  name: 'Pause',
  parse(el: XmlElement): PauseVerb {
    const a = readAttributes(el, RULES);
    expectEmpty(el);
    return { verb: 'Pause', length: a.length ?? 1 };
  },
};
