// <Play>: an audio URL in the body, or DTMF in `digits` (exactly one of the two).

import { integer, isCleanUrl, matching, readAttributes } from '../attributes.ts';
import { expectText } from '../content.ts';
import { elementError } from '../errors.ts';
import type { ElementSpec } from '../spec.ts';
import type { PlayVerb } from '../types.ts';
import type { XmlElement } from '../xml-tree.ts';

/** DTMF digits: 0-9, * and #, w (half a second) and W (one second). */
export const DTMF = /^[0-9*#wW]+$/;

const RULES = {
  loop: integer(13410, 0, 1000),
  digits: matching(13430, DTMF, 'DTMF digits 0-9 * # and w/W pauses'),
};

export const play: ElementSpec<PlayVerb> = {
  name: 'Play',
  parse(el: XmlElement): PlayVerb {
    const a = readAttributes(el, RULES);
    const body = expectText(el);
    const loop = a.loop ?? 1;
    if (a.digits !== undefined) {
      if (body !== '') throw elementError(12200, el, '<Play> takes either a URL or digits, not both');
      return { verb: 'Play', loop, digits: a.digits };
    }
    if (body === '') throw elementError(11100, el, '<Play> needs a URL in its body (or a digits attribute)');
    if (!isCleanUrl(body)) throw elementError(11100, el, `the URL ${JSON.stringify(body.slice(0, 80))} contains spaces or control characters`);
    return { verb: 'Play', loop, url: body };
  },
};
