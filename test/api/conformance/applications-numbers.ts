import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestPlatform } from '../../support/platform.ts';
import { assertDate, nextNumber, rejectsRest, sidRe } from '../helpers.ts';

type Get = () => TestPlatform;
const U = 'https://app.example.com';

export function applicationTests(get: Get): void {
  test('create with every voice field; fetch; update; clear a URL; filter FriendlyName; remove', async () => {
    const t = get();
    const c = t.client();
    const app = await c.applications.create({
      friendlyName: 'conformance app',
      apiVersion: '2010-04-01',
      voiceUrl: `${U}/voice`,
      voiceMethod: 'GET',
      voiceFallbackUrl: `${U}/fallback`,
      voiceFallbackMethod: 'GET',
      statusCallback: `${U}/status`,
      statusCallbackMethod: 'GET',
      voiceCallerIdLookup: true,
      smsUrl: `${U}/sms`,
      smsMethod: 'GET',
      smsFallbackUrl: `${U}/sms-fallback`,
      smsFallbackMethod: 'GET',
      smsStatusCallback: `${U}/sms-status`,
      messageStatusCallback: `${U}/message-status`,
      publicApplicationConnectEnabled: false,
    });
    assert.match(app.sid, sidRe('AP'));
    const row = await t.platform.store.applications.get({ sid: app.sid });
    assert.ok(row);
    assert.equal(app.accountSid, t.accountSid);
    assert.equal(app.friendlyName, 'conformance app');
    assert.equal(app.apiVersion, '2010-04-01');
    assert.equal(app.voiceUrl, `${U}/voice`);
    assert.equal(app.voiceMethod, 'GET');
    assert.equal(app.voiceFallbackUrl, `${U}/fallback`);
    assert.equal(app.voiceFallbackMethod, 'GET');
    assert.equal(app.statusCallback, `${U}/status`);
    assert.equal(app.statusCallbackMethod, 'GET');
    assert.equal(app.voiceCallerIdLookup, true);
    assert.equal(app.smsUrl, `${U}/sms`);
    assert.equal(app.smsMethod, 'GET');
    assert.equal(app.smsFallbackUrl, `${U}/sms-fallback`);
    assert.equal(app.smsFallbackMethod, 'GET');
    assert.equal(app.smsStatusCallback, `${U}/sms-status`);
    assert.equal(app.messageStatusCallback, `${U}/message-status`);
    assert.equal(app.publicApplicationConnectEnabled, false);
    assert.equal(app.uri, `/2010-04-01/Accounts/${t.accountSid}/Applications/${app.sid}.json`);
    assertDate(app.dateCreated, row.date_created);
    assertDate(app.dateUpdated, row.date_updated);

    const fetched = await c.applications(app.sid).fetch();
    assert.deepEqual(fetched.toJSON(), app.toJSON());

    const updated = await c.applications(app.sid).update({ voiceUrl: '', voiceMethod: 'post', friendlyName: 'conformance app 2' });
    assert.equal(updated.voiceUrl, null, 'an empty URL clears it');
    assert.equal(updated.voiceMethod, 'POST');
    assert.equal(updated.friendlyName, 'conformance app 2');
    assert.equal(updated.voiceFallbackUrl, `${U}/fallback`, 'fields not sent are kept');
    assert.ok(updated.dateUpdated.getTime() >= app.dateUpdated.getTime());

    const byName = await c.applications.list({ friendlyName: 'conformance app 2' });
    assert.deepEqual(byName.map((a) => a.sid), [app.sid]);
    assert.deepEqual(await c.applications.list({ friendlyName: 'conformance app' }), []);

    assert.equal(await c.applications(app.sid).remove(), true);
    await rejectsRest(c.applications(app.sid).fetch(), 404, 20404);
    await rejectsRest(c.applications(app.sid).update({ friendlyName: 'x' }), 404, 20404);
    await rejectsRest(c.applications(app.sid).remove(), 404, 20404);
  });

  test('defaults of a bare application', async () => {
    const c = get().client();
    const app = await c.applications.create();
    assert.equal(app.voiceUrl, null);
    assert.equal(app.voiceMethod, 'POST');
    assert.equal(app.voiceFallbackMethod, 'POST');
    assert.equal(app.statusCallbackMethod, 'POST');
    assert.equal(app.voiceCallerIdLookup, false);
    assert.equal(app.apiVersion, '2010-04-01');
  });

  test('bad values: 21205 URL, 21209 method, 20002 FriendlyName > 64', async () => {
    const c = get().client();
    await rejectsRest(c.applications.create({ voiceUrl: 'ftp://app.example.com/voice' }), 400, 21205);
    await rejectsRest(c.applications.create({ statusCallback: 'not a url' }), 400, 21205);
    await rejectsRest(c.applications.create({ voiceMethod: 'PUT' }), 400, 21209);
    await rejectsRest(c.applications.create({ friendlyName: 'x'.repeat(65) }), 400, 20002);
    const ok = await c.applications.create({ friendlyName: 'y'.repeat(64) });
    await rejectsRest(c.applications(ok.sid).update({ voiceFallbackMethod: 'DELETE' }), 400, 21209);
    assert.equal((await c.applications(ok.sid).fetch()).voiceFallbackMethod, 'POST');
  });
}

