import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSid } from '../core/index.ts';
import { buildNotification } from './notifications.ts';

const accountSid = 'AC' + '1'.repeat(32);
const callSid = 'CA' + '2'.repeat(32);
const now = Date.UTC(2026, 0, 2, 3, 4, 5);

test('a failed webhook becomes an error Notification with the request and response', () => {
  const row = buildNotification({
    accountSid,
    callSid,
    code: 11200,
    message: 'the app answered HTTP 500 Internal Server Error',
    request: { method: 'POST', url: 'https://app.example.org/voice?x=1', params: { CallSid: callSid, From: '+1 555', Caller: 'a&b=c' } },
    response: { status: 500, body: 'stack trace', headers: { 'content-type': 'text/plain', 'x-req': '7' } },
    now,
  });
  assert.ok(isSid(row.sid, 'NO'), row.sid);
  assert.deepEqual({ ...row, sid: 'NO' }, {
    sid: 'NO',
    date_created: now,
    date_updated: now,
    account_sid: accountSid,
    call_sid: callSid,
    api_version: '2010-04-01',
    error_code: '11200',
    log: '0',
    message_date: now,
    message_text: 'the app answered HTTP 500 Internal Server Error',
    more_info: 'https://www.twilio.com/docs/errors/11200',
    request_method: 'POST',
    request_url: 'https://app.example.org/voice?x=1',
    request_variables: `CallSid=${callSid}&From=%2B1+555&Caller=a%26b%3Dc`,
    response_body: 'stack trace',
    response_headers: '{"content-type":"text/plain","x-req":"7"}',
  });
  assert.deepEqual(Object.fromEntries(new URLSearchParams(row.request_variables ?? '')), { CallSid: callSid, From: '+1 555', Caller: 'a&b=c' });
});

test('warnings are log 1; codes without a level are errors; the given SID is kept', () => {
  assert.equal(buildNotification({ accountSid, code: 12200, message: 'unknown verb <Sya>', now }).log, '1');
  assert.equal(buildNotification({ accountSid, code: 13520, message: 'empty Say', now }).log, '1');
  assert.equal(buildNotification({ accountSid, code: 12100, message: 'bad XML', now }).log, '0');
  const unknown = buildNotification({ accountSid, code: 99999, message: '?', now, sid: 'NO' + 'f'.repeat(32) });
  assert.equal(unknown.log, '0');
  assert.equal(unknown.sid, 'NO' + 'f'.repeat(32));
  assert.equal(unknown.more_info, 'https://www.twilio.com/docs/errors/99999');
});

test('without a request or response the columns are null', () => {
  const row = buildNotification({ accountSid, code: 12400, message: 'internal', now });
  assert.equal(row.call_sid, null);
  for (const key of ['request_method', 'request_url', 'request_variables', 'response_body', 'response_headers'] as const) {
    assert.equal(row[key], null, key);
  }
});

test('no secrets: URL credentials and authorization-like headers are removed', () => {
  const row = buildNotification({
    accountSid,
    code: 11200,
    message: 'HTTP 401',
    request: { method: 'GET', url: 'https://user:s3cret@app.example.org/v#rc=2', params: {} },
    response: { status: 401, headers: { Authorization: 'Basic xyz', 'proxy-authorization': 'p', 'X-Twilio-Signature': 'sig', 'www-authenticate': 'Basic' } },
    now,
  });
  assert.equal(row.request_url, 'https://app.example.org/v#rc=2');
  assert.deepEqual(JSON.parse(row.response_headers ?? ''), { 'www-authenticate': 'Basic' });
  assert.ok(!JSON.stringify(row).includes('s3cret'));
  assert.ok(!JSON.stringify(row).includes('xyz'));
});
