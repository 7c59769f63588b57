import { errorRegistry, moreInfoUrl, newSid } from '../core/index.ts';
import type { NotificationRow } from '../store/index.ts';
import { stripCredentials } from './webhook/outgoing.ts';

// A Notification (twilio-surface §2.8) for an error met while running a call: a failed webhook,
// a TwiML problem, a verb's bad attribute. `log` is '0' for an error, '1' for a warning, from the
// code's level in the registry (errors when it has none). Nothing secret goes in: the auth token
// is never part of the input, `user:pass@` is removed from the URL, and Authorization-like headers
// are dropped from the response headers.

export interface NotificationInput {
  readonly accountSid: string;
  readonly callSid?: string;
  readonly code: number;
  readonly message: string;
  readonly request?: { readonly method: string; readonly url: string; readonly params: Readonly<Record<string, string>> };
  readonly response?: { readonly status?: number; readonly body?: string; readonly headers?: Readonly<Record<string, string>> };
  /** Epoch ms: message_date, date_created and date_updated. */
  readonly now: number;
  /** Default a new NO… SID. */
  readonly sid?: string;
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-twilio-signature']);

export function buildNotification(input: NotificationInput): NotificationRow {
  const level = errorRegistry.get(input.code)?.level ?? 'error';
  const headers = input.response?.headers;
  const kept = headers ? Object.entries(headers).filter(([name]) => !SECRET_HEADERS.has(name.toLowerCase())) : undefined;
  return {
    sid: input.sid ?? newSid('NO'),
    date_created: input.now,
    date_updated: input.now,
    account_sid: input.accountSid,
    call_sid: input.callSid ?? null,
    api_version: '2010-04-01',
    error_code: String(input.code),
    log: level === 'warning' ? '1' : '0',
    message_date: input.now,
    message_text: input.message,
    more_info: moreInfoUrl(input.code),
    request_method: input.request?.method ?? null,
    request_url: input.request ? stripCredentials(input.request.url) : null,
    request_variables: input.request ? new URLSearchParams(input.request.params).toString() : null,
    response_body: input.response?.body ?? null,
    response_headers: kept ? JSON.stringify(Object.fromEntries(kept)) : null,
  };
}
