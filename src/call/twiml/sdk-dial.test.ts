// <Dial> and each of its nouns built with the official SDK, every attribute it offers; and the
// defaults of a minimal document.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import twilio from 'twilio';
import type { DialVerb } from './types.ts';
import { only } from './twiml.fixture.ts';

const VoiceResponse = twilio.twiml.VoiceResponse;

function dialOf(xml: string): DialVerb {
  const v = only(xml);
  assert.equal(v.verb, 'Dial');
  return v as DialVerb;
}

const LEG_DEFAULTS = { method: 'POST', statusCallbackEvent: ['completed'], statusCallbackMethod: 'POST' } as const;

test('<Dial> with every attribute', () => {
  const r = new VoiceResponse();
  const d = r.dial({
    action: '/dial-done', answerOnBridge: true, callerId: '+15551112222', events: 'call-progress-event', hangupOnStar: true,
    method: 'GET', passports: 'x', record: 'record-from-ringing-dual', recordingConfigurationId: 'RC1',
    recordingStatusCallback: 'https://example.com/rec', recordingStatusCallbackEvent: ['in-progress', 'completed'],
    recordingStatusCallbackMethod: 'GET', recordingTrack: 'inbound', referMethod: 'GET', referUrl: '/refer', ringTone: 'uk',
    sequential: true, timeLimit: 600, timeout: 12, trim: 'do-not-trim',
  });
  d.number('+15558675310');
  assert.deepEqual(dialOf(r.toString()), {
    verb: 'Dial', action: '/dial-done', method: 'GET', timeout: 12, callerId: '+15551112222', record: 'record-from-ringing-dual',
    recordingStatusCallback: 'https://example.com/rec', recordingStatusCallbackMethod: 'GET', recordingStatusCallbackEvent: ['in-progress', 'completed'],
    recordingTrack: 'inbound', trim: 'do-not-trim', hangupOnStar: true, timeLimit: 600, answerOnBridge: true, ringTone: 'uk', sequential: true,
    referUrl: '/refer', referMethod: 'GET',
    nouns: [{ noun: 'Number', number: '+15558675310', ...LEG_DEFAULTS }],
  });
});

test('<Dial> defaults; a bare text body is one Number, formatting stripped', () => {
  assert.deepEqual(dialOf(new VoiceResponse().dial('(415) 123-4567').toString()), {
    verb: 'Dial', method: 'POST', timeout: 30, record: 'do-not-record', recordingStatusCallbackMethod: 'POST',
    recordingStatusCallbackEvent: ['completed'], trim: 'trim-silence', hangupOnStar: false, timeLimit: 14400, answerOnBridge: false,
    sequential: false, referMethod: 'POST',
    nouns: [{ noun: 'Number', number: '4151234567', ...LEG_DEFAULTS }],
  });
  assert.equal(dialOf('<Response><Dial record="true">+855 16 701.721</Dial></Response>').record, 'record-from-answer');
  assert.deepEqual(dialOf('<Response><Dial record="false">+85516701721</Dial></Response>').nouns, [{ noun: 'Number', number: '+85516701721', ...LEG_DEFAULTS }]);
});

test('<Number> with every attribute (answering-machine detection and byoc are accepted and ignored)', () => {
  const r = new VoiceResponse();
  r.dial().number({
    amdStatusCallback: '/amd', amdStatusCallbackMethod: 'GET', byoc: 'BY123', machineDetection: 'Enable', machineDetectionSilenceTimeout: 5000,
    machineDetectionSpeechEndThreshold: 1200, machineDetectionSpeechThreshold: 2400, machineDetectionTimeout: 30, method: 'GET',
    sendDigits: 'wwww1928#', statusCallback: 'https://myapp.com/events', statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    statusCallbackMethod: 'GET', url: '/whisper',
  }, ' 415-123-4567 ');
  assert.deepEqual(dialOf(r.toString()).nouns, [{
    noun: 'Number', number: '4151234567', sendDigits: 'wwww1928#', url: '/whisper', method: 'GET', statusCallback: 'https://myapp.com/events',
    statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'], statusCallbackMethod: 'GET',
  }]);
});

test('<Sip> with every attribute; a scheme-less user@host gains sip:', () => {
  const r = new VoiceResponse();
  const d = r.dial();
  d.sip({
    amdStatusCallback: '/amd', amdStatusCallbackMethod: 'POST', machineDetection: 'Enable', machineDetectionSilenceTimeout: 5000,
    machineDetectionSpeechEndThreshold: 1200, machineDetectionSpeechThreshold: 2400, machineDetectionTimeout: 30, method: 'GET',
    password: '1234', statusCallback: '/events', statusCallbackEvent: ['ringing'], statusCallbackMethod: 'GET', url: '/screen', username: 'admin',
  }, 'sip:kate@example.com?x-h=foo&x-o=bar');
  d.sip('kate@example.com;transport=tls');
  assert.deepEqual(dialOf(r.toString()).nouns, [
    {
      noun: 'Sip', uri: 'sip:kate@example.com?x-h=foo&x-o=bar', username: 'admin', password: '1234', url: '/screen', method: 'GET',
      statusCallback: '/events', statusCallbackEvent: ['ringing'], statusCallbackMethod: 'GET',
    },
    { noun: 'Sip', uri: 'sip:kate@example.com;transport=tls', ...LEG_DEFAULTS },
  ]);
  assert.deepEqual(dialOf('<Response><Dial><Sip> SIPS:bob@example.com </Sip></Dial></Response>').nouns, [{ noun: 'Sip', uri: 'sips:bob@example.com', ...LEG_DEFAULTS }]);
});

