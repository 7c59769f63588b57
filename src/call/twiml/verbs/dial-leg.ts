// What the leg nouns of <Dial> (Number, Sip, Client) share: a whisper URL, its method, and
// per-leg status callbacks.

import { listOf, method, url, type AttrValues } from '../attributes.ts';
import type { TwimlCode } from '../errors.ts';
import type { CallProgressEvent } from '../dial-types.ts';
import type { HttpMethod } from '../types.ts';

export const CALL_PROGRESS_EVENTS: readonly CallProgressEvent[] = ['initiated', 'ringing', 'answered', 'completed'];

/** Answering-machine detection attributes: accepted and ignored (AMD is not implemented). */
export const AMD_ATTRIBUTES = [
  'machineDetection',
  'machineDetectionTimeout',
  'machineDetectionSpeechThreshold',
  'machineDetectionSpeechEndThreshold',
  'machineDetectionSilenceTimeout',
  'amdStatusCallback',
  'amdStatusCallbackMethod',
] as const;

export function legRules(methodCode: TwimlCode) {
  return {
    url: url(),
    method: method(methodCode),
    statusCallback: url(),
    statusCallbackEvent: listOf(12200, CALL_PROGRESS_EVENTS),
    statusCallbackMethod: method(methodCode),
  };
}

export interface LegFields {
  url?: string;
  method: HttpMethod;
  statusCallback?: string;
  statusCallbackEvent: CallProgressEvent[];
  statusCallbackMethod: HttpMethod;
}

/** The shared fields with defaults applied (empty URLs count as absent). */
export function legFields(a: AttrValues<ReturnType<typeof legRules>>): LegFields {
  return {
    url: a.url || undefined,
    method: a.method ?? 'POST',
    statusCallback: a.statusCallback || undefined,
    statusCallbackEvent: a.statusCallbackEvent ?? ['completed'],
    statusCallbackMethod: a.statusCallbackMethod ?? 'POST',
  };
}
