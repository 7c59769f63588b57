// A customer's app as the acceptance tests of test/call write it: express with the official twilio
// package, every route behind twilio.webhook() (the request's X-Twilio-Signature checked with the
// account's auth token; `checkOnly` paths are served either way), listening on a free loopback
// port and recording each request it serves.

import type { Server } from 'node:http';
import express from 'express';
import twilio from 'twilio';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
export type Params = Record<string, string>;

/** A TwiML document (a string is sent as is), or a bare status with an optional text body. */
export type Reply = string | VoiceResponse | { status: number; body?: string };
export type Route = (body: Params, req: express.Request) => Reply;

export interface Hit {
  path: string;
  /** When the request arrived (Date.now()). */
  at: number;
  body: Params;
  /** The signature is valid (always so on enforced routes: a bad one is refused before it is recorded). */
  signed: boolean;
}

export interface TwilioApp {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Every request served, in arrival order (a test may empty it with `hits.length = 0`). */
  hits: Hit[];
  hitsOf(path: string): Hit[];
  /** The first request to `path` that `pred` accepts, waiting up to `ms` for it. */
  waitHit(path: string, pred?: (h: Hit) => boolean, ms?: number): Promise<Hit>;
  close(): Promise<void>;
}

/** A route answering the document `build` writes into a fresh VoiceResponse. */
export function twiml(build: (r: VoiceResponse) => unknown): Route {
  return () => {
    const r = new twilio.twiml.VoiceResponse();
    build(r);
    return r;
  };
}

/**
 * Polls `probe` every 25 ms until it gives something other than undefined, null or false, and
 * returns that; throws `timed out waiting for <what>` (with `seen()` appended) after `ms`.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, ms = 5000, seen?: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${seen ? `; ${seen()}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Starts the app. `authToken` is the token signatures are checked with, or a function giving it
 * per request (for a platform started later, or one token per account). The paths in `checkOnly`
 * are served whatever their signature; their hits say whether it was valid.
 */
export async function startTwilioApp(
  authToken: string | ((body: Params) => string),
  routes: Record<string, Route>,
  options: { checkOnly?: readonly string[] } = {},
): Promise<TwilioApp> {
  const tokenFor = (req: express.Request) => (typeof authToken === 'string' ? authToken : authToken(req.body as Params));
  const hits: Hit[] = [];
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  for (const [path, route] of Object.entries(routes)) {
    const checkOnly = options.checkOnly?.includes(path) ?? false;
    const enforce: express.RequestHandler = (req, res, next) => (checkOnly ? next() : twilio.webhook(tokenFor(req))(req, res, next));
    app.post(path, enforce, (req, res) => {
      const body = { ...(req.body as Params) };
      const url = `${req.protocol}://${req.get('host')}${req.originalUrl}`;
      const signed = !checkOnly || twilio.validateRequest(tokenFor(req), req.get('X-Twilio-Signature') ?? '', url, body);
      hits.push({ path: req.path, at: Date.now(), body, signed });
      const reply = route(body, req);
      if (typeof reply === 'string') res.type('text/xml').send(reply);
      else if ('status' in reply) (reply.body === undefined ? res.status(reply.status).end() : res.status(reply.status).send(reply.body));
      else res.type('text/xml').send(reply.toString());
    });
  }
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const hitsOf = (path: string) => hits.filter((h) => h.path === path);
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    hits,
    hitsOf,
    waitHit: (path, pred = () => true, ms = 5000) =>
      waitFor(`a request to ${path}`, () => hits.find((h) => h.path === path && pred(h)), ms, () =>
        `app saw: ${hits.map((h) => `${h.path}(${h.body.CallStatus ?? ''})`).join(', ')}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
