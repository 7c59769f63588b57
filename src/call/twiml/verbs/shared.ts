// Rules several verbs share: trim, recording events, <Parameter> children.

import { INVALID, readAttributes, text, token, type AttrRule } from '../attributes.ts';
import { expectEmpty } from '../content.ts';
import { elementError, type TwimlCode } from '../errors.ts';
import type { RecordingEvent, TrimMode, TwimlParameter } from '../types.ts';
import type { XmlElement } from '../xml-tree.ts';

export const RECORDING_EVENTS: readonly RecordingEvent[] = ['in-progress', 'completed', 'absent'];

/** trim-silence or do-not-trim; 'true'/'false' are accepted as their old aliases. */
export function trimRule(code: TwimlCode): AttrRule<TrimMode> {
  const aliases: Record<string, TrimMode> = { 'trim-silence': 'trim-silence', 'do-not-trim': 'do-not-trim', true: 'trim-silence', false: 'do-not-trim' };
  return {
    code,
    expects: 'trim-silence or do-not-trim',
    parse: (raw) => aliases[raw.trim().toLowerCase()] ?? INVALID,
  };
}

const PARAMETER_RULES = { name: token(12200, 256), value: text() };

/** One <Parameter name="…" value="…"/>; name is required, value defaults to ''. */
export function parseParameter(el: XmlElement): TwimlParameter {
  const a = readAttributes(el, PARAMETER_RULES);
  expectEmpty(el);
  if (a.name === undefined) throw elementError(12200, el, '<Parameter> needs a name attribute');
  return { name: a.name, value: a.value ?? '' };
}

/** The <Parameter> children of a verb that takes nothing else (Hangup, Reject); undefined when none. */
export function parametersOnly(el: XmlElement, children: readonly XmlElement[]): TwimlParameter[] | undefined {
  const out = children.map((child) => {
    if (child.name !== 'Parameter') throw elementError(12200, child, `<${child.name}> cannot be nested in <${el.name}> (only Parameter)`);
    return parseParameter(child);
  });
  return out.length > 0 ? out : undefined;
}
