// The typed TwiML document. Every default is applied; optional fields are absent when the
// document did not give them. `verb` (and a Dial noun's `noun`) is the discriminant.

import type { HttpMethod } from './attributes.ts';
import type { DialNoun } from './dial-types.ts';

export type { HttpMethod };

export interface TwimlParameter {
  name: string;
  value: string;
}

export type RecordingEvent = 'in-progress' | 'completed' | 'absent';
export type TrimMode = 'trim-silence' | 'do-not-trim';

export interface SayVerb {
  verb: 'Say';
  /** Text content, SSML children included; runs of whitespace collapsed, a <break> is a space. */
  text: string;
  /** Default 'man'. */
  voice: string;
  /** Default 'en-US'. */
  language: string;
  /** Default 1; 0 means repeat (the executor caps it). */
  loop: number;
}

export interface PlayVerb {
  verb: 'Play';
  /** Default 1; 0 means repeat (the executor caps it). */
  loop: number;
  /** The body URL, raw (may be relative). Exactly one of url and digits is present. */
  url?: string;
  /** DTMF to send: 0-9 * # and w/W (pauses). */
  digits?: string;
}

export interface PauseVerb {
  verb: 'Pause';
  /** Seconds, default 1. */
  length: number;
}

export type GatherInput = 'dtmf' | 'speech';
export type GatherPrompt = SayVerb | PlayVerb | PauseVerb;

export interface GatherVerb {
  verb: 'Gather';
  input: GatherInput[];
  action?: string;
  method: HttpMethod;
  timeout: number;
  /** One of 0-9 # *, or '' (no finishing key). Default '#'. */
  finishOnKey: string;
  numDigits?: number;
  actionOnEmptyResult: boolean;
  /** 'auto' or whole seconds, as a string. */
  speechTimeout?: string;
  maxSpeechTime?: number;
  language: string;
  hints?: string;
  partialResultCallback?: string;
  partialResultCallbackMethod: HttpMethod;
  profanityFilter: boolean;
  speechModel?: string;
  enhanced: boolean;
  bargeIn: boolean;
  children: GatherPrompt[];
}

export interface RecordVerb {
  verb: 'Record';
  action?: string;
  method: HttpMethod;
  /** Seconds of silence that end the recording; 0 disables. Default 5. */
  timeout: number;
  /** Keys that end the recording; '' for none. Default '1234567890*#'. */
  finishOnKey: string;
  /** Seconds, default 3600. */
  maxLength: number;
  playBeep: boolean;
  trim: TrimMode;
  recordingStatusCallback?: string;
  recordingStatusCallbackMethod: HttpMethod;
  recordingStatusCallbackEvent: RecordingEvent[];
  transcribe: boolean;
  transcribeCallback?: string;
}

export interface HangupVerb {
  verb: 'Hangup';
  /** <Parameter> children, present only when given. */
  parameters?: TwimlParameter[];
}

export interface LeaveVerb {
  verb: 'Leave';
}

export interface RedirectVerb {
  verb: 'Redirect';
  /** Raw (may be relative). */
  url: string;
  method: HttpMethod;
}

export interface RejectVerb {
  verb: 'Reject';
  reason: 'rejected' | 'busy';
  /** <Parameter> children, present only when given. */
  parameters?: TwimlParameter[];
}

export type DialRecord = 'do-not-record' | 'record-from-answer' | 'record-from-ringing' | 'record-from-answer-dual' | 'record-from-ringing-dual';

export interface DialVerb {
  verb: 'Dial';
  action?: string;
  method: HttpMethod;
  /** Ring timeout in seconds, default 30. */
  timeout: number;
  callerId?: string;
  record: DialRecord;
  recordingStatusCallback?: string;
  recordingStatusCallbackMethod: HttpMethod;
  recordingStatusCallbackEvent: RecordingEvent[];
  recordingTrack?: 'both' | 'inbound' | 'outbound';
  trim: TrimMode;
  hangupOnStar: boolean;
  /** Seconds, default 14400. */
  timeLimit: number;
  answerOnBridge: boolean;
  ringTone?: string;
  sequential: boolean;
  referUrl?: string;
  referMethod: HttpMethod;
  nouns: DialNoun[];
}

export interface EnqueueTask {
  /** The JSON object written in <Task>, as text. */
  attributes: string;
  priority?: number;
  timeout?: number;
}

export interface EnqueueVerb {
  verb: 'Enqueue';
  /** Queue name; '' only when workflowSid routes the call through TaskRouter. */
  name: string;
  action?: string;
  method: HttpMethod;
  waitUrl?: string;
  waitUrlMethod: HttpMethod;
  maxQueueSize?: number;
  workflowSid?: string;
  task?: EnqueueTask;
}

/** A Twilio verb we recognise but do not run (Connect, Start, Pay …); its insides are not checked. */
export interface UnsupportedVerb {
  verb: 'Unsupported';
  name: string;
}

export type TwimlVerb =
  | SayVerb
  | PlayVerb
  | PauseVerb
  | GatherVerb
  | RecordVerb
  | HangupVerb
  | RedirectVerb
  | RejectVerb
  | DialVerb
  | EnqueueVerb
  | LeaveVerb
  | UnsupportedVerb;

export interface TwimlDocument {
  verbs: TwimlVerb[];
}
