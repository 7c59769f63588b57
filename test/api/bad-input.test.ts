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
const NOTIFICATIONS = '{A}/Notifications.json';
const RECORDINGS = '{A}/Recordings.json';
const CALL_RECORDINGS = `{A}/Calls/CA${'1'.repeat(32)}/Recordings.json`;
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
  unknown('Notifications filter that does not exist', 'GET', `${NOTIFICATIONS}?ErrorCode=11200`),
  unknown('Recordings Status filter (not a Twilio filter)', 'GET', `${RECORDINGS}?Status=completed`),
  unknown('CallSid filter under a call', 'GET', `${CALL_RECORDINGS}?CallSid=CA${'1'.repeat(32)}`),
  unknown('parameter on a recording fetch', 'GET', `{A}/Recordings/RE${'1'.repeat(32)}.json?Foo=1`),
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
  value('Log=2', 'GET', `${NOTIFICATIONS}?Log=2`),
  value('Log=error', 'GET', `{A}/Calls/CA${'1'.repeat(32)}/Notifications.json?Log=error`),
  value('MessageDate month 13', 'GET', `${NOTIFICATIONS}?MessageDate=2026-13-01`),
  value('MessageDate< not a date', 'GET', `${NOTIFICATIONS}?MessageDate%3C=yesterday`),
  value('MessageDate twice', 'GET', `${NOTIFICATIONS}?MessageDate=2026-01-01&MessageDate=2026-01-02`),
  value('DateCreated> not a date', 'GET', `${RECORDINGS}?DateCreated%3E=2026-02-30x`),
  value('DateCreated under a call not a date', 'GET', `${CALL_RECORDINGS}?DateCreated=13%2F01%2F2026`),
  value('CallSid filter not a SID', 'GET', `${RECORDINGS}?CallSid=xyz`),
  value('ConferenceSid filter with a CA SID', 'GET', `${RECORDINGS}?ConferenceSid=CA${'1'.repeat(32)}`),
  value('IncludeSoftDeleted=maybe', 'GET', `${RECORDINGS}?IncludeSoftDeleted=maybe`),
  value('PageSize=0 on Recordings', 'GET', `${RECORDINGS}?PageSize=0`),
  value('forged PageToken on Notifications', 'GET', `${NOTIFICATIONS}?PageToken=PAx`),
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
  missing('notification SID malformed', 'GET', '{A}/Notifications/NOxyz.json'),
  missing('recording SID on the notifications path', 'GET', `{A}/Notifications/RE${hex('a')}.json`),
  missing('notification SID on the recordings path, delete', 'DELETE', `{A}/Recordings/NO${hex('a')}.json`),
  missing('call SID malformed under Recordings', 'GET', '{A}/Calls/CAxyz/Recordings.json'),
  missing('call SID malformed under Notifications', 'GET', '{A}/Calls/xyz/Notifications.json'),
  missing('unknown recording media', 'GET', `{A}/Recordings/RE${hex('0')}.wav`),
  missing('recording media with a malformed SID', 'GET', '{A}/Recordings/..%2F..%2Fetc%2Fpasswd.wav'),
  missing('recording media of another extension', 'GET', `{A}/Recordings/RE${hex('0')}.flac`),
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
  method('POST on Recordings (nothing to create)', 'POST', RECORDINGS, form('CallSid=x')),
  method('DELETE on Notifications', 'DELETE', NOTIFICATIONS),
  method('POST on a notification', 'POST', `{A}/Notifications/NO${hex('0')}.json`, form('Log=1')),
  method('POST to start a call recording (not served yet)', 'POST', CALL_RECORDINGS, form('Trim=trim-silence')),
  method('PUT on recording media', 'PUT', `{A}/Recordings/RE${hex('0')}.wav`),
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

// SIP domains, credential lists, credentials and mappings: bad input gets its code, writes
// nothing to the SIP tables, and the taken names stay taken.

