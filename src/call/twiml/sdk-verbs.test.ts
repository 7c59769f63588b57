// Documents built with the official SDK's VoiceResponse, using every attribute it offers for each
// verb, parse field by field; minimal documents get every default.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import twilio from 'twilio';
import { parseTwiml } from './parse.ts';
import { only } from './twiml.fixture.ts';

const VoiceResponse = twilio.twiml.VoiceResponse;

test('<Say> with every attribute and every SSML child', () => {
  const r = new VoiceResponse();
  const say = r.say({ voice: 'Polly.Joanna-Neural', language: 'en-GB', loop: 3 }, 'Hello');
  say.break({ strength: 'x-weak', time: '100ms' });
  say.emphasis({ level: 'moderate' }, 'strong words');
  say.lang({ 'xml:lang': 'fr-FR' }, 'bonjour');
  say.p('a paragraph');
  say.phoneme({ alphabet: 'ipa', ph: 'pɪˈkɑːn' }, 'pecan');
  say.prosody({ pitch: '-10%', rate: '85%', volume: '-6dB' }, 'slowly');
  say.s('a sentence');
  say.sayAs({ 'interpret-as': 'spell-out', format: 'mdy' }, 'abc');
  say.sub({ alias: 'World Wide Web' }, 'WWW');
  say.w({ role: 'amazon:VB' }, 'read');
  assert.deepEqual(only(r.toString()), {
    verb: 'Say',
    text: 'Hello strong words bonjour a paragraph pecan slowly a sentence abc WWW read',
    voice: 'Polly.Joanna-Neural',
    language: 'en-GB',
    loop: 3,
  });
});

test('<Say> defaults; man/woman/alice are case-insensitive; loop 0 is kept', () => {
  assert.deepEqual(only(new VoiceResponse().say('  Hi\n  there ').toString()), { verb: 'Say', text: 'Hi there', voice: 'man', language: 'en-US', loop: 1 });
  const r = new VoiceResponse();
  r.say({ voice: 'woman', loop: 0 }, 'x');
  assert.deepEqual(only(r.toString()), { verb: 'Say', text: 'x', voice: 'woman', language: 'en-US', loop: 0 });
  assert.equal((only('<Response><Say voice="Alice">x</Say></Response>') as { voice: string }).voice, 'alice');
});

test('<Play> with a URL, with digits, and its defaults', () => {
  const r = new VoiceResponse();
  r.play({ loop: 10 }, 'https://api.twilio.com/cowbell.mp3');
  assert.deepEqual(only(r.toString()), { verb: 'Play', loop: 10, url: 'https://api.twilio.com/cowbell.mp3' });
  const d = new VoiceResponse();
  d.play({ digits: 'wwww3#*W' });
  assert.deepEqual(only(d.toString()), { verb: 'Play', loop: 1, digits: 'wwww3#*W' });
  assert.deepEqual(only(new VoiceResponse().play('/relative/file.wav').toString()), { verb: 'Play', loop: 1, url: '/relative/file.wav' });
});

test('<Pause> with length and by default', () => {
  const r = new VoiceResponse();
  r.pause({ length: 10 });
  assert.deepEqual(only(r.toString()), { verb: 'Pause', length: 10 });
  const d = new VoiceResponse();
  d.pause();
  assert.deepEqual(only(d.toString()), { verb: 'Pause', length: 1 });
});

test('<Gather> with every attribute and nested Say, Play, Pause', () => {
  const r = new VoiceResponse();
  const g = r.gather({
    action: '/process', actionOnEmptyResult: true, bargeIn: false, debug: true, enhanced: true, finishOnKey: '*',
    hints: 'sales, support', input: ['dtmf', 'speech'], language: 'es-MX', maxSpeechTime: 45, method: 'get', numDigits: 4,
    partialResultCallback: 'https://example.com/partial', partialResultCallbackMethod: 'GET', profanityFilter: false,
    speechModel: 'phone_call', speechTimeout: 'auto', timeout: 7,
  });
  g.say({ voice: 'woman', language: 'es-MX', loop: 2 }, 'Diga algo');
  g.play({ loop: 3 }, 'https://example.com/a.mp3');
  g.pause({ length: 2 });
  assert.deepEqual(only(r.toString()), {
    verb: 'Gather',
    input: ['dtmf', 'speech'],
    action: '/process',
    method: 'GET',
    timeout: 7,
    finishOnKey: '*',
    numDigits: 4,
    actionOnEmptyResult: true,
    speechTimeout: 'auto',
    maxSpeechTime: 45,
    language: 'es-MX',
    hints: 'sales, support',
    partialResultCallback: 'https://example.com/partial',
    partialResultCallbackMethod: 'GET',
    profanityFilter: false,
    speechModel: 'phone_call',
    enhanced: true,
    bargeIn: false,
    children: [
      { verb: 'Say', text: 'Diga algo', voice: 'woman', language: 'es-MX', loop: 2 },
      { verb: 'Play', loop: 3, url: 'https://example.com/a.mp3' },
      { verb: 'Pause', length: 2 },
    ],
  });
});

test('<Gather> defaults; finishOnKey="" disables; speechTimeout in seconds', () => {
  assert.deepEqual(only(new VoiceResponse().gather().toString()), {
    verb: 'Gather', input: ['dtmf'], method: 'POST', timeout: 5, finishOnKey: '#', actionOnEmptyResult: false, language: 'en-US',
    partialResultCallbackMethod: 'POST', profanityFilter: true, enhanced: false, bargeIn: true, children: [],
  });
  const r = new VoiceResponse();
  r.gather({ finishOnKey: '', speechTimeout: '3', input: ['speech'] });
  const g = only(r.toString());
  assert.equal(g.verb, 'Gather');
  if (g.verb !== 'Gather') return;
  assert.equal(g.finishOnKey, '');
  assert.equal(g.speechTimeout, '3');
  assert.deepEqual(g.input, ['speech']);
});

