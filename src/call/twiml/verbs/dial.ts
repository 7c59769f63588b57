// <Dial>: call out and bridge. The body is either nouns (Number, Sip, Client, Conference, Queue)
// or the bare text of one number.

import { boolean, INVALID, integer, listOf, method, oneOf, readAttributes, token, url, type AttrRule } from '../attributes.ts';
import { childElements, compact, hasOwnText, ownText } from '../content.ts';
import type { DialNoun } from '../dial-types.ts';
import { elementError } from '../errors.ts';
import type { ElementSpec } from '../spec.ts';
import type { DialRecord, DialVerb } from '../types.ts';
import type { XmlElement } from '../xml-tree.ts';
import { bareNumber } from './dial-number.ts';
import { DIAL_NOUNS } from './dial-nouns.ts';
import { RECORDING_EVENTS, trimRule } from './shared.ts';

const RECORD_MODES: readonly DialRecord[] = ['do-not-record', 'record-from-answer', 'record-from-ringing', 'record-from-answer-dual', 'record-from-ringing-dual'];

/** The record modes, plus Twilio's old aliases true (record-from-answer) and false (do-not-record). */
const record: AttrRule<DialRecord> = {
  code: 13217,
  expects: `one of ${RECORD_MODES.join(', ')}`,
  parse(raw) {
    const t = raw.trim().toLowerCase();
    if (t === 'true') return 'record-from-answer';
    if (t === 'false') return 'do-not-record';
    return RECORD_MODES.find((m) => m === t) ?? INVALID;
  },
};

export const RING_TONES = [
  'at', 'au', 'bg', 'br', 'be', 'ch', 'cl', 'cn', 'cz', 'de', 'dk', 'ee', 'es', 'fi', 'fr', 'gr', 'hu', 'il', 'in', 'it', 'lt',
  'jp', 'mx', 'my', 'nl', 'no', 'nz', 'ph', 'pl', 'pt', 'ru', 'se', 'sg', 'th', 'uk', 'us', 'us-old', 'tw', 've', 'za',
] as const;

const RULES = {
  action: url(),
  method: method(13210),
  timeout: integer(13212, 1, 600),
  callerId: token(13214, 128),
  record,
  recordingStatusCallback: url(),
  recordingStatusCallbackMethod: method(13210),
  recordingStatusCallbackEvent: listOf(13621, RECORDING_EVENTS),
  recordingTrack: oneOf(12200, ['both', 'inbound', 'outbound'] as const),
  trim: trimRule(12200),
  hangupOnStar: boolean(13213),
  timeLimit: integer(13216, 1, 86400),
  answerOnBridge: boolean(13219),
  ringTone: oneOf(13220, RING_TONES),
  sequential: boolean(13218),
  referUrl: url(),
  referMethod: method(13210),
};

function parseNouns(el: XmlElement): DialNoun[] {
  const children = childElements(el);
  if (children.length === 0) {
    const text = ownText(el).trim();
    if (text === '') throw elementError(13215, el, '<Dial> needs a number in its body or a nested noun');
    return [bareNumber(el, text)];
  }
  if (hasOwnText(el)) throw elementError(13215, el, '<Dial> takes either a number as text or nested nouns, not both');
  const nouns = children.map((child) => {
    const spec = DIAL_NOUNS.get(child.name);
    if (!spec) throw elementError(13215, child, `<${child.name}> cannot be nested in <Dial> (Number, Sip, Client, Conference, Queue)`);
    return spec.parse(child, { parent: 'Dial' });
  });
  const conference = nouns.findIndex((n) => n.noun === 'Conference');
  if (conference >= 0 && nouns.length > 1) {
    throw elementError(13000, children[conference] ?? el, '<Conference> must be the only noun in its <Dial>');
  }
  return nouns;
}

export const dial: ElementSpec<DialVerb> = {
  name: 'Dial',
  parse(el: XmlElement): DialVerb {
    const a = readAttributes(el, RULES, { ignored: ['events', 'passports', 'recordingConfigurationId'] });
    const nouns = parseNouns(el);
    return compact<DialVerb>({
      verb: 'Dial',
      action: a.action || undefined,
      method: a.method ?? 'POST',
      timeout: a.timeout ?? 30,
      callerId: a.callerId,
      record: a.record ?? 'do-not-record',
      recordingStatusCallback: a.recordingStatusCallback || undefined,
      recordingStatusCallbackMethod: a.recordingStatusCallbackMethod ?? 'POST',
      recordingStatusCallbackEvent: a.recordingStatusCallbackEvent ?? ['completed'],
      recordingTrack: a.recordingTrack,
      trim: a.trim ?? 'trim-silence',
      hangupOnStar: a.hangupOnStar ?? false,
      timeLimit: a.timeLimit ?? 14400,
      answerOnBridge: a.answerOnBridge ?? false,
      ringTone: a.ringTone,
      sequential: a.sequential ?? false,
      referUrl: a.referUrl || undefined,
      referMethod: a.referMethod ?? 'POST',
      nouns,
    });
  },
};
