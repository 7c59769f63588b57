// The unit every verb and noun file exports: a name and a parse function from an element to its
// typed value. parseTwiml and <Dial> look specs up by element name in a map.

import type { XmlElement } from './xml-tree.ts';

export interface ParseContext {
  /** The element this one sits in: 'Response', 'Gather', 'Dial' … */
  readonly parent: string;
}

export interface ElementSpec<T> {
  readonly name: string;
  parse(el: XmlElement, ctx: ParseContext): T;
}

/** A map from element name to spec, built from a list. */
export function specMap<T>(specs: readonly ElementSpec<T>[]): ReadonlyMap<string, ElementSpec<T>> {
  return new Map(specs.map((s) => [s.name, s]));
}
