// What a verb gets to run with, and what it tells the interpreter next. A verb is one file
// `{ name, exec }` (ARCHITECTURE habit 5); it is killed through `ctx.signal` (a REST redirect, a
// hangup), after which it must settle promptly and leave nothing playing.

import type { MediaControl } from '../../media/host/index.ts';
import type { TwimlVerb } from '../twiml/index.ts';
import type { CallLeg, StatusCallback } from '../leg.ts';
import type { Dialer } from '../dialer.ts';
import type { RecordingsService } from '../recordings.ts';
import type { WebhookTarget } from '../webhook-target.ts';

export type VerbOutcome =
  | { next: 'continue' }
  /** Leave this document for another: an action URL or a Redirect. */
  | { next: 'fetch'; target: WebhookTarget; params?: Record<string, string> }
  | { next: 'hangup' }
  /** Refuse the (unanswered) call with a SIP status: 603 rejected, 486 busy. */
  | { next: 'reject'; status: 486 | 603 };

export interface VerbContext {
  readonly leg: CallLeg;
  readonly media: MediaControl;
  /** The document's own URL (relative URLs and default actions resolve against it). */
  readonly documentUrl: string | undefined;
  /** Aborted when the verb must stop: the call ended or was redirected. */
  readonly signal: AbortSignal;
  readonly dialer: Dialer;
  readonly recordings: RecordingsService;
  /** Answers an inbound call that is still ringing (verbs that need media call it first). */
  answer(): Promise<void>;
  /** The endpoint of the leg (after answer()). */
  endpoint(): string;
  /** Records a Notification for this call (a verb error or warning) and logs it. */
  notify(code: number, message: string): void;
  /** An action/url resolved against the document; undefined (and 11100 noted) when invalid. */
  target(raw: string | undefined, method: 'GET' | 'POST'): WebhookTarget | undefined;
  /** A new `outbound-dial` leg under this call (its Call record is created queued). */
  childLeg(o: { to: string; from: string; statusCallback?: StatusCallback }): Promise<CallLeg>;
  /** Waits ms, or less when the signal aborts. */
  sleep(ms: number): Promise<void>;
}

export interface VerbUnit<V extends TwimlVerb = TwimlVerb> {
  readonly name: V['verb'];
  exec(ctx: VerbContext, verb: V): Promise<VerbOutcome>;
}

export const CONTINUE: VerbOutcome = { next: 'continue' };
