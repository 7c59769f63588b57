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
  /** For errors met while running a call: the Notification's level (Twilio's log_level). */
  readonly level?: 'error' | 'warning';
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
  { code: 21231, httpStatus: 400, title: 'Domain Validation Error', when: 'SIP Domains: DomainName is taken, malformed or too long, or another domain parameter is invalid; the message names it.', origin: 'twilio' },
  { code: 21240, httpStatus: 400, title: 'Credential List Validation Error', when: 'SIP CredentialLists and their mappings: a parameter is invalid or the mapping exists; the message names it.', origin: 'twilio' },
  { code: 21243, httpStatus: 400, title: 'Credential Validation Error', when: 'SIP Credentials: the username is taken or malformed, or the password is weak (at least 12 characters with an upper-case letter, a lower-case letter and a digit).', origin: 'twilio' },
  { code: 21421, httpStatus: 400, title: 'PhoneNumber is invalid', when: 'IncomingPhoneNumbers: PhoneNumber is missing or not E.164 (+ and 8–15 digits).', origin: 'twilio' },
  { code: 21422, httpStatus: 400, title: 'PhoneNumber is unavailable', when: 'IncomingPhoneNumbers: the number is already claimed by an account.', origin: 'twilio' },
  // Met while running a call (webhooks, TwiML, verbs): recorded as Notifications.
  { code: 11100, httpStatus: 400, title: 'Invalid URL format', when: 'A URL (a verb\'s action, a <Play> or <Redirect> body, a Url parameter) is not an absolute http(s) URL and cannot be resolved against the document\'s URL.', origin: 'twilio', level: 'error' },
  { code: 11200, httpStatus: 400, title: 'HTTP retrieval failure', when: 'Fetching a webhook failed: the app answered with a non-2xx status, or the request failed in a way no narrower 112xx code covers.', origin: 'twilio', level: 'error' },
  { code: 11201, httpStatus: 400, title: 'TCP connection timed out', when: 'The TCP connection to the app was not established within the connect timeout (#ct=, default 5 s).', origin: 'twilio', level: 'error' },
  { code: 11202, httpStatus: 400, title: 'TCP connection refused', when: 'The app\'s host refused the TCP connection.', origin: 'twilio', level: 'error' },
  { code: 11203, httpStatus: 400, title: 'HTTP communication total time out triggered', when: 'The app did not answer within the total time allowed (#tt=, default 15 s).', origin: 'twilio', level: 'error' },
  { code: 11205, httpStatus: 400, title: 'HTTP connection failure', when: 'The HTTP connection to the app failed (reset, closed early).', origin: 'twilio', level: 'error' },
  { code: 11206, httpStatus: 400, title: 'HTTP protocol violation', when: 'The app\'s answer was not valid HTTP.', origin: 'twilio', level: 'error' },
  { code: 11210, httpStatus: 400, title: 'HTTP bad host name', when: 'The webhook URL\'s host name does not resolve.', origin: 'twilio', level: 'error' },
  { code: 11215, httpStatus: 400, title: 'HTTP too many redirects', when: 'The app redirected more than 10 times.', origin: 'twilio', level: 'error' },
  { code: 11220, httpStatus: 400, title: 'SSL/TLS Handshake Error', when: 'The TLS handshake with the app failed.', origin: 'twilio', level: 'error' },
  { code: 11243, httpStatus: 400, title: 'HTTP retry policy is invalid', when: 'A connection-override fragment (#rp=…) names a retry policy that does not exist.', origin: 'twilio', level: 'error' },
  { code: 11750, httpStatus: 400, title: 'TwiML response body too large', when: 'The app\'s TwiML was over 64 KiB.', origin: 'twilio', level: 'error' },
  { code: 11770, httpStatus: 400, title: 'Empty response body', when: 'The app answered with an empty body where TwiML was expected.', origin: 'twilio', level: 'error' },
  { code: 12100, httpStatus: 400, title: 'Document parse failure', when: 'The app\'s answer is not well-formed XML (also 400 for an invalid inline Twiml parameter).', origin: 'twilio', level: 'error' },
  { code: 12101, httpStatus: 400, title: 'Invalid Twilio Markup XML version', when: 'The XML declaration names a version other than 1.0.', origin: 'twilio', level: 'error' },
  { code: 12102, httpStatus: 400, title: 'The root element must be Response', when: 'The document\'s root element is not <Response>.', origin: 'twilio', level: 'error' },
  { code: 12200, httpStatus: 400, title: 'Schema validation warning', when: 'The XML is well formed but not valid TwiML: an unknown verb or noun, an unknown attribute, text where none is allowed, or a verb nested where it may not be.', origin: 'twilio', level: 'warning' },
  { code: 12300, httpStatus: 400, title: 'Invalid Content-Type', when: 'The app answered with a Content-Type that is not XML (text/xml, application/xml) or audio for <Play>.', origin: 'twilio', level: 'error' },
  { code: 12400, httpStatus: 400, title: 'Internal Failure', when: 'An internal failure while running the call; the log has the details under the call SID.', origin: 'twilio', level: 'error' },
  { code: 13201, httpStatus: 400, title: 'Dial: Cannot Dial out from a Dial Call Segment', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'error' },
  { code: 13210, httpStatus: 400, title: 'Dial: Invalid method value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13212, httpStatus: 400, title: 'Dial: Invalid timeout value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13213, httpStatus: 400, title: 'Dial: Invalid hangupOnStar value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13214, httpStatus: 400, title: 'Dial: Invalid callerId value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13215, httpStatus: 400, title: 'Dial: Invalid nested element', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13216, httpStatus: 400, title: 'Invalid timeLimit value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13217, httpStatus: 400, title: 'Dial: Invalid record value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13219, httpStatus: 400, title: 'Dial: Invalid answerOnBridge value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13220, httpStatus: 400, title: 'Dial: Invalid ringTone value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13221, httpStatus: 400, title: 'Dial->Number: Invalid method value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13222, httpStatus: 400, title: 'Dial->Number: Invalid sendDigits value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13223, httpStatus: 400, title: 'Dial: Invalid phone number format', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13224, httpStatus: 400, title: 'Dial: Twilio does not support calling this number or the number is invalid', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13241, httpStatus: 400, title: 'Dial->SIP: Invalid method value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13242, httpStatus: 400, title: 'Dial->SIP: Invalid sendDigits value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13243, httpStatus: 400, title: 'Dial->SIP: Invalid SIP URI', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13244, httpStatus: 400, title: 'Dial: No SIP Authorization', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13247, httpStatus: 400, title: 'Dial: Invalid From number (caller ID)', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'error' },
  { code: 13249, httpStatus: 400, title: 'Dial: Invalid username or password attribute', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13310, httpStatus: 400, title: 'Gather: Invalid finishOnKey value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13312, httpStatus: 400, title: 'Gather: Invalid method value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13313, httpStatus: 400, title: 'Gather: Invalid timeout value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13314, httpStatus: 400, title: 'Gather: Invalid numDigits value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13320, httpStatus: 400, title: 'Gather: Invalid nested verb', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13321, httpStatus: 400, title: 'Gather->Say: Invalid voice value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13322, httpStatus: 400, title: 'Gather->Say: Invalid loop value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13326, httpStatus: 400, title: 'Gather: Invalid input value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13338, httpStatus: 400, title: 'Gather: Invalid actionOnEmptyResult value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'error' },
  { code: 13410, httpStatus: 400, title: 'Play: Invalid loop value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13420, httpStatus: 400, title: 'Play: Invalid Content-Type', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'error' },
  { code: 13430, httpStatus: 400, title: 'Play: Invalid DTMF String', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13510, httpStatus: 400, title: 'Say: Invalid loop value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13511, httpStatus: 400, title: 'Say: Invalid voice value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13520, httpStatus: 400, title: 'Say: Invalid text', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13610, httpStatus: 400, title: 'Record: Invalid method value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13611, httpStatus: 400, title: 'Record: Invalid timeout value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13612, httpStatus: 400, title: 'Record: Invalid maxLength value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13613, httpStatus: 400, title: 'Record: Invalid finishOnKey value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13614, httpStatus: 400, title: 'Record: Invalid transcribe value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13616, httpStatus: 400, title: 'Record: playBeep must be true or false', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13621, httpStatus: 400, title: 'Invalid \'recordingStatusCallbackEvent\'', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'error' },
  { code: 13699, httpStatus: 400, title: 'Record: Invalid trim value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13710, httpStatus: 400, title: 'Redirect: Invalid method value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13810, httpStatus: 400, title: 'Reject: Invalid cause', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13910, httpStatus: 400, title: 'Pause: Invalid length value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13000, httpStatus: 400, title: 'Conference Noun cannot be mixed with Number nouns', when: 'A <Dial> mixes <Conference> with other nouns, or holds two conferences.', origin: 'twilio', level: 'warning' },
  { code: 13218, httpStatus: 400, title: 'Dial: Invalid sequential value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13230, httpStatus: 400, title: 'Dial->Conference: Invalid muted value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13231, httpStatus: 400, title: 'Dial->Conference: Invalid endConferenceOnExit value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'error' },
  { code: 13232, httpStatus: 400, title: 'Dial->Conference: Invalid startConferenceOnEnter value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13234, httpStatus: 400, title: 'Dial->Conference: Invalid waitMethod', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13235, httpStatus: 400, title: 'Dial->Conference: Invalid beep value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13237, httpStatus: 400, title: 'Dial->Conference: Invalid Conference Name', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13239, httpStatus: 400, title: 'Dial->Conference: Invalid Trim Value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'error' },
  { code: 13327, httpStatus: 400, title: 'Gather: Invalid speechTimeout value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13328, httpStatus: 400, title: 'Gather: Invalid maxSpeechTime value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13329, httpStatus: 400, title: 'Gather: Invalid partialResultCallbackMethod value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13331, httpStatus: 400, title: 'Gather: Invalid language value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13332, httpStatus: 400, title: 'Gather: Invalid bargeIn value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13333, httpStatus: 400, title: 'Gather: Invalid profanityFilter value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13334, httpStatus: 400, title: 'Gather: Invalid model value', when: 'The TwiML validator or the verb found this value unusable; the Notification names the element, the attribute and the value.', origin: 'twilio', level: 'warning' },
  { code: 13521, httpStatus: 400, title: '`<Say>` element character limits exceeded', when: 'A <Say> text is longer than 4,096 characters.', origin: 'twilio', level: 'warning' },
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
