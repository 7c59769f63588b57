// <Dial><Conference>: join a named conference room.

import { boolean, integer, listOf, method, oneOf, readAttributes, token, url } from '../attributes.ts';
import { compact, expectText } from '../content.ts';
import type { ConferenceEvent, ConferenceNoun } from '../dial-types.ts';
import { elementError } from '../errors.ts';
import type { ElementSpec } from '../spec.ts';
import type { XmlElement } from '../xml-tree.ts';
import { RECORDING_EVENTS, trimRule } from './shared.ts';

/** Twilio's limit on a conference's name. */
export const MAX_CONFERENCE_NAME = 128;

const EVENTS: readonly ConferenceEvent[] = ['start', 'end', 'join', 'leave', 'mute', 'hold', 'modify', 'speaker', 'announcement'];
const REGIONS = ['us1', 'us2', 'ie1', 'sg1', 'br1', 'au1', 'jp1', 'de1'] as const;

const RULES = {
  muted: boolean(13230),
  beep: oneOf(13235, ['true', 'false', 'onEnter', 'onExit'] as const),
  startConferenceOnEnter: boolean(13232),
  endConferenceOnExit: boolean(13231),
  waitUrl: url(),
  waitMethod: method(13234),
  maxParticipants: integer(12200, 2, 250),
  record: oneOf(12200, ['do-not-record', 'record-from-start'] as const),
  trim: trimRule(13239),
  statusCallback: url(),
  statusCallbackEvent: listOf(12200, EVENTS),
  statusCallbackMethod: method(12200),
  recordingStatusCallback: url(),
  recordingStatusCallbackMethod: method(12200),
  recordingStatusCallbackEvent: listOf(13621, RECORDING_EVENTS),
  eventCallbackUrl: url(),
  participantLabel: token(12200, 128),
  coach: token(12200, 64),
  region: oneOf(12200, REGIONS),
  jitterBufferSize: oneOf(12200, ['large', 'medium', 'small', 'off'] as const),
};

export const conference: ElementSpec<ConferenceNoun> = {
  name: 'Conference',
  parse(el: XmlElement): ConferenceNoun {
    const a = readAttributes(el, RULES, { ignored: ['recordingConfigurationId'] });
    const name = expectText(el, 13215);
    if (name === '' || name.length > MAX_CONFERENCE_NAME || /[\u0000-\u001f\u007f]/.test(name)) {
      throw elementError(13237, el, `the conference name must be 1 to ${MAX_CONFERENCE_NAME} characters without control characters`);
    }
    return compact<ConferenceNoun>({
      noun: 'Conference',
      name,
      muted: a.muted ?? false,
      beep: a.beep ?? 'true',
      startConferenceOnEnter: a.startConferenceOnEnter ?? true,
      endConferenceOnExit: a.endConferenceOnExit ?? false,
      waitUrl: a.waitUrl,
      waitMethod: a.waitMethod ?? 'POST',
      maxParticipants: a.maxParticipants ?? 250,
      record: a.record ?? 'do-not-record',
      trim: a.trim ?? 'trim-silence',
      statusCallback: a.statusCallback || undefined,
      statusCallbackEvent: a.statusCallbackEvent ?? [],
      statusCallbackMethod: a.statusCallbackMethod ?? 'POST',
      recordingStatusCallback: a.recordingStatusCallback || undefined,
      recordingStatusCallbackMethod: a.recordingStatusCallbackMethod ?? 'POST',
      recordingStatusCallbackEvent: a.recordingStatusCallbackEvent ?? ['completed'],
      eventCallbackUrl: a.eventCallbackUrl || undefined,
      participantLabel: a.participantLabel,
      coach: a.coach,
      region: a.region,
      jitterBufferSize: a.jitterBufferSize,
    });
  },
};
