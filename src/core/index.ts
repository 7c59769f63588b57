export { errorRegistry, errorDef, moreInfoUrl } from './error-codes.ts';
export type { ErrorDef, ErrorCode } from './error-codes.ts';
export { SwitchboardError, isSwitchboardError } from './errors.ts';
export { newSid, isSid, newSecret } from './ids.ts';
export type { SidPrefix } from './ids.ts';
export { systemClock, rfc2822, iso8601 } from './time.ts';
export type { Clock } from './time.ts';
export { createLogger, REDACTED_PATHS } from './log.ts';
export type { Logger } from './log.ts';
