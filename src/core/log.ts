import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Paths whose values must never reach a log line. Credentials are additionally kept out of
 * log calls by construction (we log SIDs, never tokens), this is the second fence.
 */
export const REDACTED_PATHS = [
  'auth_token', 'authToken', 'secret', 'password', 'token',
  '*.auth_token', '*.authToken', '*.secret', '*.password', '*.token',
  'req.headers.authorization', 'headers.authorization', 'request.headers.authorization',
];

export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  const base = {
    level: options.level,
    base: { pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(base, options.destination) : pino(base);
}
