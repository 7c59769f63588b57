import type { FastifyInstance } from 'fastify';
import { SwitchboardError } from '../core/index.ts';
import type { FormData } from './params.ts';

/** Decodes one name or value; a malformed `%` escape or invalid UTF-8 throws (URLSearchParams would let it through). */
function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new SwitchboardError(90001, 'The request body is not valid application/x-www-form-urlencoded (bad percent-encoding)');
  }
}

/** Parses `a=1&b=2&b=3` into `{a:'1', b:['2','3']}` (the SDK repeats keys for arrays). */
export function parseForm(text: string): FormData {
  const out = Object.create(null) as FormData; // so `__proto__=…` is a plain (unknown) parameter
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const k = decode(eq < 0 ? pair : pair.slice(0, eq));
    const v = eq < 0 ? '' : decode(pair.slice(eq + 1));
    if (k === '') throw new SwitchboardError(90001, 'The request body has a parameter without a name');
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Only form bodies are accepted (as Twilio's 2010 API); anything else is a clear 400. */
export function registerFormParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.addContentTypeParser('*', (_req, _payload, done) => {
    done(new SwitchboardError(90001, 'Send parameters as application/x-www-form-urlencoded'), undefined);
  });
}
