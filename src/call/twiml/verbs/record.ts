// <Record>: record the caller, then fetch `action` with the recording.

import { boolean, exactly, integer, listOf, method, oneOf, readAttributes, url } from '../attributes.ts';
import { compact, expectEmpty } from '../content.ts';
import type { ElementSpec } from '../spec.ts';
import type { RecordVerb } from '../types.ts';
import type { XmlElement } from '../xml-tree.ts';
import { RECORDING_EVENTS, trimRule } from './shared.ts';

const RULES = {
  action: url(),
  method: method(13610),
  timeout: integer(13611, 0, 3600),
  finishOnKey: exactly(13613, /^[0-9*#]*$/, 'any of 0-9 * #, or empty for none'),
  maxLength: integer(13612, 1, 86400),
  playBeep: boolean(13616),
  trim: trimRule(13699),
  recordingStatusCallback: url(),
  recordingStatusCallbackMethod: method(13610),
  recordingStatusCallbackEvent: listOf(13621, RECORDING_EVENTS),
  transcribe: boolean(13614),
  transcribeCallback: url(),
};

export const record: ElementSpec<RecordVerb> = {
  name: 'Record',
  parse(el: XmlElement): RecordVerb {
    const a = readAttributes(el, RULES, { ignored: ['recordingConfigurationId'] });
    expectEmpty(el);
    return compact<RecordVerb>({
      verb: 'Record',
      action: a.action || undefined,
      method: a.method ?? 'POST',
      timeout: a.timeout ?? 5,
      finishOnKey: a.finishOnKey ?? '1234567890*#',
      maxLength: a.maxLength ?? 3600,
      playBeep: a.playBeep ?? true,
      trim: a.trim ?? 'trim-silence',
      recordingStatusCallback: a.recordingStatusCallback || undefined,
      recordingStatusCallbackMethod: a.recordingStatusCallbackMethod ?? 'POST',
      recordingStatusCallbackEvent: a.recordingStatusCallbackEvent ?? ['completed'],
      transcribe: a.transcribe ?? false,
      transcribeCallback: a.transcribeCallback || undefined,
    });
  },
};
