// The TwiML interpreter of one call leg: fetch a document (signed, with the call's parameters),
// parse it strictly, run its verbs in order, follow actions and Redirects, and end the call when
// a document runs out (§4.1). Failures are Notifications; a failed fetch or invalid document goes
// to the fallback URL once (with ErrorCode/ErrorUrl), else the caller hears an error and the call
// ends (§4.4). A REST update redirects a running session: the current verb is killed and the
// new document runs.

import type { MediaControl } from '../media/host/index.ts';
import type { Dialer } from './dialer.ts';
import type { CallLeg, StatusCallback } from './leg.ts';
import type { RecordingsService } from './recordings.ts';
import { isTwimlError, parseTwiml, type TwimlDocument, type TwimlVerb } from './twiml/index.ts';
import { VERBS } from './verbs/index.ts';
import type { VerbContext, VerbOutcome } from './verbs/types.ts';
import { resolveUrl, type WebhookTarget } from './webhook-target.ts';

export type DocumentSource = { kind: 'url'; target: WebhookTarget; params?: Record<string, string> } | { kind: 'twiml'; xml: string };

export type TwimlFetchResult =
  | { ok: true; xml: string; url: string }
  | { ok: false; code: number; message: string; request: { method: string; url: string; params: Record<string, string> }; response?: { status?: number; body?: string; headers?: Record<string, string> } };

export interface SessionDeps {
  media: MediaControl;
  dialer: Dialer;
  recordings: RecordingsService;
  fetchTwiml(req: { url: string; method: 'GET' | 'POST'; params: Record<string, string>; authToken: string }): Promise<TwimlFetchResult>;
  /** Creates a child (`outbound-dial`) leg of `parent`. */
  childLeg(parent: CallLeg, o: { to: string; from: string; statusCallback?: StatusCallback }): Promise<CallLeg>;
  /** Stores a Notification for the call. */
  notify(leg: CallLeg, n: { code: number; message: string; request?: { method: string; url: string; params: Record<string, string> }; response?: { status?: number; body?: string; headers?: Record<string, string> } }): void;
}

export interface SessionHooks {
  /** Answers the leg if it is still ringing (inbound); creates its media. */
  answer(): Promise<void>;
  /** Refuses the unanswered leg. */
  reject(status: 486 | 603): void;
  /** Hangs the leg up. */
  hangup(): void;
}

const ERROR_PROMPT = 'An application error has occurred. Goodbye.';

export class TwimlSession {
  private current: AbortController | undefined;
  private pending: DocumentSource | undefined;
  private fallbackUsed = false;

  constructor(
    private readonly deps: SessionDeps,
    private readonly leg: CallLeg,
    private readonly hooks: SessionHooks,
    private readonly fallback: WebhookTarget | undefined,
  ) {
    leg.once('ended', () => this.current?.abort());
  }

  /** Runs documents until the call ends. */
  async run(start: DocumentSource): Promise<void> {
    let source: DocumentSource | undefined = start;
    while (source && !this.leg.ended) {
      const loaded = await this.load(source);
      if (this.pending) {
        source = this.take();
        continue;
      }
      if (!loaded) return;
      source = await this.execute(loaded.doc, loaded.url);
      if (this.pending) source = this.take();
    }
  }

  /** REST update: stop what runs and continue with `source`. */
  redirect(source: DocumentSource): void {
    this.pending = source;
    this.current?.abort();
  }

  private take(): DocumentSource | undefined {
    const s = this.pending;
    this.pending = undefined;
    return s;
  }

  /** Fetches and parses; on failure notes it and goes to the fallback, else plays the error prompt and hangs up. */
  private async load(source: DocumentSource): Promise<{ doc: TwimlDocument; url: string | undefined } | undefined> {
    let xml: string;
    let url: string | undefined;
    if (source.kind === 'twiml') {
      xml = source.xml;
    } else {
      const params = { ...this.leg.params(), ...source.params };
      const r = await this.deps.fetchTwiml({ ...source.target, params, authToken: this.leg.authToken });
      if (!r.ok) {
        this.deps.notify(this.leg, r);
        return this.failed(r.code, source.target.url, params);
      }
      xml = r.xml;
      url = r.url;
    }
    try {
      return { doc: parseTwiml(xml), url };
    } catch (e) {
      if (!isTwimlError(e)) throw e;
      this.deps.notify(this.leg, { code: e.code, message: e.message, ...(url ? { request: { method: source.kind === 'url' ? source.target.method : 'POST', url, params: this.leg.params() } } : {}) });
      return this.failed(e.code, url ?? '', source.kind === 'url' ? { ...this.leg.params(), ...source.params } : this.leg.params());
    }
  }

