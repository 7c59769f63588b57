// Every TwiML document in the shared corpus (read in place from ../shared/corpus, never copied)
// either parses or fails with a registry code. The ones expected to fail are listed with why.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { errorRegistry } from '../../core/index.ts';
import { TwimlError } from './errors.ts';
import { parseTwiml } from './parse.ts';
import type { TwimlDocument } from './types.ts';

const repo = new URL('../../../', import.meta.url);
const corpus = fileURLToPath(new URL('../shared/corpus/', repo));

/** Every .xml/.twiml file outside a scenarios/ folder (those are sipp scenarios, not TwiML). */
function twimlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'scenarios') twimlFiles(full, out);
    } else if (/\.(xml|twiml)$/.test(name)) out.push(relative(corpus, full));
  }
  return out;
}

/** Documents that must fail, with the code and the reason. */
const EXPECTED_FAILURES: Record<string, { code: number; why: string }> = {
  'somleng-switch/twiml/invalid-not-xml.xml': { code: 12100, why: 'the body is "Foobar", not XML' },
  'somleng-switch/twiml/invalid-root-not-response.xml': { code: 12102, why: 'the root element is <Play>' },
  'somleng-switch/twiml/invalid-unknown-verb-foobar.xml': { code: 12200, why: '<Foobar> is not a verb' },
  'somleng-switch/twiml/invalid-gather-nested-record.xml': { code: 13320, why: '<Record> may not be nested in <Gather>' },
  'somleng-switch/twiml/invalid-redirect-empty.xml': { code: 11100, why: '<Redirect> has no URL' },
};
// Not listed, so expected to parse although somleng names them invalid:
// invalid-dial-conference-noun-somleng.xml and invalid-connect-room-noun.xml are valid TwiML (a
// somleng limitation); invalid-stream-*.xml and invalid-parameter-missing-name.xml are invalid only
// inside <Connect>, whose insides we do not validate (Unsupported verb).

const files = twimlFiles(corpus);
const results = new Map<string, TwimlDocument | TwimlError>();
for (const file of files) {
  try {
    results.set(file, parseTwiml(readFileSync(join(corpus, file), 'utf8')));
  } catch (err) {
    if (!(err instanceof TwimlError)) throw new Error(`${file}: parseTwiml threw something other than a TwimlError`, { cause: err });
    results.set(file, err);
  }
}

test('the corpus holds the TwiML documents we expect (Twilio snippets and somleng fixtures)', () => {
  assert.ok(files.length >= 200, `found ${files.length} documents in ${corpus}`);
  assert.equal(files.filter((f) => f.startsWith('twilio-api-snippets/')).length, 149);
  for (const file of Object.keys(EXPECTED_FAILURES)) assert.ok(files.includes(file), `${file} is in the corpus`);
});

test('every document either parses or fails with a registry code', () => {
  for (const [file, result] of results) {
    if (result instanceof TwimlError) assert.ok(errorRegistry.has(result.code), `${file}: ${result.code}`);
    else assert.ok(Array.isArray(result.verbs), file);
  }
});

test('the documents listed as invalid fail with their code; every other one parses', () => {
  for (const [file, result] of results) {
    const expected = EXPECTED_FAILURES[file];
    if (expected) {
      assert.ok(result instanceof TwimlError, `${file} should fail: ${expected.why}`);
      assert.equal(result.code, expected.code, `${file}: ${result.message}`);
    } else {
      assert.ok(!(result instanceof TwimlError), `${file} should parse: ${result instanceof TwimlError ? result.message : ''}`);
    }
  }
});

function doc(file: string): TwimlDocument {
  const result = results.get(file);
  assert.ok(result && !(result instanceof TwimlError), file);
  return result;
}

test('corpus documents parse to what they mean', () => {
  assert.deepEqual(doc('twilio-api-snippets/voice/sip/sip-6.twiml').verbs[0], {
    verb: 'Dial', method: 'POST', timeout: 30, record: 'do-not-record', recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvent: ['completed'],
    trim: 'trim-silence', hangupOnStar: false, timeLimit: 14400, answerOnBridge: false, sequential: false, referMethod: 'POST',
    nouns: [{ noun: 'Sip', uri: 'sip:kate@example.com', method: 'POST', statusCallbackEvent: ['completed'], statusCallbackMethod: 'POST' }],
  });
  assert.deepEqual(doc('somleng-switch/twiml/say-leading-whitespace-comments-utf8.xml').verbs, [
    { verb: 'Say', text: 'Hola, buen día', voice: 'man', language: 'en-US', loop: 1 },
  ]);
  assert.deepEqual(doc('twilio-api-snippets/voice/gather/gather-5.twiml').verbs[1], { verb: 'Redirect', url: '/process_gather.php?Digits=TIMEOUT', method: 'GET' });
  const ssml = doc('twilio-api-snippets/voice/say/ssml.twiml').verbs[0];
  assert.equal(ssml?.verb === 'Say' && ssml.text, 'Hi Words to emphasize Words to speak aaaaaa Words to speak bbbbbbb Words to speak Words to speak Words to speak Words to be substituted Words to speak');
  assert.deepEqual(doc('somleng-switch/twiml/invalid-connect-room-noun.xml').verbs, [{ verb: 'Unsupported', name: 'Connect' }]);
  const conf = doc('somleng-switch/twiml/invalid-dial-conference-noun-somleng.xml').verbs[0];
  assert.equal(conf?.verb === 'Dial' && conf.nouns[0]?.noun === 'Conference' && conf.nouns[0].name, 'myteamroom');
  const dial = doc('somleng-switch/twiml/dial-action-spaces-in-number-then-play.xml').verbs[0];
  assert.equal(dial?.verb === 'Dial' && dial.nouns[0]?.noun === 'Number' && dial.nouns[0].number, '+85516701721');
  assert.deepEqual(doc('twilio-api-snippets/voice/application/hangup-parameter.twiml').verbs, [
    { verb: 'Hangup', parameters: [{ name: 'hangup_reason', value: 'no agents available' }] },
  ]);
});
