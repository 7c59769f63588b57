import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Metrics } from '../core/index.ts';
import type { ApiDeps } from './context.ts';
import { defineRoutes } from './context.ts';
import { frameworkErrors, registerErrorHandling } from './errors.ts';
import { registerFormParser } from './form.ts';
import { resources } from './resources/index.ts';

export interface ApiOptions extends ApiDeps {
  metrics: Metrics;
}

/** Builds the REST server (not listening yet): Twilio's 2010 API, /healthz and /metrics. */
export function buildApi(options: ApiOptions): FastifyInstance {
  const { metrics, ...deps } = options;
  const app = Fastify({
    loggerInstance: deps.logger.child({ role: 'api' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    frameworkErrors,
  });
  registerFormParser(app);
  registerErrorHandling(app);

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const labels = { method: req.method, route, status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    req.log.debug({ method: req.method, route, status: reply.statusCode, ms: reply.elapsedTime }, 'request');
  });

  app.get('/healthz', async (_req, reply) => {
    try {
      await deps.store.ping();
      return { status: 'ok' };
    } catch (e) {
      deps.logger.error({ err: e }, 'health check: store not reachable');
      return reply.code(503).send({ status: 'unavailable', reason: 'store not reachable' });
    }
  });
  app.get('/metrics', async (_req, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  for (const routes of Object.values(resources)) defineRoutes(app, deps, routes);
  return app;
}
