import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { postgres, sqlite } from './engines.ts';
import { assertError, raw, snapshot, type RawOptions } from './helpers.ts';

// Bad input of every kind gets a documented code and HTTP status in Twilio's error JSON, never a
// 500, never a partial write, and the server keeps answering. Plain fetch: the SDK cannot send these.

interface Case {
  label: string;
  method: string;
  /** Path under /2010-04-01; `{A}` is replaced by `Accounts/<main account SID>`. */
  path: string;
  options?: RawOptions;
  status: number;
  code: number;
}

const FORM = 'application/x-www-form-urlencoded';
const form = (body: string | Buffer): RawOptions => ({ body, contentType: FORM });
const hex = (c: string) => c.repeat(32);
const APPS = '{A}/Applications.json';
const NUMBERS = '{A}/IncomingPhoneNumbers.json';
const CALLS = '{A}/Calls.json';
const bad = (status: number, code: number) => (label: string, method: string, path: string, options?: RawOptions): Case => ({ label, method, path, status, code, ...(options ? { options } : {}) });

const malformed = bad(400, 90001);
const malformedBodies: Case[] = [
  malformed('truncated percent escape', 'POST', APPS, form('FriendlyName=%E0%A4%A')),
  malformed('percent escape of invalid UTF-8', 'POST', APPS, form('FriendlyName=%FF')),
  malformed('lone percent sign', 'POST', APPS, form('FriendlyName=100%')),
  malformed('escape in a name', 'POST', APPS, form('Friendly%ZZName=x')),
  malformed('JSON body', 'POST', APPS, { body: '{"FriendlyName":"x"}', contentType: 'application/json' }),
  malformed('text/plain body', 'POST', APPS, { body: 'FriendlyName=x', contentType: 'text/plain' }),
  malformed('multipart body', 'POST', APPS, { body: '--x\r\n\r\n--x--', contentType: 'multipart/form-data; boundary=x' }),
  malformed('body without a content type', 'POST', APPS, { body: 'FriendlyName=x' }),
  malformed('body over 1 MiB', 'POST', APPS, form(`FriendlyName=${'x'.repeat(1024 * 1024 + 1)}`)),
  malformed('empty parameter name', 'POST', APPS, form('=x&FriendlyName=a')),
  malformed('only "="', 'POST', NUMBERS, form('=')),
  malformed('bad escape on update', 'POST', '{A}.json', form('FriendlyName=%G0')),
  malformed('bad percent-encoding in the path', 'GET', '{A}/Calls/%E0%A4%A.json'),
];

const unknown = bad(400, 20001);
const unknownParams: Case[] = [
  unknown('unknown create parameter', 'POST', APPS, form('FriendlyName=x&Foo=1')),
  unknown('camelCase instead of PascalCase', 'POST', APPS, form('friendlyName=x')),
  unknown('__proto__', 'POST', APPS, form('__proto__=x')),
  unknown('AreaCode (not supported)', 'POST', NUMBERS, form('AreaCode=555')),
  unknown('unknown account update parameter', 'POST', '{A}.json', form('AuthToken=x')),
  unknown('unknown key parameter', 'POST', '{A}/Keys.json', form('Secret=x')),
  unknown('unknown list filter', 'GET', `${APPS}?Foo=1`),
  unknown('Calls filter that does not exist', 'GET', `${CALLS}?Direction=inbound`),
  unknown('unknown Accounts filter', 'GET', 'Accounts.json?Type=Full'),
];

