import type { FastifyInstance } from 'fastify';
import { SwitchboardError } from '../core/index.ts';
import type { FormData } from './params.ts';

/** Parses `a=1&b=2&b=3` into `{a:'1', b:['2','3']}` (the SDK repeats keys for arrays). */
export function parseForm(text: string): FormData {
  const out: FormData = {};
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text);
  } catch {
    throw new SwitchboardError(90001, 'The request body is not valid application/x-www-form-urlencoded');
  }
  for (const [k, v] of params) {
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
