// From the body text to a small element tree with line numbers, using saxes (strict XML 1.0,
// namespaces off). Only well-formedness is judged here: 12100 for anything saxes rejects (and
// for a DOCTYPE, which TwiML never needs), 12101 for an XML declaration whose version is not 1.0.

import { SaxesParser } from 'saxes';
import { TwimlError } from './errors.ts';

export interface XmlText {
  readonly kind: 'text';
  readonly text: string;
  readonly line: number;
}

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlNode[];
  /** 1-based line of the start tag's name. */
  readonly line: number;
}

export type XmlNode = XmlElement | XmlText;

/** Deeper nesting is refused (no TwiML comes close; it keeps the validator's recursion bounded). */
export const MAX_DEPTH = 64;

interface OpenElement {
  name: string;
  attributes: Map<string, string>;
  children: XmlNode[];
  line: number;
}

/** Leading XML whitespace and a byte-order mark are skipped (apps often emit a newline first). */
const LEADING = /^[\uFEFF \t\r\n]*/;
const VERSION = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')/;

function countLines(text: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).length;
}

/** 1-based line of an index in `text`, for indexes asked in increasing order (linear overall). */
function lineCounter(text: string, first: number): (index: number) => number {
  let at = 0;
  let line = first;
  return (index) => {
    for (; at < index && at < text.length; at++) {
      const c = text.charCodeAt(at);
      if (c === 10 || (c === 13 && text.charCodeAt(at + 1) !== 10)) line++;
    }
    return line;
  };
}

function toElement(open: OpenElement): XmlElement {
  return { kind: 'element', name: open.name, attributes: open.attributes, children: open.children, line: open.line };
}

/** Parses a whole document and returns its root element; throws TwimlError (12100, 12101). */
export function parseXmlTree(body: string): XmlElement {
  const lead = LEADING.exec(body)?.[0] ?? '';
  const xml = body.slice(lead.length);
  const offset = countLines(lead);
  if (xml.length === 0) throw new TwimlError(12100, 'Document parse failure: the body is empty', { line: offset + 1 });
  const version = VERSION.exec(xml);
  if (version) {
    const v = version[1] ?? version[2] ?? '';
    if (v !== '1.0') throw new TwimlError(12101, `Invalid XML version ${JSON.stringify(v.slice(0, 20))}: TwiML must be XML 1.0`, { line: offset + 1 });
  }

  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;
  let startLine = 1;
  const lineAt = lineCounter(xml, offset + 1);
  const addText = (text: string) => {
    const top = stack[stack.length - 1];
    if (top) top.children.push({ kind: 'text', text, line: parser.line + offset });
  };
  parser.on('doctype', () => {
    throw new TwimlError(12100, `Document parse failure at line ${parser.line + offset}: a DOCTYPE is not allowed in TwiML`, { line: parser.line + offset });
  });
  parser.on('opentagstart', (tag) => {
    // saxes has read '<', the name and one character after it; the line is that of the '<'.
    startLine = lineAt(parser.position - tag.name.length - 2);
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= MAX_DEPTH) {
      throw new TwimlError(12200, `<${tag.name}> at line ${startLine}: elements nest deeper than ${MAX_DEPTH} levels`, { element: tag.name, line: startLine });
    }
    const open: OpenElement = { name: tag.name, attributes: new Map(Object.entries(tag.attributes)), children: [], line: startLine };
    stack[stack.length - 1]?.children.push(toElement(open));
    stack.push(open);
  });
  parser.on('closetag', () => {
    const open = stack.pop();
    if (open && stack.length === 0) root = toElement(open);
  });
  parser.on('text', addText);
  parser.on('cdata', addText);

  try {
    parser.write(xml).close();
  } catch (err) {
    if (err instanceof TwimlError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new TwimlError(12100, `Document parse failure: ${reason.replace(/^\d+:\d+: /, `line ${parser.line + offset}: `)}`, { line: parser.line + offset });
  }
  if (!root) throw new TwimlError(12100, 'Document parse failure: no root element', { line: offset + 1 });
  return root;
}
