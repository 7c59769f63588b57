import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SwitchboardError, isSwitchboardError } from '../core/index.ts';

const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? request.url;

/** The registry error for any failure; unexpected ones are logged and become 20500. */
function toSwitchboardError(error: FastifyError | SwitchboardError, request: FastifyRequest): SwitchboardError {
  if (isSwitchboardError(error)) return error;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new SwitchboardError(90001, 'The request body is larger than 1 MiB');
  // A path segment longer than any SID names nothing.
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return new SwitchboardError(20404, `The requested resource ${pathOf(request)} was not found`);
  if (error.code?.startsWith('FST_ERR_CTP_') || error.code === 'FST_ERR_BAD_URL' || (error.statusCode && error.statusCode < 500)) {
    return new SwitchboardError(90001, `Malformed request: ${error.message}`);
  }
  request.log.error({ err: error }, 'unhandled error in request');
  return new SwitchboardError(20500, `Internal error (request ${request.id}); the server log has details`);
}

function send(reply: FastifyReply, err: SwitchboardError): void {
  if (err.code === 20003) void reply.header('WWW-Authenticate', 'Basic realm="Twilio API"');
  void reply.code(err.httpStatus).type('application/json').send(err.toJSON());
}

/** Fastify's `frameworkErrors` option: failures before routing (bad URL encoding, over-long path segments). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  send(reply, toSwitchboardError(error, request));
}

/** Maps every failure to Twilio's legacy error JSON; nothing leaves as a bare 500 page. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | SwitchboardError, request, reply) => send(reply, toSwitchboardError(error, request)));
  app.setNotFoundHandler((request, reply) => send(reply, new SwitchboardError(20404, `The requested resource ${pathOf(request)} was not found`)));
}