  private async failed(code: number, errorUrl: string, params: Record<string, string>): Promise<undefined> {
    if (this.fallback && !this.fallbackUsed) {
      this.fallbackUsed = true;
      this.pending = { kind: 'url', target: this.fallback, params: { ...params, ErrorCode: String(code), ErrorUrl: errorUrl } };
      return undefined;
    }
    if (!this.leg.ended) {
      await this.speakError();
      this.hooks.hangup();
    }
    return undefined;
  }

  private async speakError(): Promise<void> {
    try {
      await this.hooks.answer();
      const ep = this.leg.endpoint;
      if (ep) await this.deps.media.play(ep, [{ kind: 'say', text: ERROR_PROMPT }]);
    } catch (e) {
      this.leg.log.warn({ err: e }, 'could not play the error prompt');
    }
  }

  /** Runs a document's verbs; returns the next document, or undefined when the call is over. */
  private async execute(doc: TwimlDocument, url: string | undefined): Promise<DocumentSource | undefined> {
    for (const verb of doc.verbs) {
      if (this.leg.ended) return undefined;
      const controller = new AbortController();
      this.current = controller;
      let outcome: VerbOutcome;
      try {
        outcome = await this.runVerb(verb, url, controller.signal);
      } catch (e) {
        this.leg.log.error({ err: e, verb: verb.verb }, 'verb failed');
        this.deps.notify(this.leg, { code: 12400, message: `${verb.verb} failed: ${e instanceof Error ? e.message : String(e)}` });
        outcome = { next: 'hangup' };
      } finally {
        this.current = undefined;
      }
      if (this.pending) return undefined;
      if (outcome.next === 'continue') continue;
      if (outcome.next === 'fetch') {
        if (!this.leg.ended) return { kind: 'url', target: outcome.target, ...(outcome.params ? { params: outcome.params } : {}) };
        // The caller is gone: Twilio still requests the action, and ignores what it answers.
        void this.deps.fetchTwiml({ ...outcome.target, params: { ...this.leg.params(), ...outcome.params }, authToken: this.leg.authToken });
        return undefined;
      }
      if (outcome.next === 'reject') this.hooks.reject(outcome.status);
      else this.hooks.hangup();
      return undefined;
    }
    // Running past the end of a document hangs up.
    if (!this.leg.ended && !this.pending) this.hooks.hangup();
    return undefined;
  }

  private runVerb(verb: TwimlVerb, url: string | undefined, signal: AbortSignal): Promise<VerbOutcome> {
    const unit = VERBS.get(verb.verb);
    if (!unit) {
      this.deps.notify(this.leg, { code: 12200, message: `<${verb.verb === 'Unsupported' ? verb.name : verb.verb}> is not supported on this platform; skipped` });
      return Promise.resolve({ next: 'continue' });
    }
    return unit.exec(this.context(url, signal), verb);
  }

  private context(documentUrl: string | undefined, signal: AbortSignal): VerbContext {
    const { leg, deps, hooks } = this;
    return {
      leg,
      media: deps.media,
      documentUrl,
      signal,
      dialer: deps.dialer,
      recordings: deps.recordings,
      answer: () => hooks.answer(),
      endpoint: () => {
        if (!leg.endpoint) throw new Error('the call has no media endpoint');
        return leg.endpoint;
      },
      notify: (code, message) => deps.notify(leg, { code, message }),
      childLeg: (o) => deps.childLeg(leg, o),
      target: (raw, method) => {
        const resolved = raw === undefined ? undefined : resolveUrl(raw, documentUrl);
        if (resolved === undefined) {
          if (raw !== undefined) deps.notify(leg, { code: 11100, message: `${JSON.stringify(raw).slice(0, 200)} is not a valid URL` });
          return undefined;
        }
        return { url: resolved, method };
      },
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          if (signal.aborted) return resolve();
          const t = setTimeout(resolve, ms);
          signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
        }),
    };
  }
}
