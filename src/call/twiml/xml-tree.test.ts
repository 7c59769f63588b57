import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TwimlError } from './errors.ts';
import { MAX_DEPTH, parseXmlTree, type XmlElement } from './xml-tree.ts';

function fails(xml: string, code: number): TwimlError {
  try {
    parseXmlTree(xml);
  } catch (err) {
    assert.ok(err instanceof TwimlError);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${code} for ${JSON.stringify(xml)}`);
}

test('builds elements with attributes, text (entities and CDATA decoded) and start lines', () => {
  const root = parseXmlTree('<?xml version="1.0" encoding="UTF-8"?>\n<!-- c -->\n<Response>\n  <Say\n loop="2">a &amp; <![CDATA[<b>]]></Say>\n</Response>\n');
  assert.equal(root.name, 'Response');
  assert.equal(root.line, 3);
  const say = root.children.find((c): c is XmlElement => c.kind === 'element');
  assert.ok(say);
  assert.equal(say.name, 'Say');
  assert.equal(say.line, 4);
  assert.deepEqual([...say.attributes], [['loop', '2']]);
  assert.equal(say.children.map((c) => (c.kind === 'text' ? c.text : '')).join(''), 'a & <b>');
});

test('skips leading whitespace and a BOM, even before the XML declaration', () => {
  const root = parseXmlTree('\uFEFF\n  <?xml version="1.0" ?>\n  <Response/>');
  assert.equal(root.name, 'Response');
  assert.equal(root.line, 3);
  assert.equal(parseXmlTree('\r\n\r\n<a/>').line, 3);
});

test('well-formedness failures are 12100; a version other than 1.0 is 12101', () => {
  for (const xml of ['', '   ', '<a>', '<a></b>', 'x<a/>', '<a/>x', '<a/><b/>', '<a x="1" x="2"/>', '<a>&bogus;</a>', '<!DOCTYPE a><a/>', '<a>\u0001</a>']) {
    fails(xml, 12100);
  }
  fails('<?xml version="1.1"?><a/>', 12101);
  fails('<?xml version = "0.9" ?><a/>', 12101);
});

test(`nesting deeper than ${MAX_DEPTH} elements is refused (12200)`, () => {
  const ok = `${'<a>'.repeat(MAX_DEPTH)}${'</a>'.repeat(MAX_DEPTH)}`;
  assert.equal(parseXmlTree(ok).name, 'a');
  const deep = `${'<a>'.repeat(MAX_DEPTH + 1)}${'</a>'.repeat(MAX_DEPTH + 1)}`;
  assert.equal(fails(deep, 12200).element, 'a');
  fails(`${'<a>'.repeat(100_000)}`, 12200);
});
