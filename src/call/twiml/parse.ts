// parseTwiml: body text → typed document, or a thrown TwimlError with the most specific code.

import { expectElements } from './content.ts';
import { elementError, TwimlError } from './errors.ts';
import type { TwimlDocument } from './types.ts';
import { VERBS } from './verbs/index.ts';
import { parseXmlTree, type XmlElement } from './xml-tree.ts';

/** Old TwiML carried the API version on <Response>; anything else there is invalid (12101). */
const RESPONSE_VERSIONS = ['2008-08-01', '2010-04-01'];

function checkResponse(root: XmlElement): void {
  for (const [name, value] of root.attributes) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    if (name === 'version') {
      if (!RESPONSE_VERSIONS.includes(value.trim())) throw elementError(12101, root, `version must be one of ${RESPONSE_VERSIONS.join(', ')}`, name);
      continue;
    }
    throw elementError(12200, root, `<Response> has no attribute ${name}`, name);
  }
}

export function parseTwiml(xml: string): TwimlDocument {
  if (typeof xml !== 'string') throw new TwimlError(12100, 'Document parse failure: the body is not text');
  const root = parseXmlTree(xml);
  if (root.name !== 'Response') {
    throw new TwimlError(12102, `The root element must be <Response>, not <${root.name}> (line ${root.line})`, { element: root.name, line: root.line });
  }
  checkResponse(root);
  const verbs = expectElements(root).map((el) => {
    const spec = VERBS.get(el.name);
    if (!spec) throw elementError(12200, el, `<${el.name}> is not a TwiML verb`);
    return spec.parse(el, { parent: 'Response' });
  });
  return { verbs };
}
