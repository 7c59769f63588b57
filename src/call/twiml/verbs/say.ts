// <Say>: text to speech. SSML children are allowed (nested in each other too). The text is what
// our engines speak: every SSML element boundary separates words (the SDK writes them with no
// space between), a <break> is a space, and runs of whitespace collapse to one space.

import { integer, matching, readAttributes } from '../attributes.ts';
import { elementError, type TwimlCode } from '../errors.ts';
import type { ElementSpec, ParseContext } from '../spec.ts';
import type { SayVerb } from '../types.ts';
import type { XmlElement } from '../xml-tree.ts';

/** Twilio's limit on the text of one <Say>. */
export const MAX_SAY_TEXT = 4096;

/** SSML elements and the attributes each may carry (as the SDK builder writes them). */
const SSML: ReadonlyMap<string, readonly string[]> = new Map([
  ['break', ['strength', 'time']],
  ['emphasis', ['level']],
  ['lang', ['xml:lang']],
  ['p', []],
  ['phoneme', ['alphabet', 'ph']],
  ['prosody', ['pitch', 'rate', 'volume']],
  ['s', []],
  ['say-as', ['interpret-as', 'format']],
  ['sub', ['alias']],
  ['w', ['role']],
]);

/** man, woman, alice (any case), or Provider.Name such as Polly.Joanna-Neural, Google.en-US-Standard-C. */
const VOICE = /^(?:man|woman|alice|[A-Za-z][A-Za-z0-9]*\.[\p{L}\p{N}._-]+)$/iu;
/** A BCP 47-like tag: en, en-US, cmn-Hans-CN, en-GB-WLS. */
export const LANGUAGE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

function rules(codes: { loop: TwimlCode; voice: TwimlCode }) {
  return {
    voice: matching(codes.voice, VOICE, 'man, woman, alice or a Provider.Voice name'),
    language: matching(12200, LANGUAGE, 'a language tag such as en-US'),
    loop: integer(codes.loop, 0, 1000),
  };
}

const TOP = rules({ loop: 13510, voice: 13511 });
/** Inside <Gather> Twilio has its own codes for Say's loop and voice. */
const IN_GATHER = rules({ loop: 13322, voice: 13321 });

function collect(el: XmlElement, out: string[]): void {
  for (const child of el.children) {
    if (child.kind === 'text') {
      out.push(child.text);
      continue;
    }
    const allowed = SSML.get(child.name);
    if (!allowed) throw elementError(12200, child, `<${child.name}> is not allowed in <Say> (SSML: ${[...SSML.keys()].join(', ')})`);
    for (const name of child.attributes.keys()) {
      if (!allowed.includes(name)) throw elementError(12200, child, `<${child.name}> has no attribute ${name}`, name);
    }
    out.push(' ');
    collect(child, out);
    out.push(' ');
  }
}

/** The spoken text of a <Say>: its text and its SSML children's, whitespace collapsed. */
export function sayText(el: XmlElement): string {
  const parts: string[] = [];
  collect(el, parts);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

export const say: ElementSpec<SayVerb> = {
  name: 'Say',
  parse(el: XmlElement, ctx: ParseContext): SayVerb {
    const a = readAttributes(el, ctx.parent === 'Gather' ? IN_GATHER : TOP);
    const text = sayText(el);
    if (text === '') throw elementError(13520, el, 'the text to say is empty');
    if (text.length > MAX_SAY_TEXT) throw elementError(13521, el, `the text is ${text.length} characters; at most ${MAX_SAY_TEXT}`);
    const voice = a.voice ?? 'man';
    return {
      verb: 'Say',
      text,
      voice: /^(?:man|woman|alice)$/i.test(voice) ? voice.toLowerCase() : voice,
      language: a.language ?? 'en-US',
      loop: a.loop ?? 1,
    };
  },
};
