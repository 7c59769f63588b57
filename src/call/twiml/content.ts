// What an element may contain: nothing, text only, or elements only. Comments are already gone;
// whitespace-only text counts as nothing. A breach is 12200 unless the caller names a code.

import { elementError, type TwimlCode } from './errors.ts';
import type { XmlElement } from './xml-tree.ts';

export function childElements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.kind === 'element');
}

/** The element's own text (not its descendants'), concatenated as written. */
export function ownText(el: XmlElement): string {
  let out = '';
  for (const c of el.children) if (c.kind === 'text') out += c.text;
  return out;
}

export function hasOwnText(el: XmlElement): boolean {
  return ownText(el).trim() !== '';
}

/** No text and no nested elements. */
export function expectEmpty(el: XmlElement, code: TwimlCode = 12200): void {
  const first = childElements(el)[0];
  if (first) throw elementError(code, first, `<${el.name}> takes no nested elements`);
  if (hasOwnText(el)) throw elementError(code, el, `<${el.name}> takes no text`);
}

/** Text only; returns it trimmed. */
export function expectText(el: XmlElement, code: TwimlCode = 12200): string {
  const first = childElements(el)[0];
  if (first) throw elementError(code, first, `<${el.name}> takes text only, not a nested <${first.name}>`);
  return ownText(el).trim();
}

/** Nested elements only (whitespace between them is fine); returns them. */
export function expectElements(el: XmlElement, code: TwimlCode = 12200): XmlElement[] {
  if (hasOwnText(el)) throw elementError(code, el, `<${el.name}> takes nested elements, not text`);
  return childElements(el);
}

/** Copies `value` without the keys whose value is undefined, so optional fields are absent. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}
