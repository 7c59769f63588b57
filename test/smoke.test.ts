import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestPlatform } from './support/platform.ts';

test('the unmodified twilio SDK fetches the main account', async () => {
  const t = await startTestPlatform();
  try {
    const acct = await t.client().api.v2010.accounts(t.accountSid).fetch();
    assert.equal(acct.sid, t.accountSid);
    assert.ok(acct.dateCreated instanceof Date);
    const n = await t.client().incomingPhoneNumbers.create({ phoneNumber: '+15551230000', voiceUrl: 'http://127.0.0.1:9/voice' });
    assert.match(n.sid, /^PN[0-9a-f]{32}$/);
  } finally {
    await t.close();
  }
});
