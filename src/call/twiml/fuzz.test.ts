// Seeded fuzz: 20,000 random mutations of valid documents, half of them byte-level (mostly caught
// by the XML parser), half keeping the XML well formed (caught by the validators). parseTwiml must only ever return a
// document or throw a TwimlError whose code is in the registry (never another exception).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import twilio from 'twilio';
import { errorRegistry, seededRandom } from '../../core/index.ts';
import { TwimlError } from './errors.ts';
import { parseTwiml } from './parse.ts';

function seeds(): string[] {
  const r = new twilio.twiml.VoiceResponse();
  const say = r.say({ voice: 'Polly.Joanna', language: 'en-US', loop: 2 }, 'Hello there');
  say.break({ time: '1s' });
  say.emphasis({ level: 'strong' }, 'now');
  r.play({ loop: 3 }, 'https://example.com/a.mp3');
  r.play({ digits: 'ww12#' });
  r.pause({ length: 2 });
  const g = r.gather({ input: ['dtmf', 'speech'], action: '/g', method: 'GET', timeout: 4, finishOnKey: '*', numDigits: 3, speechTimeout: 'auto' });
  g.say('Press a key');
  g.play('/beep.wav');
  r.record({ maxLength: 30, playBeep: false, recordingStatusCallbackEvent: ['in-progress', 'completed'], trim: 'do-not-trim' });
  r.redirect({ method: 'GET' }, '/next?a=1&b=2');
  const d = r.dial({ action: '/d', timeout: 20, callerId: '+15550001111', record: 'record-from-answer', sequential: true, ringTone: 'us' });
  d.number({ sendDigits: '1w2', statusCallbackEvent: ['ringing', 'answered'] }, '+15551234567');
  d.sip({ username: 'u', password: 'p' }, 'sip:alice@example.com');
  d.client('joey').parameter({ name: 'k', value: 'v' });
  d.queue({ url: '/q' }, 'support');
  const c = new twilio.twiml.VoiceResponse();
  c.dial({ hangupOnStar: true }).conference({ beep: 'onEnter', maxParticipants: 10, statusCallbackEvent: ['start', 'end'] }, 'Room');
  c.enqueue({ workflowSid: 'WW1', waitUrl: '/wait' }, 'sales').task({ priority: 2 }, '{"a":1}');
  c.leave();
  c.hangup().parameter({ name: 'x', value: 'y' });
  c.reject({ reason: 'busy' });
  c.connect().stream({ url: 'wss://example.com/s' });
  return [r.toString(), c.toString(), '<Response>\n  <Say>Hi</Say>\n  <Dial>415-555-0100</Dial>\n</Response>'];
}

const TOKENS = [
  '<', '>', '/', '"', "'", '=', '&', '&amp;', '&#0;', '&#x41;', '&lt;', ' ', '\n', '\t', 'x', '0', '-1', '1001', '999999999999', 'true', 'FALSE',
  'GET', 'put', '<Say>', '</Say>', '<Foo/>', '<Number>', '</Dial>', '<Gather>', '<Record/>', '<!--', '-->', '<![CDATA[', ']]>', '\u0000', '\ud800',
  '😀', 'é', '<?xml version="1.1"?>', '<!DOCTYPE x>', ' loop="', ' timeout="5"', ' foo="1"', 'sip:', 'client:', '+', '#', '*', 'w', '<Response>',
  '</Response>', '<Parameter name="a"/>', '<break/>', '<Task>{}</Task>', ' method="GET"', ' digits="1"', ' reason="busy"', ' input="speech"',
];

function mutate(doc: string, rand: () => number): string {
  const pick = (n: number) => Math.floor(rand() * n);
  let out = doc;
  const steps = 1 + pick(3);
  for (let i = 0; i < steps; i++) {
    const at = pick(out.length + 1);
    const op = pick(11);
    if (op < 2) out = out.slice(0, at) + out.slice(at + 1 + pick(5));
    else if (op < 5) out = out.slice(0, at) + (TOKENS[pick(TOKENS.length)] ?? '') + out.slice(at);
    else if (op < 7) out = out.slice(0, at) + out.slice(at, at + pick(40)) + out.slice(at);
    else if (op < 9) out = out.replace(/="[^"]*"/g, (m) => (rand() < 0.2 ? `="${TOKENS[pick(TOKENS.length)] ?? ''}"` : m));
    else if (op < 10) {
      const b = pick(out.length + 1);
      const [lo, hi] = at < b ? [at, b] : [b, at];
      out = out.slice(hi) + out.slice(lo, hi) + out.slice(0, lo);
    } else out = out.slice(0, at);
  }
  return out;
}