const value = bad(400, 90002);
const badValues: Case[] = [
  bad(400, 20002)('FriendlyName of 65 characters', 'POST', APPS, form(`FriendlyName=${'x'.repeat(65)}`)),
  bad(400, 20002)('subaccount FriendlyName of 65', 'POST', 'Accounts.json', form(`FriendlyName=${'x'.repeat(65)}`)),
  bad(400, 20002)('key FriendlyName of 65', 'POST', '{A}/Keys.json', form(`FriendlyName=${'x'.repeat(65)}`)),
  value('VoiceUrl over 2048 characters', 'POST', APPS, form(`VoiceUrl=https://x.example.com/${'a'.repeat(2048)}`)),
  value('TrunkSid over 34 characters', 'POST', NUMBERS, form(`PhoneNumber=%2B15557770001&TrunkSid=${'x'.repeat(35)}`)),
  value('To filter over 256 characters', 'GET', `${CALLS}?To=${'1'.repeat(257)}`),
  value('boolean "maybe"', 'POST', APPS, form('VoiceCallerIdLookup=maybe')),
  value('boolean "1"', 'POST', APPS, form('PublicApplicationConnectEnabled=1')),
  value('Beta=maybe', 'GET', `${NUMBERS}?Beta=maybe`),
  value('PageSize=0', 'GET', `${APPS}?PageSize=0`),
  value('PageSize=1001', 'GET', `${APPS}?PageSize=1001`),
  value('PageSize=abc', 'GET', `${APPS}?PageSize=abc`),
  value('PageSize=1.5', 'GET', `${CALLS}?PageSize=1.5`),
  value('PageSize=-1', 'GET', `${NUMBERS}?PageSize=-1`),
  value('empty PageSize', 'GET', `${NUMBERS}?PageSize=`),
  value('PageSize twice', 'GET', `${APPS}?PageSize=1&PageSize=2`),
  value('Page=-1', 'GET', `${APPS}?Page=-1`),
  value('Page=abc', 'GET', `Accounts.json?Page=abc`),
  value('forged PageToken', 'GET', `${CALLS}?PageToken=xyz`),
  value('FriendlyName twice', 'POST', APPS, form('FriendlyName=a&FriendlyName=b')),
  value('unknown account Status', 'POST', '{A}.json', form('Status=frozen')),
  value('unknown Accounts Status filter', 'GET', 'Accounts.json?Status=deleted'),
  value('unknown call Status filter', 'GET', `${CALLS}?Status=bogus`),
  value('ApiVersion not 2010-04-01/2008-08-01', 'POST', APPS, form('ApiVersion=2020-01-01')),
  value('VoiceReceiveMode=video', 'POST', NUMBERS, form('PhoneNumber=%2B15557770002&VoiceReceiveMode=video')),
  value('StartTime> not a date', 'GET', `${CALLS}?StartTime%3E=notadate`),
  value('StartTime month 13', 'GET', `${CALLS}?StartTime=2026-13-45`),
  value('ParentCallSid not a SID', 'GET', `${CALLS}?ParentCallSid=xyz`),
  value('NUL in a body value', 'POST', APPS, form('FriendlyName=a%00b')),
  value('NUL in a filter', 'GET', `${CALLS}?To=a%00b`),
  value('NUL in a subaccount name', 'POST', 'Accounts.json', form('FriendlyName=a%00b')),
  bad(400, 21205)('URL with another scheme', 'POST', APPS, form('VoiceUrl=javascript%3Aalert(1)')),
  bad(400, 21205)('relative URL', 'POST', APPS, form('StatusCallback=%2Fstatus')),
  bad(400, 21205)('URL without a host', 'POST', NUMBERS, form('PhoneNumber=%2B15557770003&VoiceFallbackUrl=http%3A%2F%2F')),
  bad(400, 21209)('method PUT', 'POST', APPS, form('VoiceMethod=PUT')),
  bad(400, 21209)('method empty', 'POST', NUMBERS, form('PhoneNumber=%2B15557770004&StatusCallbackMethod=')),
  bad(400, 21218)('VoiceApplicationSid not a SID', 'POST', NUMBERS, form('PhoneNumber=%2B15557770005&VoiceApplicationSid=AP1')),
];