export function numberTests(get: Get): void {
  test('create with voice settings; every field; fetch; update; remove', async () => {
    const t = get();
    const c = t.client();
    const app = await c.applications.create({ friendlyName: 'number app' });
    const phone = nextNumber();
    const n = await c.incomingPhoneNumbers.create({
      phoneNumber: phone,
      voiceUrl: `${U}/voice`,
      voiceMethod: 'GET',
      voiceFallbackUrl: `${U}/fallback`,
      voiceFallbackMethod: 'GET',
      statusCallback: `${U}/status`,
      statusCallbackMethod: 'GET',
      voiceApplicationSid: app.sid,
    });
    const row = await t.platform.store.numbers.get({ sid: n.sid });
    assert.ok(row);
    assert.match(n.sid, sidRe('PN'));
    assert.equal(n.accountSid, t.accountSid);
    assert.equal(n.phoneNumber, phone);
    assert.equal(n.friendlyName, `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`);
    assert.equal(n.voiceUrl, `${U}/voice`);
    assert.equal(n.voiceMethod, 'GET');
    assert.equal(n.voiceFallbackUrl, `${U}/fallback`);
    assert.equal(n.voiceFallbackMethod, 'GET');
    assert.equal(n.statusCallback, `${U}/status`);
    assert.equal(n.statusCallbackMethod, 'GET');
    assert.equal(n.voiceApplicationSid, app.sid);
    assert.equal(n.voiceCallerIdLookup, false);
    assert.equal(n.voiceReceiveMode, 'voice');
    assert.equal(n.apiVersion, '2010-04-01');
    assert.equal(n.beta, false);
    assert.equal(n.origin, 'hosted');
    assert.deepEqual(n.capabilities, { voice: true, sms: false, mms: false, fax: false });
    assert.equal(n.uri, `/2010-04-01/Accounts/${t.accountSid}/IncomingPhoneNumbers/${n.sid}.json`);
    assertDate(n.dateCreated, row.date_created);
    assertDate(n.dateUpdated, row.date_updated);

    assert.deepEqual((await c.incomingPhoneNumbers(n.sid).fetch()).toJSON(), n.toJSON());

    const updated = await c.incomingPhoneNumbers(n.sid).update({ friendlyName: 'Front desk', voiceUrl: `${U}/v2`, voiceApplicationSid: '' });
    assert.equal(updated.friendlyName, 'Front desk');
    assert.equal(updated.voiceUrl, `${U}/v2`);
    assert.equal(updated.voiceApplicationSid, null, 'an empty VoiceApplicationSid detaches the application');
    assert.equal(updated.voiceFallbackUrl, `${U}/fallback`);
    assert.equal(updated.phoneNumber, phone);
    const stored = await t.platform.store.numbers.get({ sid: n.sid });
    assert.equal(stored?.friendly_name, 'Front desk');

    assert.equal(await c.incomingPhoneNumbers(n.sid).remove(), true);
    await rejectsRest(c.incomingPhoneNumbers(n.sid).fetch(), 404, 20404);
    await rejectsRest(c.incomingPhoneNumbers(n.sid).remove(), 404, 20404);
    const again = await c.incomingPhoneNumbers.create({ phoneNumber: phone });
    assert.notEqual(again.sid, n.sid, 'a released number can be claimed again');
  });

  test('filters PhoneNumber, FriendlyName, Beta, Origin', async () => {
    const t = get();
    const c = t.client();
    const phone = nextNumber();
    const n = await c.incomingPhoneNumbers.create({ phoneNumber: phone, friendlyName: 'conformance filter' });
    await c.incomingPhoneNumbers.create({ phoneNumber: nextNumber(), friendlyName: 'conformance other' });
    const sids = async (opts: Parameters<typeof c.incomingPhoneNumbers.list>[0]) => (await c.incomingPhoneNumbers.list(opts)).map((x) => x.sid);
    assert.deepEqual(await sids({ phoneNumber: phone }), [n.sid]);
    assert.deepEqual(await sids({ friendlyName: 'conformance filter' }), [n.sid]);
    assert.deepEqual(await sids({ friendlyName: 'conformance filter', beta: false }), [n.sid]);
    assert.deepEqual(await sids({ friendlyName: 'conformance filter', beta: true }), [n.sid], 'Beta=true includes non-beta numbers too');
    assert.deepEqual(await sids({ friendlyName: 'conformance filter', origin: 'hosted' }), [n.sid]);
    assert.deepEqual(await sids({ friendlyName: 'conformance filter', origin: 'twilio' }), []);
    assert.deepEqual(await sids({ phoneNumber: nextNumber() }), []);
  });

  test('errors: 21421 not E.164, 21422 number taken, 21218 foreign or unknown application', async () => {
    const t = get();
    const c = t.client();
    await rejectsRest(c.incomingPhoneNumbers.create({ phoneNumber: '5551234567' }), 400, 21421);
    await rejectsRest(c.incomingPhoneNumbers.create({ phoneNumber: '+0123456789' }), 400, 21421);
    await rejectsRest(c.incomingPhoneNumbers.create({ phoneNumber: '+1 555 123 4567' }), 400, 21421);

    const phone = nextNumber();
    const n = await c.incomingPhoneNumbers.create({ phoneNumber: phone });
    await rejectsRest(c.incomingPhoneNumbers.create({ phoneNumber: phone }), 400, 21422);
    const sub = await c.api.v2010.accounts.create({ friendlyName: 'conformance numbers' });
    await rejectsRest(t.client(sub.sid, sub.authToken).incomingPhoneNumbers.create({ phoneNumber: phone }), 400, 21422);
    assert.equal((await t.platform.store.numbers.list({ where: { phone_number: phone }, pageSize: 10 })).rows.length, 1);

    const subApp = await c.api.v2010.accounts(sub.sid).applications.create({ friendlyName: 'sub app' });
    await rejectsRest(c.incomingPhoneNumbers.create({ phoneNumber: nextNumber(), voiceApplicationSid: subApp.sid }), 400, 21218);
    await rejectsRest(c.incomingPhoneNumbers.create({ phoneNumber: nextNumber(), voiceApplicationSid: `AP${'0'.repeat(32)}` }), 400, 21218);
    await rejectsRest(c.incomingPhoneNumbers.create({ phoneNumber: nextNumber(), voiceApplicationSid: 'APnot-a-sid' }), 400, 21218);
    await rejectsRest(c.incomingPhoneNumbers(n.sid).update({ voiceApplicationSid: subApp.sid }), 400, 21218);
    assert.equal((await c.incomingPhoneNumbers(n.sid).fetch()).voiceApplicationSid, null);
  });

  test('update with AccountSid moves a number to a subaccount and back', async () => {
    const t = get();
    const c = t.client();
    const sub = await c.api.v2010.accounts.create({ friendlyName: 'conformance move' });
    const subApp = await c.api.v2010.accounts(sub.sid).applications.create({ friendlyName: 'target app' });
    const n = await c.incomingPhoneNumbers.create({ phoneNumber: nextNumber() });
    const moved = await c.incomingPhoneNumbers(n.sid).update({ accountSid: sub.sid, voiceApplicationSid: subApp.sid });
    assert.equal(moved.accountSid, sub.sid);
    assert.equal(moved.voiceApplicationSid, subApp.sid);
    assert.equal(moved.uri, `/2010-04-01/Accounts/${sub.sid}/IncomingPhoneNumbers/${n.sid}.json`);
    await rejectsRest(c.incomingPhoneNumbers(n.sid).fetch(), 404, 20404);
    assert.equal((await c.api.v2010.accounts(sub.sid).incomingPhoneNumbers(n.sid).fetch()).phoneNumber, n.phoneNumber);
    const subList = await t.client(sub.sid, sub.authToken).incomingPhoneNumbers.list();
    assert.deepEqual(subList.map((x) => x.sid), [n.sid]);

    await rejectsRest(c.api.v2010.accounts(sub.sid).incomingPhoneNumbers(n.sid).update({ accountSid: t.accountSid }), 400, 21218);
    assert.equal((await c.api.v2010.accounts(sub.sid).incomingPhoneNumbers(n.sid).fetch()).accountSid, sub.sid, 'the application would not be the new owner’s');
    const back = await c.api.v2010.accounts(sub.sid).incomingPhoneNumbers(n.sid).update({ accountSid: t.accountSid, voiceApplicationSid: '' });
    assert.equal(back.accountSid, t.accountSid);
    assert.equal(back.voiceApplicationSid, null);
    assert.equal((await c.incomingPhoneNumbers(n.sid).fetch()).accountSid, t.accountSid);
    assert.deepEqual(await t.client(sub.sid, sub.authToken).incomingPhoneNumbers.list(), []);
  });
}
