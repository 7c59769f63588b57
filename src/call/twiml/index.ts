// The strict TwiML (voice) parser and validator: docs/twiml.md lists what is accepted.

export { parseTwiml } from './parse.ts';
export { TwimlError, isTwimlError, registryCode, UNREGISTERED_CODES } from './errors.ts';
export type { TwimlCode, UnregisteredCode, TwimlErrorSite } from './errors.ts';
export type {
  TwimlDocument,
  TwimlVerb,
  TwimlParameter,
  HttpMethod,
  RecordingEvent,
  TrimMode,
  SayVerb,
  PlayVerb,
  PauseVerb,
  GatherVerb,
  GatherInput,
  GatherPrompt,
  RecordVerb,
  HangupVerb,
  LeaveVerb,
  RedirectVerb,
  RejectVerb,
  DialVerb,
  DialRecord,
  EnqueueVerb,
  EnqueueTask,
  UnsupportedVerb,
} from './types.ts';
export type {
  DialNoun,
  NumberNoun,
  SipNoun,
  ClientNoun,
  ConferenceNoun,
  ConferenceEvent,
  QueueNoun,
  UnsupportedNoun,
  CallProgressEvent,
} from './dial-types.ts';
export { UNSUPPORTED_VERBS, UNSUPPORTED_NOUNS } from './verbs/index.ts';
