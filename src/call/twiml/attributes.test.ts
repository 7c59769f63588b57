import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boolean, exactly, INVALID, integer, listOf, matching, method, oneOf, readAttributes, text, token, url } from './attributes.ts';
import { TwimlError } from './errors.ts';
import { parseXmlTree } from './xml-tree.ts';

test('integer: whole numbers in range, surrounding whitespace ignored', () => {
  const r = integer(13510, 0, 1000);
  assert.equal(r.parse('0'), 0);
  assert.equal(r.parse(' 1000 '), 1000);
  assert.equal(r.parse('007'), 7);
  for (const bad of ['', '-1', '+1', '1.0', '1e3', '1001', 'x', '0x10', '99999999999']) assert.equal(r.parse(bad), INVALID, bad);
});

test('boolean: true/false in any case', () => {
  const r = boolean(13213);
  assert.equal(r.parse('true'), true);
  assert.equal(r.parse('FALSE'), false);
  assert.equal(r.parse(' True '), true);
  for (const bad of ['', '1', '0', 'yes', 'tru']) assert.equal(r.parse(bad), INVALID, bad);
});

test('oneOf: case-insensitive, returns the canonical spelling', () => {
  const r = oneOf(13235, ['true', 'false', 'onEnter', 'onExit'] as const);
  assert.equal(r.parse('ONENTER'), 'onEnter');
  assert.equal(r.parse('onExit'), 'onExit');
  assert.equal(r.parse('on'), INVALID);
});

test('listOf: space or comma separated, duplicates dropped, empty refused', () => {
  const r = listOf(13326, ['dtmf', 'speech'] as const);
  assert.deepEqual(r.parse('speech dtmf'), ['speech', 'dtmf']);
  assert.deepEqual(r.parse(' DTMF,dtmf  speech '), ['dtmf', 'speech']);
  assert.equal(r.parse(''), INVALID);
  assert.equal(r.parse('  '), INVALID);
  assert.equal(r.parse('dtmf voice'), INVALID);
});

test('method: GET/POST in any case, upper-cased', () => {
  const r = method(13312);
  assert.equal(r.parse('get'), 'GET');
  assert.equal(r.parse('Post'), 'POST');
  assert.equal(r.parse('PUT'), INVALID);
  assert.equal(r.parse(''), INVALID);
});

test('url: kept raw but trimmed; inner whitespace or control characters refused', () => {
  const r = url();
  assert.equal(r.code, 11100);
  assert.equal(r.parse(' ../next?a=1&b=%20 '), '../next?a=1&b=%20');
  assert.equal(r.parse('www.example.com'), 'www.example.com');
  assert.equal(r.parse(''), '');
  for (const bad of ['/a b', '/a\tb', '/a\u0000b', '/a\u007fb', 'http://x/\u00a0y']) assert.equal(r.parse(bad), INVALID, JSON.stringify(bad));
});

test('text, token, matching, exactly', () => {
  assert.equal(text().parse(' a, b \n'), ' a, b \n');
  assert.equal(text().parse('a\u0001'), INVALID);
  assert.equal(token(12200, 3).parse(' abc '), 'abc');
  assert.equal(token(12200, 3).parse('abcd'), INVALID);
  assert.equal(token(12200, 3).parse('  '), INVALID);
  assert.equal(matching(13430, /^\d+$/, 'digits').parse(' 12 '), '12');
  assert.equal(exactly(13310, /^[#*]?$/, 'a key').parse(''), '');
  assert.equal(exactly(13310, /^[#*]?$/, 'a key').parse(' #'), INVALID);
});

test('readAttributes: parses known attributes, leaves absent ones undefined, refuses unknown ones', () => {
  const el = parseXmlTree('<Say loop="2" ignoredOne="x">hi</Say>');
  const rules = { loop: integer(13510, 0, 10), voice: text() };
  const a = readAttributes(el, rules, { ignored: ['ignoredOne'] });
  assert.deepEqual(a, { loop: 2 });
  assert.throws(() => readAttributes(el, rules), (err: unknown) => err instanceof TwimlError && err.code === 12200 && err.attribute === 'ignoredOne');
  const proto = parseXmlTree('<Say __proto__="1" constructor="2">hi</Say>');
  assert.throws(() => readAttributes(proto, rules), (err: unknown) => err instanceof TwimlError && err.code === 12200 && err.attribute === '__proto__');
});
