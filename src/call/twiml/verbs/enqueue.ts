// <Enqueue>: put the caller in a named queue (or, with workflowSid, hand it to TaskRouter with
// an optional <Task> child whose body is the task's JSON attributes).

import { integer, method, readAttributes, token, url } from '../attributes.ts';
import { childElements, compact, expectText, ownText } from '../content.ts';
import { elementError } from '../errors.ts';
import type { ElementSpec } from '../spec.ts';
import type { EnqueueTask, EnqueueVerb } from '../types.ts';
import type { XmlElement } from '../xml-tree.ts';

/** Twilio's limit on a queue's friendly name. */
export const MAX_QUEUE_NAME = 64;

const RULES = {
  action: url(),
  method: method(12200),
  waitUrl: url(),
  waitUrlMethod: method(12200),
  maxQueueSize: integer(12200, 1, 5000),
  workflowSid: token(12200, 64),
};

const TASK_RULES = { priority: integer(12200, 0, 2_147_483_647), timeout: integer(12200, 1, 31_536_000) };

function parseTask(el: XmlElement): EnqueueTask {
  const a = readAttributes(el, TASK_RULES);
  const attributes = expectText(el);
  let parsed: unknown;
  try {
    parsed = JSON.parse(attributes);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw elementError(12200, el, 'the body of <Task> must be a JSON object (the task attributes)');
  }
  return compact<EnqueueTask>({ attributes, priority: a.priority, timeout: a.timeout });
}

export const enqueue: ElementSpec<EnqueueVerb> = {
  name: 'Enqueue',
  parse(el: XmlElement): EnqueueVerb {
    const a = readAttributes(el, RULES);
    const tasks = childElements(el).map((child) => {
      if (child.name !== 'Task') throw elementError(12200, child, `<${child.name}> cannot be nested in <Enqueue> (only Task)`);
      return child;
    });
    if (tasks.length > 1) throw elementError(12200, tasks[1] ?? el, '<Enqueue> takes at most one <Task>');
    const name = ownText(el).trim();
    if (name === '' && a.workflowSid === undefined) throw elementError(12200, el, '<Enqueue> needs a queue name in its body (or a workflowSid)');
    if (name.length > MAX_QUEUE_NAME || /[\u0000-\u001f\u007f]/.test(name)) {
      throw elementError(12200, el, `the queue name must be at most ${MAX_QUEUE_NAME} characters without control characters`);
    }
    const task = tasks[0];
    return compact<EnqueueVerb>({
      verb: 'Enqueue',
      name,
      action: a.action || undefined,
      method: a.method ?? 'POST',
      waitUrl: a.waitUrl,
      waitUrlMethod: a.waitUrlMethod ?? 'POST',
      maxQueueSize: a.maxQueueSize,
      workflowSid: a.workflowSid,
      task: task ? parseTask(task) : undefined,
    });
  },
};