test('<Record> with every attribute, and its defaults', () => {
  const r = new VoiceResponse();
  r.record({
    action: 'https://example.com/rec', finishOnKey: '*#', maxLength: 20, method: 'GET', playBeep: false,
    recordingConfigurationId: 'RC123', recordingStatusCallback: '/status', recordingStatusCallbackEvent: ['in-progress', 'completed', 'absent'],
    recordingStatusCallbackMethod: 'GET', timeout: 10, transcribe: true, transcribeCallback: '/transcribed', trim: 'do-not-trim',
  });
  assert.deepEqual(only(r.toString()), {
    verb: 'Record', action: 'https://example.com/rec', method: 'GET', timeout: 10, finishOnKey: '*#', maxLength: 20, playBeep: false,
    trim: 'do-not-trim', recordingStatusCallback: '/status', recordingStatusCallbackMethod: 'GET',
    recordingStatusCallbackEvent: ['in-progress', 'completed', 'absent'], transcribe: true, transcribeCallback: '/transcribed',
  });
  assert.deepEqual(only(new VoiceResponse().record().toString()), {
    verb: 'Record', method: 'POST', timeout: 5, finishOnKey: '1234567890*#', maxLength: 3600, playBeep: true, trim: 'trim-silence',
    recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvent: ['completed'], transcribe: false,
  });
});

test('<Hangup> and <Reject>, plain and with <Parameter> children', () => {
  assert.deepEqual(only(new VoiceResponse().hangup().toString()), { verb: 'Hangup' });
  const h = new VoiceResponse();
  h.hangup().parameter({ name: 'reason', value: 'no agents' });
  assert.deepEqual(only(h.toString()), { verb: 'Hangup', parameters: [{ name: 'reason', value: 'no agents' }] });
  assert.deepEqual(only(new VoiceResponse().reject().toString()), { verb: 'Reject', reason: 'rejected' });
  const r = new VoiceResponse();
  const rej = r.reject({ reason: 'busy' });
  rej.parameter({ name: 'a', value: '1' });
  rej.parameter({ name: 'b' });
  assert.deepEqual(only(r.toString()), { verb: 'Reject', reason: 'busy', parameters: [{ name: 'a', value: '1' }, { name: 'b', value: '' }] });
});

test('<Redirect> with method, and its default; the URL is kept raw and trimmed', () => {
  const r = new VoiceResponse();
  r.redirect({ method: 'GET' }, '../next?x=1&y=2');
  assert.deepEqual(only(r.toString()), { verb: 'Redirect', url: '../next?x=1&y=2', method: 'GET' });
  assert.deepEqual(only('<Response><Redirect>\n  /a  \n</Redirect></Response>'), { verb: 'Redirect', url: '/a', method: 'POST' });
});

test('<Leave>', () => {
  assert.deepEqual(only(new VoiceResponse().leave().toString()), { verb: 'Leave' });
});

test('<Enqueue> with every attribute and a <Task>, and its defaults', () => {
  const r = new VoiceResponse();
  const e = r.enqueue({ action: '/after', maxQueueSize: 50, method: 'GET', waitUrl: '/wait.xml', waitUrlMethod: 'GET', workflowSid: 'WW0123456789abcdef0123456789abcdef' }, 'support');
  e.task({ priority: 5, timeout: 200 }, '{"account":"12345"}');
  assert.deepEqual(only(r.toString()), {
    verb: 'Enqueue', name: 'support', action: '/after', method: 'GET', waitUrl: '/wait.xml', waitUrlMethod: 'GET', maxQueueSize: 50,
    workflowSid: 'WW0123456789abcdef0123456789abcdef', task: { attributes: '{"account":"12345"}', priority: 5, timeout: 200 },
  });
  assert.deepEqual(only(new VoiceResponse().enqueue('support').toString()), { verb: 'Enqueue', name: 'support', method: 'POST', waitUrlMethod: 'POST' });
  const w = new VoiceResponse();
  w.enqueue({ workflowSid: 'WW1' }).task('{}');
  assert.deepEqual(only(w.toString()), { verb: 'Enqueue', name: '', method: 'POST', waitUrlMethod: 'POST', workflowSid: 'WW1', task: { attributes: '{}' } });
});

test('verbs we do not run parse as Unsupported with their name', () => {
  const r = new VoiceResponse();
  r.connect({ action: '/x' }).stream({ url: 'wss://example.com/s' });
  r.start().stream({ url: 'wss://example.com/s' });
  r.stop().stream({ name: 's' });
  r.refer().sip('sip:alice@example.com');
  r.pay({ chargeAmount: '1.00' }).prompt({ for: 'payment-card-number' }).say('card');
  r.echo();
  r.sms('hi');
  r.say('after');
  assert.deepEqual(parseTwiml(r.toString()).verbs, [
    ...['Connect', 'Start', 'Stop', 'Refer', 'Pay', 'Echo', 'Sms'].map((name) => ({ verb: 'Unsupported', name })),
    { verb: 'Say', text: 'after', voice: 'man', language: 'en-US', loop: 1 },
  ]);
  assert.deepEqual(parseTwiml('<Response><Prompt/><Message>x</Message></Response>').verbs, [
    { verb: 'Unsupported', name: 'Prompt' },
    { verb: 'Unsupported', name: 'Message' },
  ]);
});
