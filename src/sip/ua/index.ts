export { UserAgent } from './user-agent.ts';
export type { UserAgentOptions, Refusal, SignalEvent } from './user-agent.ts';
export { IncomingCall } from './incoming.ts';
export { OutgoingCall } from './outgoing.ts';
export type { OutgoingCallOptions } from './outgoing.ts';
export { SipCall } from './call.ts';
export type { CallEvents, EndReason } from './call.ts';
export { SourceRateLimiter } from './rate-limit.ts';
export { remoteOfUri } from './target.ts';