const e164 = bad(400, 21421);
const nonE164: Case[] = [
  e164('no plus', 'POST', NUMBERS, form('PhoneNumber=15551234567')),
  e164('"+" decoded as a space', 'POST', NUMBERS, form('PhoneNumber=+15551234567')),
  e164('too short', 'POST', NUMBERS, form('PhoneNumber=%2B1555')),
  e164('16 digits', 'POST', NUMBERS, form('PhoneNumber=%2B1555123456789012')),
  e164('leading zero', 'POST', NUMBERS, form('PhoneNumber=%2B0155512345')),
  e164('letters', 'POST', NUMBERS, form('PhoneNumber=%2B1555CALLNOW')),
  e164('empty', 'POST', NUMBERS, form('PhoneNumber=')),
  e164('missing', 'POST', NUMBERS, form('FriendlyName=x')),
  e164('PhoneNumber filter', 'GET', `${NUMBERS}?PhoneNumber=abc`),
];

const missing = bad(404, 20404);
const badSids: Case[] = [
  missing('account SID too short', 'GET', 'Accounts/ACxyz/Calls.json'),
  missing('account SID too short (account)', 'GET', 'Accounts/ACxyz.json'),
  missing('account SID upper-case hex', 'GET', `Accounts/AC${hex('F')}.json`),
  missing('unknown account SID', 'GET', `Accounts/AC${hex('0')}/Applications.json`),
  missing('call SID malformed', 'GET', '{A}/Calls/CAxyz.json'),
  missing('application SID on the numbers path', 'GET', `{A}/IncomingPhoneNumbers/AP${hex('a')}.json`),
  missing('number SID on the applications path', 'POST', `{A}/Applications/PN${hex('a')}.json`, form('FriendlyName=x')),
  missing('key SID malformed, delete', 'DELETE', '{A}/Keys/SK-1.json'),
  missing('SID of 300 characters', 'GET', `{A}/Calls/CA${'a'.repeat(298)}.json`),
  missing('account segment of 300 characters', 'GET', `Accounts/${'A'.repeat(300)}/Calls.json`),
  missing('encoded path traversal', 'GET', '{A}/Calls/..%2F..%2F..%2FAccounts.json'),
  missing('encoded NUL in a SID', 'GET', '{A}/Calls/CA%00.json'),
  missing('unknown collection', 'GET', '{A}/Nope.json'),
  missing('collection without .json', 'GET', '{A}/Calls'),
  missing('unknown API version', 'GET', '../2008-08-01/Accounts.json'),
];

const method = bad(405, 20004);
const wrongMethods: Case[] = [
  method('PUT on a collection', 'PUT', APPS, form('FriendlyName=x')),
  method('PATCH on a collection', 'PATCH', NUMBERS, form('FriendlyName=x')),
  method('DELETE on a collection', 'DELETE', APPS),
  method('DELETE on an account', 'DELETE', '{A}.json'),
  method('PUT on an account', 'PUT', '{A}.json'),
  method('DELETE on Accounts.json', 'DELETE', 'Accounts.json'),
  method('PATCH on an application', 'PATCH', `{A}/Applications/AP${hex('0')}.json`),
  method('PUT on a call', 'PUT', `{A}/Calls/CA${hex('0')}.json`),
  method('OPTIONS on a collection', 'OPTIONS', CALLS),
];

const auth = bad(401, 20003);
const badAuth: Case[] = [
  auth('no Authorization header', 'GET', APPS, { auth: null }),
  auth('Bearer instead of Basic', 'GET', APPS, { authorization: 'Bearer abc' }),
  auth('Basic without a colon', 'GET', APPS, { auth: 'nocolon' }),
  auth('Basic with empty user and password', 'GET', APPS, { auth: ':' }),
  auth('Basic with garbage', 'GET', APPS, { authorization: 'Basic !!!' }),
  auth('unknown API key', 'GET', APPS, { auth: `SK${hex('0')}:secret` }),
  auth('neither AC nor SK', 'GET', APPS, { auth: `XX${hex('0')}:secret` }),
];

