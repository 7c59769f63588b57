import assert from 'node:assert/strict';
import { test } from 'node:test';
import twilio from 'twilio';
import { bodySha256, signatureMatches, signJsonRequest, twilioSignature } from './signature.ts';

const token = '12345678901234567890123456789012';

test('form signature matches the official validator, with repeated and unicode params', () => {
  const url = 'https://app.example.org:8443/voice?x=1&y=%20z';
  const params = {
    CallSid: 'CA' + '1'.repeat(32),
    From: '+15551230000',
    To: 'sip:alice@example.org',
    Digits: '1234#',
    StatusCallbackEvent: ['ringing', 'initiated', 'ringing'],
    Caller: 'Zoë ✓',
    Empty: '',
  };
  const sig = twilioSignature(token, url, params);
  assert.equal(sig, twilio.getExpectedTwilioSignature(token, url, params));
  assert.equal(twilio.validateRequest(token, sig, url, params), true);
  assert.equal(twilio.validateRequest(token, sig, url, { ...params, Digits: '1235#' }), false);
  assert.equal(signatureMatches(token, sig, url, params), true);
  assert.equal(signatureMatches('x'.repeat(32), sig, url, params), false);
});

test('GET requests sign the URL alone', () => {
  const url = 'http://127.0.0.1:9000/voice?CallSid=CA1&From=%2B1555';
  const sig = twilioSignature(token, url);
  assert.equal(twilio.validateRequest(token, sig, url, {}), true);
});

test('JSON bodies: bodySHA256 in the URL, validated by validateRequestWithBody', () => {
  const body = JSON.stringify([{ specversion: '1.0', type: 'com.twilio.voice.status-callback.call.completed', data: { n: 1 } }]);
  const { url, signature } = signJsonRequest(token, 'https://sink.example.org/events?a=b', body);
  assert.equal(new URL(url).searchParams.get('bodySHA256'), bodySha256(body));
  assert.equal(bodySha256(body), twilio.getExpectedBodyHash(body));
  assert.equal(twilio.validateRequestWithBody(token, signature, url, body), true);
  assert.equal(twilio.validateRequestWithBody(token, signature, url, body + ' '), false);
});
