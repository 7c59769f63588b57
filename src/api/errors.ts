import type { FastifyError, FastifyInstance } from 'fastify';
import { SwitchboardError, isSwitchboardError } from '../core/index.ts';

/** Maps every failure to Twilio's legacy error JSON; nothing leaves as a bare 500 page. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | SwitchboardError, request, reply) => {
    let err: SwitchboardError;
    if (isSwitchboardError(error)) {
      err = error;
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      err = new SwitchboardError(90001, 'The request body is larger than 1 MiB');
    } else if (error.code?.startsWith('FST_ERR_CTP_') || error.code === 'FST_ERR_BAD_URL' || (error.statusCode && error.statusCode < 500)) {
      err = new SwitchboardError(90001, `Malformed request: ${error.message}`);
    } else {
      request.log.error({ err: error }, 'unhandled error in request');
      err = new SwitchboardError(20500, `Internal error (request ${request.id}); the server log has details`);
    }
    if (err.code === 20003) void reply.header('WWW-Authenticate', 'Basic realm="Twilio API"');
    void reply.code(err.httpStatus).type('application/json').send(err.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const err = new SwitchboardError(20404, `The requested resource ${path} was not found`);
    void reply.code(404).type('application/json').send(err.toJSON());
  });
}