async function sipTables(t: TestPlatform): Promise<Record<string, unknown[]>> {
  const all = { pageSize: 100_000 };
  const s = t.platform.store;
  return {
    domains: (await s.sipDomains.list(all)).rows,
    lists: (await s.credentialLists.list(all)).rows,
    credentials: (await s.credentials.list(all)).rows,
    mappings: (await s.domainMappings.list(all)).rows,
  };
}

for (const engine of [sqlite, postgres]) {
  describe(`bad input: SIP resources (${engine.name})`, () => {
    let t: TestPlatform;
    let cleanup: () => Promise<void>;
    const ids = { domain: '', list: '', cred: '' };
    before(async () => {
      const opened = await engine.open();
      cleanup = opened.cleanup;
      t = await startTestPlatform(opened.storeUrl ? { storeUrl: opened.storeUrl } : {});
      const c = t.client();
      ids.domain = (await c.sip.domains.create({ domainName: 'taken.sip.example.com' })).sid;
      ids.list = (await c.sip.credentialLists.create({ friendlyName: 'bad-input list' })).sid;
      ids.cred = (await c.sip.credentialLists(ids.list).credentials.create({ username: 'alice', password: 'Valid1Password' })).sid;
      await c.sip.domains(ids.domain).auth.calls.credentialListMappings.create({ credentialListSid: ids.list });
    });
    after(async () => {
      await t.close();
      await cleanup();
    });

    test('every bad SIP request gets its code and writes nothing', async () => {
      const DOMAINS = '{A}/SIP/Domains.json';
      const DOMAIN = `{A}/SIP/Domains/${ids.domain}.json`;
      const LISTS = '{A}/SIP/CredentialLists.json';
      const CREDS = `{A}/SIP/CredentialLists/${ids.list}/Credentials.json`;
      const CRED = `{A}/SIP/CredentialLists/${ids.list}/Credentials/${ids.cred}.json`;
      const CALLS = `{A}/SIP/Domains/${ids.domain}/Auth/Calls/CredentialListMappings.json`;
      const LEGACY = `{A}/SIP/Domains/${ids.domain}/CredentialListMappings.json`;
      const value = bad(400, 90002);
      const domain = bad(400, 21231);
      const credential = bad(400, 21243);
      const cases: Case[] = [
        bad(400, 90003)('missing DomainName', 'POST', DOMAINS, form('FriendlyName=x')),
        domain('empty DomainName', 'POST', DOMAINS, form('DomainName=')),
        domain('one-label DomainName', 'POST', DOMAINS, form('DomainName=localhost')),
        domain('DomainName with an underscore', 'POST', DOMAINS, form('DomainName=bad_name.example.com')),
        value('DomainName over 255 characters', 'POST', DOMAINS, form(`DomainName=${'a.'.repeat(128)}com`)),
        domain('duplicate DomainName', 'POST', DOMAINS, form('DomainName=taken.sip.example.com')),
        domain('duplicate DomainName in another case', 'POST', DOMAINS, form('DomainName=TAKEN.sip.example.com')),
        domain('Secure=true', 'POST', DOMAINS, form('DomainName=secure.sip.example.com&Secure=true')),
        value('SipRegistration=yes', 'POST', DOMAINS, form('DomainName=reg.sip.example.com&SipRegistration=yes')),
        domain('rename to a bad DomainName', 'POST', DOMAIN, form('DomainName=-x.example.com')),
        bad(400, 21205)('VoiceUrl not http(s)', 'POST', DOMAINS, form('DomainName=u.sip.example.com&VoiceUrl=ftp%3A%2F%2Fx')),
        bad(400, 21209)('VoiceStatusCallbackMethod PUT', 'POST', DOMAIN, form('VoiceStatusCallbackMethod=PUT')),
        bad(400, 20002)('domain FriendlyName of 65', 'POST', DOMAINS, form(`DomainName=f.sip.example.com&FriendlyName=${'x'.repeat(65)}`)),
        bad(400, 20001)('ByocTrunkSid (not supported)', 'POST', DOMAINS, form('DomainName=b.sip.example.com&ByocTrunkSid=BY1')),
        bad(400, 90003)('credential list without FriendlyName', 'POST', LISTS, form('')),
        bad(400, 20002)('credential list FriendlyName of 65', 'POST', LISTS, form(`FriendlyName=${'x'.repeat(65)}`)),
        bad(400, 90003)('credential without Password', 'POST', CREDS, form('Username=bob')),
        bad(400, 90003)('credential without Username', 'POST', CREDS, form('Password=Valid1Password')),
        credential('weak password: too short', 'POST', CREDS, form('Username=bob&Password=Short1Pass')),
        credential('weak password: no digit', 'POST', CREDS, form('Username=bob&Password=NoDigitsAtAllHere')),
        credential('weak password: no upper case', 'POST', CREDS, form('Username=bob&Password=lowercase12345')),
        credential('weak password: no lower case', 'POST', CREDS, form('Username=bob&Password=UPPERCASE12345')),
        credential('weak password on update', 'POST', CRED, form('Password=weak')),
        value('Username of 33 characters', 'POST', CREDS, form(`Username=${'u'.repeat(33)}&Password=Valid1Password`)),
        credential('Username with a space', 'POST', CREDS, form('Username=a+b&Password=Valid1Password')),
        credential('duplicate Username', 'POST', CREDS, form('Username=alice&Password=Valid1Password')),
        bad(400, 20001)('Username on update', 'POST', CRED, form('Username=mallory')),
        bad(400, 90003)('mapping without CredentialListSid', 'POST', CALLS, form('')),
        value('mapping with a malformed CredentialListSid', 'POST', CALLS, form('CredentialListSid=CL1')),
        value('mapping with an empty CredentialListSid', 'POST', CALLS, form('CredentialListSid=')),
        domain('duplicate calls mapping', 'POST', CALLS, form(`CredentialListSid=${ids.list}`)),
        domain('duplicate mapping through the legacy path', 'POST', LEGACY, form(`CredentialListSid=${ids.list}`)),
        bad(404, 20404)('mapping an unknown credential list', 'POST', CALLS, form(`CredentialListSid=CL${hex('0')}`)),
        bad(404, 20404)('mapping fetched by a domain SID', 'GET', `{A}/SIP/Domains/${ids.domain}/Auth/Calls/CredentialListMappings/${ids.domain}.json`),
        bad(404, 20404)('credential under a malformed list SID', 'GET', '{A}/SIP/CredentialLists/CL1/Credentials.json'),
        bad(404, 20404)('domain SID on the credential lists path', 'GET', `{A}/SIP/CredentialLists/${ids.domain}.json`),
        bad(404, 20404)('unknown SIP collection', 'GET', '{A}/SIP/Trunks.json'),
        bad(405, 20004)('PUT on a domain', 'PUT', DOMAIN, form('FriendlyName=x')),
        bad(405, 20004)('POST on a mapping', 'POST', `{A}/SIP/Domains/${ids.domain}/Auth/Calls/CredentialListMappings/${ids.list}.json`, form('')),
        bad(405, 20004)('DELETE on the credentials collection', 'DELETE', CREDS),
        bad(400, 20001)('unknown filter on domains', 'GET', `${DOMAINS}?DomainName=taken.sip.example.com`),
      ];
      const before = await sipTables(t);
      for (const c of cases) {
        const path = `/2010-04-01/${c.path.replace('{A}', `Accounts/${t.accountSid}`)}`;
        const res = await raw(t, c.method, path, c.options);
        try {
          assertError(res, c.status, c.code);
        } catch (e) {
          throw new Error(`${c.label} (${c.method} ${path.slice(0, 120)}): ${(e as Error).message}`);
        }
        assert.doesNotMatch(res.text, /Short1Pass|NoDigitsAtAllHere|lowercase12345|UPPERCASE12345/, `${c.label} echoed a password`);
      }
      assert.deepEqual(await sipTables(t), before, 'no bad SIP request wrote anything');
      assert.equal((await t.platform.store.credentials.get({ sid: ids.cred }))?.password, 'Valid1Password');
    });
  });
}
