// A table of invalid documents, each with the code it must fail with (at least one per code the
// parser raises), and the site (element, attribute, line) an error reports.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { errorRegistry } from '../../core/index.ts';
import { UNREGISTERED_CODES, type TwimlCode } from './errors.ts';
import { assertFails } from './twiml.fixture.ts';

const R = (body: string) => `<Response>${body}</Response>`;

const CASES: readonly [string, TwimlCode, string][] = [
  // 12100 document parse failure
  ['unclosed <Say>', 12100, '<Response><Say>'],
  ['empty body', 12100, ''],
  ['whitespace-only body', 12100, ' \n\t '],
  ['not XML', 12100, '"Foobar"'],
  ['text after the root', 12100, '<Response/>junk'],
  ['two roots', 12100, '<Response/><Response/>'],
  ['unescaped & in a URL', 12100, R('<Play>http://x/a?b=1&c=2</Play>')],
  ['undefined entity', 12100, R('<Say>a&nbsp;b</Say>')],
  ['duplicate attribute', 12100, R('<Say loop="1" loop="2">x</Say>')],
  ['a DOCTYPE', 12100, '<!DOCTYPE Response><Response/>'],
  ['mismatched close tag', 12100, R('<Say>x</Play>')],
  // 12101 XML version
  ['XML 1.1', 12101, '<?xml version="1.1"?><Response/>'],
  ['XML 2.0', 12101, "<?xml version='2.0'?><Response/>"],
  ['bad Response version', 12101, '<Response version="2020-01-01"/>'],
  // 12102 root
  ['root <Foo>', 12102, '<Foo/>'],
  ['root <response> (case)', 12102, '<response/>'],
  ['root is a verb', 12102, '<Play>http://x/a.mp3</Play>'],
  // 12200 schema
  ['unknown verb', 12200, R('<Foobar>x</Foobar>')],
  ['verb in the wrong case', 12200, R('<say>x</say>')],
  ['unknown attribute', 12200, R('<Say foo="1">x</Say>')],
  ['attribute in the wrong case', 12200, R('<Say Loop="2">x</Say>')],
  ['unknown attribute on Response', 12200, '<Response foo="1"/>'],
  ['text in Response', 12200, R('hello')],
  ['text in Hangup', 12200, R('<Hangup>now</Hangup>')],
  ['element in Pause', 12200, R('<Pause><Say>x</Say></Pause>')],
  ['element in Leave', 12200, R('<Leave><Say>x</Say></Leave>')],
  ['element in Record', 12200, R('<Record><Say>x</Say></Record>')],
  ['element in Play', 12200, R('<Play><Say>x</Say></Play>')],
  ['element in Redirect', 12200, R('<Redirect><Say>x</Say></Redirect>')],
  ['non-Parameter in Hangup', 12200, R('<Hangup><Say>x</Say></Hangup>')],
  ['Parameter without name', 12200, R('<Reject><Parameter value="1"/></Reject>')],
  ['Play with URL and digits', 12200, R('<Play digits="1">http://x/a.mp3</Play>')],
  ['non-SSML element in Say', 12200, R('<Say>a<Play>x</Play></Say>')],
  ['unknown SSML attribute', 12200, R('<Say><break foo="1"/>x</Say>')],
  ['Say language not a tag', 12200, R('<Say language="en US">x</Say>')],
  ['Enqueue without a name', 12200, R('<Enqueue/>')],
  ['Enqueue name too long', 12200, R(`<Enqueue>${'q'.repeat(65)}</Enqueue>`)],
  ['two Tasks', 12200, R('<Enqueue workflowSid="WW1"><Task>{}</Task><Task>{}</Task></Enqueue>')],
  ['Task not a JSON object', 12200, R('<Enqueue workflowSid="WW1"><Task>[1]</Task></Enqueue>')],
  ['Enqueue method', 12200, R('<Enqueue method="PUT">q</Enqueue>')],
  ['maxQueueSize 0', 12200, R('<Enqueue maxQueueSize="0">q</Enqueue>')],
  ['Client without identity', 12200, R('<Dial><Client></Client></Dial>')],
  ['Client with two identities', 12200, R('<Dial><Client>a<Identity>b</Identity></Client></Dial>')],
  ['Client identity with a space', 12200, R('<Dial><Client>a b</Client></Dial>')],
  ['Queue without a name', 12200, R('<Dial><Queue/></Dial>')],
  ['Gather enhanced', 12200, R('<Gather enhanced="yes"/>')],
  ['Dial recordingTrack', 12200, R('<Dial recordingTrack="left">1</Dial>')],
  ['Dial trim', 12200, R('<Dial trim="maybe">1</Dial>')],
  ['maxParticipants 251', 12200, R('<Dial><Conference maxParticipants="251">r</Conference></Dial>')],
  ['Conference record', 12200, R('<Dial><Conference record="record-from-answer">r</Conference></Dial>')],
  ['Number statusCallbackEvent', 12200, R('<Dial><Number statusCallbackEvent="rang">1</Number></Dial>')],
  ['nesting too deep', 12200, R(`<Say>${'<s>'.repeat(70)}x${'</s>'.repeat(70)}</Say>`)],
  // 11100 URL
  ['empty Redirect', 11100, R('<Redirect></Redirect>')],
  ['Redirect URL with a space', 11100, R('<Redirect>http://x/a b</Redirect>')],
  ['empty Play', 11100, R('<Play/>')],
  ['Play URL with a control character', 11100, R('<Play>http://x/a&#127;b</Play>')],
  ['action with a space', 11100, R('<Gather action="/a b"/>')],
  ['Dial action with a newline', 11100, R('<Dial action="/a&#10;b">1</Dial>')],
  // 13000 and 132xx Dial
  ['Conference mixed with Number', 13000, R('<Dial><Number>1</Number><Conference>r</Conference></Dial>')],
  ['two Conferences', 13000, R('<Dial><Conference>a</Conference><Conference>b</Conference></Dial>')],
  ['Dial method', 13210, R('<Dial method="PUT">1</Dial>')],
  ['Dial recordingStatusCallbackMethod', 13210, R('<Dial recordingStatusCallbackMethod="x">1</Dial>')],
  ['Dial timeout 0', 13212, R('<Dial timeout="0">1</Dial>')],
  ['Dial timeout 601', 13212, R('<Dial timeout="601">1</Dial>')],
  ['hangupOnStar', 13213, R('<Dial hangupOnStar="yes">1</Dial>')],
  ['empty callerId', 13214, R('<Dial callerId="  ">1</Dial>')],
  ['Say nested in Dial', 13215, R('<Dial><Say>x</Say></Dial>')],
  ['empty Dial', 13215, R('<Dial/>')],
  ['text and nouns in Dial', 13215, R('<Dial>1<Number>2</Number></Dial>')],
  ['element in Number', 13215, R('<Dial><Number><Say>x</Say></Number></Dial>')],
  ['timeLimit 0', 13216, R('<Dial timeLimit="0">1</Dial>')],
  ['timeLimit -5', 13216, R('<Dial timeLimit="-5">1</Dial>')],
  ['Dial record', 13217, R('<Dial record="yes">1</Dial>')],
  ['sequential', 13218, R('<Dial sequential="maybe">1</Dial>')],
  ['answerOnBridge', 13219, R('<Dial answerOnBridge="1">1</Dial>')],
  ['ringTone', 13220, R('<Dial ringTone="xx">1</Dial>')],
  ['Number method', 13221, R('<Dial><Number method="PUT">1</Number></Dial>')],
  ['Number statusCallbackMethod', 13221, R('<Dial><Number statusCallbackMethod="PUT">1</Number></Dial>')],
  ['sendDigits', 13222, R('<Dial><Number sendDigits="12a">1</Number></Dial>')],
  ['number with letters', 13223, R('<Dial>call-me</Dial>')],
  ['Number too long', 13223, R('<Dial><Number>+1234567890123456</Number></Dial>')],
  ['+ in the middle', 13223, R('<Dial>1+2</Dial>')],
  ['Conference muted', 13230, R('<Dial><Conference muted="no">r</Conference></Dial>')],
  ['endConferenceOnExit', 13231, R('<Dial><Conference endConferenceOnExit="x">r</Conference></Dial>')],
  ['startConferenceOnEnter', 13232, R('<Dial><Conference startConferenceOnEnter="x">r</Conference></Dial>')],
  ['waitMethod', 13234, R('<Dial><Conference waitMethod="PUT">r</Conference></Dial>')],
  ['beep', 13235, R('<Dial><Conference beep="loud">r</Conference></Dial>')],
  ['empty conference name', 13237, R('<Dial><Conference>  </Conference></Dial>')],
  ['conference trim', 13239, R('<Dial><Conference trim="x">r</Conference></Dial>')],
  ['Sip method', 13241, R('<Dial><Sip method="x">sip:a@b</Sip></Dial>')],
  ['Sip URI of another scheme', 13243, R('<Dial><Sip>tel:+15550100</Sip></Dial>')],
  ['Sip URI without a host', 13243, R('<Dial><Sip>alice</Sip></Dial>')],
  ['empty Sip', 13243, R('<Dial><Sip/></Dial>')],
  // 133xx Gather
  ['finishOnKey two keys', 13310, R('<Gather finishOnKey="#*"/>')],
  ['finishOnKey a letter', 13310, R('<Gather finishOnKey="a"/>')],
  ['Gather method', 13312, R('<Gather method="DELETE"/>')],
  ['Gather timeout', 13313, R('<Gather timeout="abc"/>')],
  ['Gather timeout decimal', 13313, R('<Gather timeout="2.5"/>')],
  ['numDigits 0', 13314, R('<Gather numDigits="0"/>')],
  ['Dial in Gather', 13320, R('<Gather><Dial>1</Dial></Gather>')],
  ['Record in Gather', 13320, R('<Gather><Record/></Gather>')],
  ['unknown element in Gather', 13320, R('<Gather><Foo/></Gather>')],
  ['Gather->Say voice', 13321, R('<Gather><Say voice="robot 9">x</Say></Gather>')],
  ['Gather->Say loop', 13322, R('<Gather><Say loop="-1">x</Say></Gather>')],
  ['Gather->Say empty text', 13520, R('<Gather><Say/></Gather>')],
  ['Gather->Play loop', 13410, R('<Gather><Play loop="x">http://x/a.mp3</Play></Gather>')],
  ['Gather->Pause length', 13910, R('<Gather><Pause length="x"/></Gather>')],
  ['Gather input', 13326, R('<Gather input="voice"/>')],
  ['Gather input empty', 13326, R('<Gather input=""/>')],
  ['speechTimeout', 13327, R('<Gather speechTimeout="soon"/>')],
  ['maxSpeechTime', 13328, R('<Gather maxSpeechTime="61"/>')],
  ['partialResultCallbackMethod', 13329, R('<Gather partialResultCallbackMethod="x"/>')],
  ['Gather language', 13331, R('<Gather language="english please"/>')],
  ['bargeIn', 13332, R('<Gather bargeIn="no"/>')],
  ['profanityFilter', 13333, R('<Gather profanityFilter="no"/>')],
  ['speechModel', 13334, R('<Gather speechModel="a b"/>')],
  ['actionOnEmptyResult', 13338, R('<Gather actionOnEmptyResult="1"/>')],
  // 134xx Play, 135xx Say
  ['Play loop', 13410, R('<Play loop="x">http://x/a.mp3</Play>')],
  ['Play loop 1001', 13410, R('<Play loop="1001">http://x/a.mp3</Play>')],
  ['Play digits', 13430, R('<Play digits="12x"/>')],
  ['Play empty digits', 13430, R('<Play digits=""/>')],
  ['Say loop', 13510, R('<Say loop="x">hi</Say>')],
  ['Say voice', 13511, R('<Say voice="robot">hi</Say>')],
  ['empty Say', 13520, R('<Say></Say>')],
  ['whitespace Say', 13520, R('<Say>  \n </Say>')],
  ['SSML-only empty Say', 13520, R('<Say><break time="1s"/></Say>')],
  ['Say too long', 13521, R(`<Say>${'a'.repeat(4097)}</Say>`)],
  // 136xx Record
  ['Record method', 13610, R('<Record method="x"/>')],
  ['Record recordingStatusCallbackMethod', 13610, R('<Record recordingStatusCallbackMethod="x"/>')],
  ['Record timeout', 13611, R('<Record timeout="-1"/>')],
  ['Record maxLength 0', 13612, R('<Record maxLength="0"/>')],
  ['Record maxLength too big', 13612, R('<Record maxLength="86401"/>')],
  ['Record finishOnKey', 13613, R('<Record finishOnKey="1a"/>')],
  ['transcribe', 13614, R('<Record transcribe="yes"/>')],
  ['playBeep', 13616, R('<Record playBeep="no"/>')],
  ['recordingStatusCallbackEvent', 13621, R('<Record recordingStatusCallbackEvent="done"/>')],
  ['Dial recordingStatusCallbackEvent', 13621, R('<Dial recordingStatusCallbackEvent="completed nope">1</Dial>')],
  ['Record trim', 13699, R('<Record trim="trim"/>')],
  // 137xx-139xx
  ['Redirect method', 13710, R('<Redirect method="PATCH">/x</Redirect>')],
  ['Reject reason', 13810, R('<Reject reason="declined"/>')],
  ['Pause length', 13910, R('<Pause length="601"/>')],
  ['Pause length text', 13910, R('<Pause length="one"/>')],
];

