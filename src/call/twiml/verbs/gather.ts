// <Gather>: collect DTMF and/or speech while Say/Play/Pause prompts run.

import { boolean, exactly, integer, listOf, matching, method, readAttributes, text, url } from '../attributes.ts';
import { compact, expectElements } from '../content.ts';
import { elementError } from '../errors.ts';
import { specMap, type ElementSpec } from '../spec.ts';
import type { GatherPrompt, GatherVerb } from '../types.ts';
import type { XmlElement } from '../xml-tree.ts';
import { pause } from './pause.ts';
import { play } from './play.ts';
import { LANGUAGE, say } from './say.ts';

const RULES = {
  input: listOf(13326, ['dtmf', 'speech'] as const),
  action: url(),
  method: method(13312),
  timeout: integer(13313, 1, 600),
  finishOnKey: exactly(13310, /^[0-9#*]?$/, 'one of 0-9 # *, or empty for none'),
  numDigits: integer(13314, 1, 100),
  actionOnEmptyResult: boolean(13338),
  speechTimeout: matching(13327, /^(?:auto|\d{1,3})$/i, '"auto" or whole seconds'),
  maxSpeechTime: integer(13328, 1, 60),
  language: matching(13331, LANGUAGE, 'a language tag such as en-US'),
  hints: text(),
  partialResultCallback: url(),
  partialResultCallbackMethod: method(13329),
  profanityFilter: boolean(13333),
  speechModel: matching(13334, /^[A-Za-z0-9_.-]{1,64}$/, 'a speech model name'),
  enhanced: boolean(12200),
  bargeIn: boolean(13332),
};

const PROMPTS = specMap<GatherPrompt>([say, play, pause]);

export const gather: ElementSpec<GatherVerb> = {
  name: 'Gather',
  parse(el: XmlElement): GatherVerb {
    const a = readAttributes(el, RULES, { ignored: ['debug'] });
    const children = expectElements(el).map((child) => {
      const spec = PROMPTS.get(child.name);
      if (!spec) throw elementError(13320, child, `<${child.name}> cannot be nested in <Gather> (only Say, Play and Pause)`);
      return spec.parse(child, { parent: 'Gather' });
    });
    return compact<GatherVerb>({
      verb: 'Gather',
      input: a.input ?? ['dtmf'],
      action: a.action || undefined,
      method: a.method ?? 'POST',
      timeout: a.timeout ?? 5,
      finishOnKey: a.finishOnKey ?? '#',
      numDigits: a.numDigits,
      actionOnEmptyResult: a.actionOnEmptyResult ?? false,
      speechTimeout: a.speechTimeout?.toLowerCase(),
      maxSpeechTime: a.maxSpeechTime,
      language: a.language ?? 'en-US',
      hints: a.hints,
      partialResultCallback: a.partialResultCallback || undefined,
      partialResultCallbackMethod: a.partialResultCallbackMethod ?? 'POST',
      profanityFilter: a.profanityFilter ?? true,
      speechModel: a.speechModel,
      enhanced: a.enhanced ?? false,
      bargeIn: a.bargeIn ?? true,
      children,
    });
  },
};
