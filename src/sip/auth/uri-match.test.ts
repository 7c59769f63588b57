import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sameDigestUri } from './uri-match.ts';

describe('digest-uri matches the Request-URI after normalisation', () => {
  for (const [a, b] of [
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com'],
    ['sip:bob@BILOXI.com', 'SIP:bob@biloxi.COM'],
    ['sip:bob@biloxi.com;transport=TCP;lr', 'sip:bob@biloxi.com;LR;transport=tcp'],
    ['sip:%62ob@biloxi.com', 'sip:bob@biloxi.com'],
    ['sip:bob@[2001:DB8::1]:5060', 'sip:bob@[2001:db8::1]:5060'],
    ['tel:+1-201-555-0123', 'tel:+12015550123'],
    [' sip:bob@biloxi.com ', 'sip:bob@biloxi.com'],
    ['/dir/index.html', '/dir/index.html'],
  ] as const) {
    it(`${a} = ${b}`, () => assert.ok(sameDigestUri(a, b)));
  }

  for (const [a, b] of [
    ['sip:bob@biloxi.com', 'sip:Bob@biloxi.com'],
    ['sip:bob@biloxi.com', 'sips:bob@biloxi.com'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=tcp'],
    ['sip:bob@biloxi.com', 'sip:alice@biloxi.com'],
    ['sip:bob@biloxi.com?subject=a', 'sip:bob@biloxi.com?subject=A'],
    ['/dir/index.html', '/dir/other.html'],
  ] as const) {
    it(`${a} ≠ ${b}`, () => assert.ok(!sameDigestUri(a, b)));
  }
});