for (const [name, code, xml] of CASES) {
  test(`${code}: ${name}`, () => {
    assertFails(xml, code);
  });
}

test('the table covers every code the parser is documented to raise', () => {
  const expected = [
    11100, 12100, 12101, 12102, 12200, 13000, 13210, 13212, 13213, 13214, 13215, 13216, 13217, 13218, 13219, 13220, 13221, 13222, 13223,
    13230, 13231, 13232, 13234, 13235, 13237, 13239, 13241, 13243, 13310, 13312, 13313, 13314, 13320, 13321, 13322, 13326, 13327, 13328,
    13329, 13331, 13332, 13333, 13334, 13338, 13410, 13430, 13510, 13511, 13520, 13521, 13610, 13611, 13612, 13613, 13614, 13616, 13621,
    13699, 13710, 13810, 13910,
  ];
  const covered = new Set(CASES.map(([, code]) => code));
  assert.deepEqual(expected.filter((c) => !covered.has(c as TwimlCode)), []);
});

test('an error names the element, the attribute, the value and the line', () => {
  const xml = '<?xml version="1.0"?>\n<Response>\n  <Say>ok</Say>\n  <Record\n    timeout="x"/>\n</Response>';
  const err = assertFails(xml, 13611);
  assert.equal(err.element, 'Record');
  assert.equal(err.attribute, 'timeout');
  assert.equal(err.line, 4);
  assert.match(err.message, /<Record> attribute timeout="x" at line 4/);
});

test('lines count leading whitespace that is skipped before the document', () => {
  const err = assertFails('\n\n  <Response>\n<Foo/></Response>', 12200);
  assert.equal(err.line, 4);
  assert.equal(err.element, 'Foo');
  assert.match(err.message, /<Foo> at line 4: <Foo> is not a TwiML verb/);
  assert.equal(assertFails('\n<Response>\n<Say>', 12100).line, 3);
});

test('an unregistered Twilio code is reported as 12200 and kept in twilioCode and the message', () => {
  const err = assertFails(R('<Dial sequential="maybe">1</Dial>'), 13218);
  if (!errorRegistry.has(13218)) {
    assert.equal(err.code, 12200);
    assert.match(err.message, /\(Twilio error 13218\)$/);
  }
});

test('every unregistered code is a code in Twilio\'s voice error dictionary', () => {
  const dictionary = JSON.parse(readFileSync(new URL('../../../../shared/corpus/twilio-error-codes/voice-error-codes.json', import.meta.url), 'utf8')) as { code: number }[];
  const known = new Set(dictionary.map((e) => e.code));
  for (const code of UNREGISTERED_CODES) assert.ok(known.has(code), `${code} is in Twilio's dictionary`);
});