const NAMES = ['Say', 'Play', 'Pause', 'Gather', 'Record', 'Dial', 'Number', 'Sip', 'Client', 'Conference', 'Queue', 'Enqueue', 'Task',
  'Parameter', 'Identity', 'Hangup', 'Leave', 'Reject', 'Redirect', 'Connect', 'break', 'Foo'];
const ATTRIBUTES = ['loop', 'voice', 'language', 'digits', 'length', 'input', 'action', 'method', 'timeout', 'finishOnKey', 'numDigits',
  'maxLength', 'playBeep', 'trim', 'record', 'callerId', 'timeLimit', 'sequential', 'ringTone', 'sendDigits', 'url', 'beep', 'muted',
  'statusCallbackEvent', 'recordingStatusCallbackEvent', 'reason', 'name', 'value', 'priority', 'workflowSid', 'speechTimeout', 'Loop'];
const VALUES = ['', ' ', '0', '1', '5', '-1', '600', '601', '1001', 'true', 'false', 'TRUE', 'yes', 'GET', 'post', 'PUT', 'dtmf', 'speech',
  'dtmf speech', 'x', '#', '*#', '12w#', 'a b', '/ok', 'sip:a@b', 'busy', 'onEnter', 'completed', 'in-progress nope', 'auto', 'Polly.Amy', 'en-US'];
const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** Mutations that keep the XML well formed, so the validators (not saxes) see the document. */
function mutateValid(doc: string, rand: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  let out = doc;
  const steps = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < steps; i++) {
    const op = Math.floor(rand() * 5);
    if (op === 0) out = out.replace(/="[^"]*"/g, (m) => (rand() < 0.2 ? `="${escape(pick(VALUES))}"` : m));
    else if (op === 1) out = out.replace(/ [A-Za-z]+="[^"]*"/g, (m) => (rand() < 0.15 ? '' : m));
    else if (op === 2) out = out.replace(/<([A-Za-z]+)(?=[ />])/g, (m) => (rand() < 0.15 ? `${m} ${pick(ATTRIBUTES)}="${escape(pick(VALUES))}"` : m));
    else if (op === 3) out = out.replace(/>([^<]+)</g, (m) => (rand() < 0.3 ? `>${escape(pick(VALUES))}<` : m));
    else {
      const [from, to] = [pick(NAMES), pick(NAMES)];
      out = out.replaceAll(`<${from} `, `<${to} `).replaceAll(`<${from}>`, `<${to}>`).replaceAll(`<${from}/>`, `<${to}/>`).replaceAll(`</${from}>`, `</${to}>`);
    }
  }
  return out;
}

test('20,000 seeded mutations: parseTwiml returns a document or throws a TwimlError with a registry code', () => {
  const rand = seededRandom(0x7a11);
  const docs = seeds();
  for (const d of docs) assert.ok(parseTwiml(d).verbs.length > 0, 'every seed document is valid');
  const codes = new Map<number, number>();
  let parsed = 0;
  for (let i = 0; i < 20_000; i++) {
    const seed = docs[i % docs.length] ?? '';
    const input = i % 2 === 0 ? mutate(seed, rand) : mutateValid(seed, rand);
    try {
      const doc = parseTwiml(input);
      assert.ok(Array.isArray(doc.verbs));
      for (const v of doc.verbs) assert.equal(typeof v.verb, 'string');
      parsed++;
    } catch (err) {
      if (!(err instanceof TwimlError)) assert.fail(`mutation ${i} threw ${String(err)} for ${JSON.stringify(input)}`);
      assert.ok(errorRegistry.has(err.code), `mutation ${i}: ${err.code} is not a registry code`);
      assert.equal(typeof err.message, 'string');
      codes.set(err.code, (codes.get(err.code) ?? 0) + 1);
    }
  }
  // The fuzz is only worth something if it reaches both outcomes and many codes.
  assert.ok(parsed > 2000, `${parsed} mutations parsed`);
  assert.ok(20_000 - parsed > 1000, `${20_000 - parsed} mutations failed`);
  assert.ok(codes.size >= 30, `codes reached: ${[...codes.keys()].sort().join(' ')}`);
});
