import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatUri, parseUri, uriParam } from './index.ts';
import type { SipUri, TelUri, Uri } from './index.ts';

function ok(s: string): Uri {
  const r = parseUri(s);
  if (!r.ok) assert.fail(`${s}: ${r.error.reason}`);
  return r.value;
}
function sip(s: string): SipUri {
  const u = ok(s);
  assert.equal(u.kind, 'sip');
  return u as SipUri;
}
function bad(s: string, reason: RegExp): void {
  const r = parseUri(s);
  assert.equal(r.ok, false, s);
  if (!r.ok) assert.match(r.error.reason, reason);
}

describe('SIP URI (RFC 3261 §19.1)', () => {
  it('reads user, password, host, port, params and headers', () => {
    const u = sip('sips:alice:secret@atlanta.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent');
    assert.deepEqual(
      [u.scheme, u.user, u.password, u.host, u.hostType, u.port],
      ['sips', 'alice', 'secret', 'atlanta.com', 'domain', 5061],
    );
    assert.deepEqual(u.params, [{ name: 'transport', value: 'tcp' }, { name: 'lr', value: undefined }]);
    assert.deepEqual(u.headers, [{ name: 'subject', value: 'project x' }, { name: 'priority', value: 'urgent' }]);
    assert.equal(uriParam(u, 'TRANSPORT')?.value, 'tcp');
  });
  it('reads IPv4 and IPv6 hosts', () => {
    assert.deepEqual([sip('sip:192.0.2.1:5060').hostType, sip('sip:192.0.2.1').port], ['ipv4', undefined]);
    const v6 = sip('sip:bob@[2001:db8::10]:5070;maddr=[2001:db8::1]');
    assert.deepEqual([v6.host, v6.hostType, v6.port], ['[2001:db8::10]', 'ipv6', 5070]);
    assert.equal(uriParam(v6, 'maddr')?.value, '[2001:db8::1]');
  });
  it('decodes %-escapes in user and parameters', () => {
    const u = sip('sip:%61lice%40home@example.com;n%61me=v%25');
    assert.equal(u.user, 'alice@home');
    assert.deepEqual(u.params, [{ name: 'name', value: 'v%' }]);
    assert.equal(sip('sip:%C3%A9t%C3%A9@example.com').user, 'été');
  });
  it('accepts user parts with ; ? and / (user-unreserved)', () => {
    const u = sip('sip:a;b=c?d/e@example.com;p');
    assert.deepEqual([u.user, u.host, u.params.length], ['a;b=c?d/e', 'example.com', 1]);
  });
  it('is case-insensitive in the scheme', () => {
    assert.equal(sip('SIP:example.com').scheme, 'sip');
  });
  it('rejects malformed SIP URIs', () => {
    bad('sip:', /missing host/);
    bad('sip:@example.com', /empty user/);
    bad('sip:a b@example.com', /invalid character in URI user/);
    bad('sip:alice@exa mple.com', /invalid host/);
    bad('sip:alice@example.com:99999', /invalid port/);
    bad('sip:alice@example.com:', /invalid port/);
    bad('sip:alice@-bad.com', /invalid host/);
    bad('sip:alice@1.2.3', /invalid host/);
    bad('sip:alice@256.1.1.1', /invalid host/);
    bad('sip:alice@[::1', /IPv6/);
    bad('sip:alice@[fe80::1%25eth0]', /invalid host/);
    bad('sip:alice%2@example.com', /bad %-escape/);
    bad('sip:alice@example.com;', /empty URI parameter name/);
    bad('sip:alice@example.com;a=', /empty URI parameter value/);
    bad('sip:alice@example.com?x', /without "="/);
    bad('sip:alice@example.com;a=<b>', /invalid character/);
    bad('sip:alicé@example.com', /invalid character/);
  });
});

describe('tel URI (RFC 3966)', () => {
  it('reads global and local numbers', () => {
    const g = ok('tel:+1-201-555-0123;ext=1234') as TelUri;
    assert.deepEqual([g.kind, g.number, g.global, g.params], ['tel', '+1-201-555-0123', true, [{ name: 'ext', value: '1234' }]]);
    const l = ok('tel:7042;phone-context=example.com') as TelUri;
    assert.equal(l.global, false);
  });
  it('rejects bad numbers and local numbers without phone-context', () => {
    bad('tel:+1-201-555-0x23', /invalid character/);
    bad('tel:+', /empty tel URI number/);
    bad('tel:7042', /phone-context/);
  });
});

describe('other schemes (absoluteURI)', () => {
  it('keeps them opaque and lower-cases the scheme', () => {
    assert.deepEqual(ok('HTTP://www.example.com/a?b=c'), { kind: 'other', scheme: 'http', opaque: '//www.example.com/a?b=c' });
    assert.deepEqual(ok('urn:service:sos'), { kind: 'other', scheme: 'urn', opaque: 'service:sos' });
  });
  it('rejects what is not a URI', () => {
    bad('<sip:a@b>', /invalid URI scheme/);
    bad('1abc:x', /invalid URI scheme/);
    bad('noColonHere', /invalid URI scheme/);
    bad('mailto:', /empty mailto URI/);
    bad('mailto:a b', /invalid character/);
  });
});

describe('formatUri', () => {
  it('re-escapes only what the grammar requires and round-trips', () => {
    for (const s of [
      'sip:alice@example.com',
      'sips:alice:pw@[2001:db8::1]:5061;transport=tls;lr?h=v&x=',
      'sip:user;par=u%40example.net@example.com',
      'tel:+1-201-555-0123;ext=1',
      'urn:service:sos',
    ]) {
      const u = ok(s);
      assert.equal(formatUri(u), s);
      assert.deepEqual(ok(formatUri(u)), u);
    }
    assert.equal(formatUri(sip('sip:%61lice@example.com')), 'sip:alice@example.com');
    assert.equal(formatUri(sip('sip:I%20have@example.com')), 'sip:I%20have@example.com');
    assert.equal(formatUri(sip('sip:%00@example.com')), 'sip:%00@example.com');
  });
});