const groups: Record<string, Case[]> = {
  'malformed bodies and URLs → 90001': malformedBodies,
  'unknown parameters → 20001': unknownParams,
  'over-long values, wrong types, bad enums, bad URLs and methods → 20002/90002/21205/21209/21218': badValues,
  'non-E.164 numbers → 21421': nonE164,
  'bad SIDs and unknown paths → 20404': badSids,
  'wrong HTTP methods → 405 / 20004': wrongMethods,
  'bad credentials → 401 / 20003 with WWW-Authenticate': badAuth,
};

for (const engine of [sqlite, postgres]) {
  describe(`bad input (${engine.name})`, () => {
    let t: TestPlatform;
    let cleanup: () => Promise<void>;
    before(async () => {
      const opened = await engine.open();
      cleanup = opened.cleanup;
      t = await startTestPlatform(opened.storeUrl ? { storeUrl: opened.storeUrl } : {});
    });
    after(async () => {
      await t.close();
      await cleanup();
    });

    for (const [name, cases] of Object.entries(groups)) {
      test(name, async () => {
        const before = await snapshot(t.platform.store);
        for (const c of cases) {
          const path = `/2010-04-01/${c.path.replace('{A}', `Accounts/${t.accountSid}`)}`;
          const res = await raw(t, c.method, path, c.options);
          try {
            assertError(res, c.status, c.code);
          } catch (e) {
            throw new Error(`${c.label} (${c.method} ${path.slice(0, 120)}): ${(e as Error).message}`);
          }
          if (c.code === 20003) assert.equal(res.headers.get('www-authenticate'), 'Basic realm="Twilio API"', c.label);
        }
        assert.deepEqual(await snapshot(t.platform.store), before, 'no bad request wrote anything');
      });
    }

    test('bad updates of an existing number and application are rejected and change nothing', async () => {
      const c = t.client();
      const app = await c.applications.create({ friendlyName: 'bad-input app' });
      const n = await c.incomingPhoneNumbers.create({ phoneNumber: '+15557779999', voiceApplicationSid: app.sid });
      const before = await snapshot(t.platform.store);
      const numberPath = `/2010-04-01/Accounts/${t.accountSid}/IncomingPhoneNumbers/${n.sid}.json`;
      const appPath = `/2010-04-01/Accounts/${t.accountSid}/Applications/${app.sid}.json`;
      const cases: [string, string, number, number][] = [
        [numberPath, 'AccountSid=nope', 400, 90002],
        [numberPath, 'PhoneNumber=%2B15550000000', 400, 20001],
        [numberPath, 'VoiceUrl=ftp%3A%2F%2Fx', 400, 21205],
        [numberPath, 'VoiceApplicationSid=AP1', 400, 21218],
        [numberPath, `FriendlyName=${'x'.repeat(65)}`, 400, 20002],
        [numberPath, 'VoiceUrl=%ZZ', 400, 90001],
        [appPath, 'VoiceCallerIdLookup=yes', 400, 90002],
        [appPath, 'Sid=AP1', 400, 20001],
        [appPath, 'SmsMethod=HEAD', 400, 21209],
      ];
      for (const [path, body, status, code] of cases) assertError(await raw(t, 'POST', path, form(body)), status, code);
      assert.deepEqual(await snapshot(t.platform.store), before);
    });

    test('a valid request with the same parser still works (control)', async () => {
      const res = await raw(t, 'POST', `/2010-04-01/Accounts/${t.accountSid}/Applications.json`, {
        ...form('FriendlyName=caf%C3%A9+%F0%9F%98%80&VoiceUrl=https%3A%2F%2Fx.example.com%2Fv%3Fa%3D1%26b%3D2&&'),
        contentType: `${FORM}; charset=utf-8`,
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json?.friendly_name, 'café 😀');
      assert.equal(res.json?.voice_url, 'https://x.example.com/v?a=1&b=2');
    });

    test('the server still answers after all of it', async () => {
      const acct = await t.client().api.v2010.accounts(t.accountSid).fetch();
      assert.equal(acct.status, 'active');
      const health = await raw(t, 'GET', '/healthz', { auth: null });
      assert.equal(health.status, 200);
      assert.deepEqual(health.json, { status: 'ok' });
    });
  });
}
