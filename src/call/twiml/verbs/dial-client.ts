// <Dial><Client>: a registered client, named by the body text or an <Identity> child, with
// optional <Parameter> children passed to it.

import { readAttributes } from '../attributes.ts';
import { childElements, compact, expectText, ownText } from '../content.ts';
import type { ClientNoun } from '../dial-types.ts';
import { elementError } from '../errors.ts';
import type { ElementSpec } from '../spec.ts';
import type { TwimlParameter } from '../types.ts';
import type { XmlElement } from '../xml-tree.ts';
import { legFields, legRules } from './dial-leg.ts';
import { parseParameter } from './shared.ts';

const RULES = legRules(12200);
const IDENTITY = /^[^\s\u0000-\u001f\u007f]{1,256}$/u;

export const client: ElementSpec<ClientNoun> = {
  name: 'Client',
  parse(el: XmlElement): ClientNoun {
    const a = readAttributes(el, RULES);
    const parameters: TwimlParameter[] = [];
    const identities: string[] = [];
    for (const child of childElements(el)) {
      if (child.name === 'Parameter') parameters.push(parseParameter(child));
      else if (child.name === 'Identity') {
        readAttributes(child, {});
        identities.push(expectText(child));
      } else throw elementError(12200, child, `<${child.name}> cannot be nested in <Client> (only Identity and Parameter)`);
    }
    const text = ownText(el).trim();
    if (text !== '') identities.push(text);
    if (identities.length !== 1) throw elementError(12200, el, '<Client> needs exactly one identity: its text or one <Identity>');
    const identity = identities[0] ?? '';
    if (!IDENTITY.test(identity)) throw elementError(12200, el, `${JSON.stringify(identity.slice(0, 80))} is not a client identity (1 to 256 characters, no spaces)`);
    return compact<ClientNoun>({ noun: 'Client', identity, parameters, ...legFields(a) });
  },
};
