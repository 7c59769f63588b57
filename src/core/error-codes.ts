// The one registry of error codes (ARCHITECTURE habit 4). Twilio numbers keep Twilio's meaning;
// Switchboard-only codes live in the 90000 range. docs/errors.md is generated from this table
// (`npm run docs`) and a test keeps the two in sync.

export interface ErrorDef {
  /** Stable numeric code (Twilio's where one exists). */
  readonly code: number;
  /** HTTP status when this error ends a REST request. */
  readonly httpStatus: number;
  /** Short title, as in Twilio's error dictionary. */
  readonly title: string;
  /** When it is raised, for docs/errors.md. */
  readonly when: string;
  /** 'twilio' when the number and meaning are Twilio's, 'switchboard' for our own. */
  readonly origin: 'twilio' | 'switchboard';
}

const defs = [
  { code: 20001, httpStatus: 400, title: 'Unknown parameters', when: 'A request carries a parameter the resource does not take.', origin: 'twilio' },
  { code: 20002, httpStatus: 400, title: 'Invalid FriendlyName', when: 'FriendlyName is longer than 64 characters.', origin: 'twilio' },
  { code: 20003, httpStatus: 401, title: 'Authentication Error', when: 'Missing or wrong credentials (HTTP Basic AccountSid:AuthToken or KeySid:Secret).', origin: 'twilio' },
  { code: 20004, httpStatus: 405, title: 'Method not allowed', when: 'The HTTP method is not supported on this resource.', origin: 'twilio' },
  { code: 20005, httpStatus: 403, title: 'Account not active', when: 'The authenticating account is suspended or closed.', origin: 'twilio' },
  { code: 20403, httpStatus: 403, title: 'Forbidden', when: 'A standard API key tried to manage Accounts or Keys, or the action is not allowed for these credentials.', origin: 'twilio' },
  { code: 20404, httpStatus: 404, title: 'Not Found', when: 'The resource does not exist or belongs to an account these credentials may not see.', origin: 'twilio' },
  { code: 20429, httpStatus: 429, title: 'Too Many Requests', when: 'A rate limit was exceeded.', origin: 'twilio' },
  { code: 20500, httpStatus: 500, title: 'Internal Server Error', when: 'An unexpected failure; the log has the details under the request id.', origin: 'twilio' },
  { code: 21201, httpStatus: 400, title: 'No Called number specified', when: 'Calls: To is missing.', origin: 'twilio' },
  { code: 21205, httpStatus: 400, title: 'Invalid URL', when: 'A URL parameter (VoiceUrl, StatusCallback, Url …) is not an absolute http(s) URL.', origin: 'twilio' },
  { code: 21209, httpStatus: 400, title: 'Invalid Method', when: 'A *Method parameter is not GET or POST.', origin: 'twilio' },
  { code: 21211, httpStatus: 400, title: "Invalid 'To' Phone Number", when: 'Calls: To is not a valid E.164 number, client: or sip: address.', origin: 'twilio' },
  { code: 21212, httpStatus: 400, title: 'Invalid From Number (caller ID)', when: 'Calls: From is not a valid number or address.', origin: 'twilio' },
  { code: 21218, httpStatus: 400, title: 'Invalid ApplicationSid', when: 'An ApplicationSid / VoiceApplicationSid does not name an application of the account.', origin: 'twilio' },
  { code: 21220, httpStatus: 400, title: 'Invalid call state', when: 'The call is not in a state that allows the requested operation.', origin: 'twilio' },
  { code: 21421, httpStatus: 400, title: 'PhoneNumber is invalid', when: 'IncomingPhoneNumbers: PhoneNumber is missing or not E.164 (+ and 8–15 digits).', origin: 'twilio' },
  { code: 21422, httpStatus: 400, title: 'PhoneNumber is unavailable', when: 'IncomingPhoneNumbers: the number is already claimed by an account.', origin: 'twilio' },
  { code: 90001, httpStatus: 400, title: 'Malformed request body', when: 'The body is not valid application/x-www-form-urlencoded (bad percent-encoding, a nameless parameter), is over 1 MiB, has another content type, or the URL path is badly encoded.', origin: 'switchboard' },
  { code: 90002, httpStatus: 400, title: 'Invalid parameter value', when: 'A parameter has the wrong type, an unknown enum value, a NUL character, or is too long; the message names it.', origin: 'switchboard' },
  { code: 90003, httpStatus: 400, title: 'Missing required parameter', when: 'A required parameter is absent; the message names it.', origin: 'switchboard' },
  { code: 90004, httpStatus: 400, title: 'Invalid account status change', when: 'Accounts: a closed account cannot be reopened, and an account cannot close or suspend itself while it is the main account.', origin: 'switchboard' },
] as const satisfies readonly ErrorDef[];

export type ErrorCode = (typeof defs)[number]['code'];

export const errorRegistry: ReadonlyMap<number, ErrorDef> = new Map(defs.map((d) => [d.code, d]));

export function errorDef(code: ErrorCode): ErrorDef {
  const def = errorRegistry.get(code);
  if (!def) throw new Error(`error code ${code} is not in the registry`);
  return def;
}

/** Twilio's page for Twilio codes; our own codes point at their entry in docs/errors.md. */
export function moreInfoUrl(code: number): string {
  return errorRegistry.get(code)?.origin === 'switchboard' ? `docs/errors.md#${code}` : `https://www.twilio.com/docs/errors/${code}`;
}
