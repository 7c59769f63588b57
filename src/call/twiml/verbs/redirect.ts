// <Redirect>: fetch and run the document at the body URL.

import { isCleanUrl, method, readAttributes } from '../attributes.ts';
import { expectText } from '../content.ts';
import { elementError } from '../errors.ts';
import type { ElementSpec } from '../spec.ts';
import type { RedirectVerb } from '../types.ts';
import type { XmlElement } from '../xml-tree.ts';

const RULES = { method: method(13710) };

export const redirect: ElementSpec<RedirectVerb> = {
  name: 'Redirect',
  parse(el: XmlElement): RedirectVerb {
    const a = readAttributes(el, RULES);
    const url = expectText(el);
    if (url === '') throw elementError(11100, el, '<Redirect> needs a URL in its body');
    if (!isCleanUrl(url)) throw elementError(11100, el, `the URL ${JSON.stringify(url.slice(0, 80))} contains spaces or control characters`);
    return { verb: 'Redirect', url, method: a.method ?? 'POST' };
  },
};
