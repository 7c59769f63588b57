import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { SwitchboardError, type Clock, type Logger } from '../core/index.ts';
import type { CallRouter } from '../call/index.ts';
import type { RecordingStorage } from '../media/recorder/index.ts';
import type { AccountRow, Store } from '../store/index.ts';
import { accountInScope, authenticate, type Principal } from './auth.ts';
import type { FormData } from './params.ts';

export interface ApiDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Where recordings' audio lives (`RecordingRow.media_key` is the id in it). */
  recordings: RecordingStorage;
  /** The call router: places, redirects and ends calls (absent in API-only tests: Calls POST then answers 503). */
  calls?: CallRouter;
}

/** What a route handler gets: the authenticated caller, the request's parts, and its dependencies. */
export interface Ctx {
  deps: ApiDeps;
  principal: Principal;
  /** The request path without the query string (used in 20404 messages). */
  path: string;
  /** The API's base URL as this request reached it: scheme and Host header (`http://127.0.0.1:8080`). */
  baseUrl: string;
  params: Record<string, string>;
  query: FormData;
  body: FormData;
  /** The account named by `:AccountSid`, if the caller may act on it; else 20404. */
  account(): Promise<AccountRow>;
}

export interface Reply {
  status?: number;
  body?: unknown;
  /** Extra response headers (e.g. Content-Type of a media download). */
  headers?: Record<string, string>;
}

export type Handler = (ctx: Ctx) => Promise<Reply>;

export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  handler: Handler;
}

const ALL_METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Registers authenticated routes. Every path also answers the methods it does not support with
 * 405 / 20004, so a wrong verb is told apart from a wrong path.
 */
export function defineRoutes(app: FastifyInstance, deps: ApiDeps, routes: readonly RouteDef[]): void {
  const byPath = new Map<string, RouteDef[]>();
  for (const r of routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  for (const [path, defs] of byPath) {
    for (const def of defs) {
      app.route({
        method: def.method,
        url: path,
        handler: async (req: FastifyRequest, reply: FastifyReply) => {
          const principal = await authenticate(deps.store, req.headers.authorization);
          const params = req.params as Record<string, string>;
          const urlPath = req.url.split('?')[0] ?? req.url;
          let account: Promise<AccountRow> | undefined;
          const ctx: Ctx = {
            deps,
            principal,
            path: urlPath,
            baseUrl: `${req.protocol}://${req.host}`,
            params,
            query: req.query as FormData,
            body: (req.body as FormData | undefined) ?? {},
            account: () => (account ??= accountInScope(deps.store, principal, params.AccountSid ?? '', urlPath)),
          };
          const out = await def.handler(ctx);
          reply.code(out.status ?? 200);
          if (out.headers) void reply.headers(out.headers);
          return out.body === undefined ? reply.send() : reply.send(out.body);
        },
      });
    }
    const supported = defs.map((d) => d.method);
    const others = ALL_METHODS.filter((m) => !supported.includes(m as RouteDef['method']));
    app.route({
      method: others,
      url: path,
      handler: async (req) => {
        throw new SwitchboardError(20004, `Method ${req.method} not allowed on ${req.url.split('?')[0]}; use ${supported.join(' or ')}`);
      },
    });
  }
}
