/** Injectable wall clock, so tests can pin time. Milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** RFC 2822 as Twilio's 2010 API writes it: `Tue, 24 Nov 2026 04:27:17 +0000`. */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** ISO 8601 without milliseconds, as Twilio's v1 APIs write it. */
export function iso8601(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
