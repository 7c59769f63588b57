// <Leave>: in an <Enqueue> waitUrl document, leave the queue and continue after the <Enqueue>.

import { readAttributes } from '../attributes.ts';
import { expectEmpty } from '../content.ts';
import type { ElementSpec } from '../spec.ts';
import type { LeaveVerb } from '../types.ts';
import type { XmlElement } from '../xml-tree.ts';

export const leave: ElementSpec<LeaveVerb> = {
  name: 'Leave',
  parse(el: XmlElement): LeaveVerb {
    readAttributes(el, {});
    expectEmpty(el);
    return { verb: 'Leave' };
  },
};