test('<Client> with every attribute, by text and by <Identity> with <Parameter>s', () => {
  const r = new VoiceResponse();
  const d = r.dial();
  d.client({ method: 'GET', statusCallback: '/events', statusCallbackEvent: ['initiated', 'answered'], statusCallbackMethod: 'GET', url: '/whisper' }, 'joey');
  const c = d.client();
  c.identity('user_jane');
  c.parameter({ name: 'FirstName', value: 'Jane' });
  c.parameter({ name: 'LastName', value: 'Doe' });
  assert.deepEqual(dialOf(r.toString()).nouns, [
    {
      noun: 'Client', identity: 'joey', parameters: [], url: '/whisper', method: 'GET', statusCallback: '/events',
      statusCallbackEvent: ['initiated', 'answered'], statusCallbackMethod: 'GET',
    },
    { noun: 'Client', identity: 'user_jane', parameters: [{ name: 'FirstName', value: 'Jane' }, { name: 'LastName', value: 'Doe' }], ...LEG_DEFAULTS },
  ]);
});

test('<Conference> with every attribute, and its defaults', () => {
  const r = new VoiceResponse();
  r.dial().conference({
    beep: 'onExit', coach: 'CA0123456789abcdef0123456789abcdef', endConferenceOnExit: true, eventCallbackUrl: '/conf-events',
    jitterBufferSize: 'small', maxParticipants: 10, muted: true, participantLabel: 'agent', record: 'record-from-start',
    recordingConfigurationId: 'RC1', recordingStatusCallback: '/rec', recordingStatusCallbackEvent: ['in-progress'],
    recordingStatusCallbackMethod: 'GET', region: 'ie1', startConferenceOnEnter: false, statusCallback: '/status',
    statusCallbackEvent: ['start', 'end', 'join', 'leave', 'mute', 'hold', 'modify', 'speaker', 'announcement'], statusCallbackMethod: 'GET',
    trim: 'do-not-trim', waitMethod: 'GET', waitUrl: '',
  }, 'Room 1234');
  assert.deepEqual(dialOf(r.toString()).nouns, [{
    noun: 'Conference', name: 'Room 1234', muted: true, beep: 'onExit', startConferenceOnEnter: false, endConferenceOnExit: true, waitUrl: '',
    waitMethod: 'GET', maxParticipants: 10, record: 'record-from-start', trim: 'do-not-trim', statusCallback: '/status',
    statusCallbackEvent: ['start', 'end', 'join', 'leave', 'mute', 'hold', 'modify', 'speaker', 'announcement'], statusCallbackMethod: 'GET',
    recordingStatusCallback: '/rec', recordingStatusCallbackMethod: 'GET', recordingStatusCallbackEvent: ['in-progress'],
    eventCallbackUrl: '/conf-events', participantLabel: 'agent', coach: 'CA0123456789abcdef0123456789abcdef', region: 'ie1', jitterBufferSize: 'small',
  }]);
  const plain = new VoiceResponse();
  plain.dial().conference('\n  LoveTwilio\n ');
  assert.deepEqual(dialOf(plain.toString()).nouns, [{
    noun: 'Conference', name: 'LoveTwilio', muted: false, beep: 'true', startConferenceOnEnter: true, endConferenceOnExit: false, waitMethod: 'POST',
    maxParticipants: 250, record: 'do-not-record', trim: 'trim-silence', statusCallbackEvent: [], statusCallbackMethod: 'POST',
    recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvent: ['completed'],
  }]);
});

test('<Queue> with every attribute, and its defaults', () => {
  const r = new VoiceResponse();
  r.dial().queue({ method: 'GET', postWorkActivitySid: 'WA1', reservationSid: 'WR1', url: 'about_to_connect.xml' }, 'support');
  assert.deepEqual(dialOf(r.toString()).nouns, [
    { noun: 'Queue', name: 'support', url: 'about_to_connect.xml', method: 'GET', reservationSid: 'WR1', postWorkActivitySid: 'WA1' },
  ]);
  const d = new VoiceResponse();
  d.dial().queue('support');
  assert.deepEqual(dialOf(d.toString()).nouns, [{ noun: 'Queue', name: 'support', method: 'POST' }]);
});

test('mixed parallel nouns keep their order; Application, Sim, WhatsApp parse as Unsupported nouns', () => {
  const r = new VoiceResponse();
  const d = r.dial({ callerId: 'bob' });
  d.number('858-987-6543');
  d.client('joey');
  d.application({ copyParentTo: true, customerId: 'c' }).applicationSid('AP123');
  d.sim('DE8caa2afb9d5279926619c458dc7098a8');
  d.whatsApp('+15550001111');
  assert.deepEqual(dialOf(r.toString()).nouns, [
    { noun: 'Number', number: '8589876543', ...LEG_DEFAULTS },
    { noun: 'Client', identity: 'joey', parameters: [], ...LEG_DEFAULTS },
    { noun: 'Unsupported', name: 'Application' },
    { noun: 'Unsupported', name: 'Sim' },
    { noun: 'Unsupported', name: 'WhatsApp' },
  ]);
});
