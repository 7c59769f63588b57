// <Dial><Queue>: bridge to the caller at the front of a queue.

import { method, readAttributes, token, url } from '../attributes.ts';
import { compact, expectText } from '../content.ts';
import type { QueueNoun } from '../dial-types.ts';
import { elementError } from '../errors.ts';
import type { ElementSpec } from '../spec.ts';
import type { XmlElement } from '../xml-tree.ts';
import { MAX_QUEUE_NAME } from './enqueue.ts';

const RULES = {
  url: url(),
  method: method(12200),
  reservationSid: token(12200, 64),
  postWorkActivitySid: token(12200, 64),
};

export const queue: ElementSpec<QueueNoun> = {
  name: 'Queue',
  parse(el: XmlElement): QueueNoun {
    const a = readAttributes(el, RULES);
    const name = expectText(el, 13215);
    if (name === '' || name.length > MAX_QUEUE_NAME || /[\u0000-\u001f\u007f]/.test(name)) {
      throw elementError(12200, el, `the queue name must be 1 to ${MAX_QUEUE_NAME} characters without control characters`);
    }
    return compact<QueueNoun>({
      noun: 'Queue',
      name,
      url: a.url || undefined,
      method: a.method ?? 'POST',
      reservationSid: a.reservationSid,
      postWorkActivitySid: a.postWorkActivitySid,
    });
  },
};
