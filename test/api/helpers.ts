import assert from 'node:assert/strict';
import twilio from 'twilio';
import { newSid } from '../../src/core/index.ts';
import type { CallRow, NotificationRow, RecordingRow, Store } from '../../src/store/index.ts';
import type { TestPlatform } from '../support/platform.ts';

/** A SID: two letters and 32 lowercase hex digits. */
export const sidRe = (prefix: string): RegExp => new RegExp(`^${prefix}[0-9a-f]{32}$`);

type RestException = InstanceType<typeof twilio.RestException>;

/** Awaits an SDK call that must fail, and checks it is the SDK's RestException with this HTTP status and code. */
export async function rejectsRest(promise: Promise<unknown>, status: number, code: number): Promise<RestException> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (e) {
    assert.ok(e instanceof twilio.RestException, `expected a RestException, got ${String(e)}`);
    assert.deepEqual({ status: e.status, code: e.code }, { status, code }, e.message);
    assert.equal(typeof e.message, 'string');
    assert.ok(e.message.length > 0);
    if (code < 90000) assert.equal(e.moreInfo, `https://www.twilio.com/docs/errors/${code}`);
    return e;
  }
  return assert.fail(`expected RestException ${status}/${code}, but the call returned ${JSON.stringify(outcome)}`);
}

/** The last raw JSON body the SDK client received (to check what the SDK does not surface). */
export function lastBody(client: twilio.Twilio): Record<string, unknown> {
  const body: unknown = client.httpClient?.lastResponse?.body;
  return (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>;
}

/** RFC 2822 dates carry whole seconds: what the SDK's Date must equal for a stored millisecond time. */
export const toSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

export function assertDate(value: unknown, storedMs: number): void {
  assert.ok(value instanceof Date, `expected a Date, got ${String(value)}`);
  assert.equal(value.getTime(), toSecond(storedMs));
}

let numberSeq = 0;
/** A fresh E.164 number for each call in this process. */
export function nextNumber(): string {
  numberSeq += 1;
  return `+1555${String(2000000 + numberSeq)}`;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown> | undefined;
}

export interface RawOptions {
  /** `user:pass`, or null for no Authorization header (default: the main account). */
  auth?: string | null;
  /** A literal Authorization header (wins over `auth`). */
  authorization?: string;
  body?: string | Buffer;
  contentType?: string;
}

/** A plain HTTP request, for what the SDK cannot produce (malformed bodies, unknown params, no auth). */
export async function raw(t: TestPlatform, method: string, path: string, options: RawOptions = {}): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? `${t.accountSid}:${t.authToken}` : options.auth;
  if (auth !== null) headers.authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  if (options.contentType) headers['content-type'] = options.contentType;
  const res = await fetch(`${t.url}${path}`, { method, headers, ...(options.body !== undefined ? { body: options.body } : {}) });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Twilio's legacy error JSON with this HTTP status and code, and never an RFC 9457 `type`+`title` pair. */
export function assertError(res: RawResponse, status: number, code: number): void {
  assert.equal(res.status, status, `HTTP status for ${res.text}`);
  assert.ok(res.json, `expected a JSON body, got ${res.text}`);
  assert.equal(res.json.code, code, res.text);
  assert.equal(res.json.status, status);
  assert.equal(typeof res.json.message, 'string');
  assert.equal(typeof res.json.more_info, 'string');
  assert.ok(!('type' in res.json && 'title' in res.json));
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
}

/** Every row of every table, for "nothing changed" checks. */
export async function snapshot(store: Store): Promise<Record<string, unknown[]>> {
  const all = { pageSize: 100_000 };
  return {
    accounts: (await store.accounts.list(all)).rows,
    keys: (await store.keys.list(all)).rows,
    applications: (await store.applications.list(all)).rows,
    numbers: (await store.numbers.list(all)).rows,
    calls: (await store.calls.list(all)).rows,
  };
}

/** A call record as the call router would store it (calls cannot be created over REST yet). */
export function callRow(accountSid: string, at: number, over: Partial<CallRow> = {}): CallRow {
  return {
    sid: newSid('CA'),
    account_sid: accountSid,
    parent_call_sid: null,
    to_address: '+15551110000',
    from_address: '+15552220000',
    phone_number_sid: null,
    status: 'completed',
    direction: 'outbound-api',
    start_time: at,
    end_time: at + 42_000,
    duration: 42,
    answered_by: null,
    forwarded_from: null,
    caller_name: null,
    queue_time: 0,
    trunk_sid: null,
    api_version: '2010-04-01',
    date_created: at,
    date_updated: at,
    ...over,
  };
}

/** A notification as the call router would log it (an 11200 webhook failure by default). */
export function notificationRow(accountSid: string, at: number, over: Partial<NotificationRow> = {}): NotificationRow {
  return {
    sid: newSid('NO'),
    account_sid: accountSid,
    call_sid: null,
    api_version: '2010-04-01',
    error_code: '11200',
    log: '0',
    message_date: at,
    message_text: 'Msg=HTTP+retrieval+failure&sourceComponent=12000&httpResponse=500&url=https%3A%2F%2Fapp.example.com%2Fvoice',
    more_info: 'https://www.twilio.com/docs/errors/11200',
    request_method: 'POST',
    request_url: 'https://app.example.com/voice',
    request_variables: 'CallSid=CA0&AccountSid=AC0&CallStatus=ringing',
    response_body: 'Internal Server Error',
    response_headers: '{"content-type":"text/plain"}',
    date_created: at,
    date_updated: at,
    ...over,
  };
}

/** A completed recording as the call router would store it; `media_key` null means no audio stored. */
export function recordingRow(accountSid: string, at: number, over: Partial<RecordingRow> = {}): RecordingRow {
  return {
    sid: newSid('RE'),
    account_sid: accountSid,
    call_sid: null,
    conference_sid: null,
    status: 'completed',
    source: 'RecordVerb',
    channels: 1,
    duration: 7,
    start_time: at - 7_000,
    error_code: null,
    media_key: null,
    date_created: at,
    date_updated: at,
    ...over,
  };
}
