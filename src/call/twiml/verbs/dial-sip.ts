// <Dial><Sip>: a SIP URI. Headers go in the URI's query. A scheme-less user@host gets sip:.

import { readAttributes, text } from '../attributes.ts';
import { compact, expectText } from '../content.ts';
import type { SipNoun } from '../dial-types.ts';
import { elementError } from '../errors.ts';
import type { ElementSpec } from '../spec.ts';
import type { XmlElement } from '../xml-tree.ts';
import { AMD_ATTRIBUTES, legFields, legRules } from './dial-leg.ts';

const RULES = { ...legRules(13241), username: text(), password: text() };

/** sip:/sips: URIs as written; user@host gains sip:; anything else (another scheme, no host) is undefined. */
export function normalizeSipUri(raw: string): string | undefined {
  if (raw === '' || /[\s\u0000-\u001f\u007f]/.test(raw)) return undefined;
  const scheme = /^(sips?):(.+)$/i.exec(raw);
  if (scheme) return `${(scheme[1] ?? '').toLowerCase()}:${scheme[2] ?? ''}`;
  const at = raw.indexOf('@');
  if (at > 0 && !raw.slice(0, at).includes(':') && at < raw.length - 1) return `sip:${raw}`;
  return undefined;
}

export const sip: ElementSpec<SipNoun> = {
  name: 'Sip',
  parse(el: XmlElement): SipNoun {
    const a = readAttributes(el, RULES, { ignored: AMD_ATTRIBUTES });
    const body = expectText(el, 13215);
    const uri = normalizeSipUri(body);
    if (uri === undefined) throw elementError(13243, el, `${JSON.stringify(body.slice(0, 80))} is not a SIP URI (sip:user@host or sips:user@host)`);
    return compact<SipNoun>({ noun: 'Sip', uri, username: a.username, password: a.password, ...legFields(a) });
  },
};
