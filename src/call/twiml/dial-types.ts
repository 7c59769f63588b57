// The nouns a <Dial> may hold.

import type { HttpMethod } from './attributes.ts';
import type { RecordingEvent, TrimMode, TwimlParameter } from './types.ts';

export type CallProgressEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

interface LegCallbacks {
  /** TwiML run on the called party before bridging (raw URL). */
  url?: string;
  method: HttpMethod;
  statusCallback?: string;
  /** Default ['completed']. */
  statusCallbackEvent: CallProgressEvent[];
  statusCallbackMethod: HttpMethod;
}

export interface NumberNoun extends LegCallbacks {
  noun: 'Number';
  /** Digits with an optional leading +; spaces, dashes, dots and parentheses removed. */
  number: string;
  sendDigits?: string;
}

export interface SipNoun extends LegCallbacks {
  noun: 'Sip';
  /** Starts with sip: or sips: (a scheme-less user@host gets sip: prepended). */
  uri: string;
  username?: string;
  password?: string;
}

export interface ClientNoun extends LegCallbacks {
  noun: 'Client';
  identity: string;
  parameters: TwimlParameter[];
}

export type ConferenceEvent = 'start' | 'end' | 'join' | 'leave' | 'mute' | 'hold' | 'modify' | 'speaker' | 'announcement';

export interface ConferenceNoun {
  noun: 'Conference';
  name: string;
  muted: boolean;
  beep: 'true' | 'false' | 'onEnter' | 'onExit';
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  /** '' means silence while waiting; absent means the default hold music. */
  waitUrl?: string;
  waitMethod: HttpMethod;
  maxParticipants: number;
  record: 'do-not-record' | 'record-from-start';
  trim: TrimMode;
  statusCallback?: string;
  statusCallbackEvent: ConferenceEvent[];
  statusCallbackMethod: HttpMethod;
  recordingStatusCallback?: string;
  recordingStatusCallbackMethod: HttpMethod;
  recordingStatusCallbackEvent: RecordingEvent[];
  eventCallbackUrl?: string;
  participantLabel?: string;
  coach?: string;
  region?: string;
  jitterBufferSize?: 'large' | 'medium' | 'small' | 'off';
}

export interface QueueNoun {
  noun: 'Queue';
  name: string;
  url?: string;
  method: HttpMethod;
  reservationSid?: string;
  postWorkActivitySid?: string;
}

/** A Twilio noun we recognise but do not dial (Application, Sim, WhatsApp); insides not checked. */
export interface UnsupportedNoun {
  noun: 'Unsupported';
  name: string;
}

export type DialNoun = NumberNoun | SipNoun | ClientNoun | ConferenceNoun | QueueNoun | UnsupportedNoun;
