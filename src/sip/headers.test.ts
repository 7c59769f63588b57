// Header value parsers: name-addr (§20.10, §20.20, §20.39), Via (§20.42),
// CSeq / Call-ID / Max-Forwards / Date / media types, names and list splitting.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalHeaderName,
  formatNameAddr,
  formatVia,
  parseCSeq,
  parseMediaType,
  parseNameAddr,
  parseQValue,
  parseVia,
  splitList,
} from './index.ts';
import type { NameAddr, SipUri, ViaHeader } from './index.ts';
import { readContactHeader, readNameAddr, readPartyHeader } from './address.ts';
import { readCallId, readDate, readExpires, readMaxForwards } from './values.ts';

function na(s: string): NameAddr {
  const r = parseNameAddr(s);
  if (!r.ok) assert.fail(`${s}: ${r.error.reason}`);
  return r.value;
}
function naFails(s: string, reason: RegExp): void {
  const r = parseNameAddr(s);
  assert.equal(r.ok, false, s);
  if (!r.ok) assert.match(r.error.reason, reason);
}
function via(s: string): ViaHeader {
  const r = parseVia(s);
  if (!r.ok) assert.fail(`${s}: ${r.error.reason}`);
  return r.value;
}

describe('name-addr / addr-spec', () => {
  it('reads quoted display names with quoted-pairs', () => {
    const v = na('"A \\"B\\" \\\\ C" <sip:a@example.com>;tag=x');
    assert.equal(v.displayName, 'A "B" \\ C');
    assert.deepEqual(v.params, [{ name: 'tag', value: 'x' }]);
  });
  it('reads token display names, with or without LWS before <', () => {
    assert.equal(na('Alice  Smith <sip:a@b.com>').displayName, 'Alice  Smith');
    assert.equal(na('caller<sip:a@b.com>').displayName, 'caller');
    assert.equal(na('<sip:a@b.com>').displayName, undefined);
    assert.equal(na('"" <sip:a@b.com>').displayName, '');
  });
  it('gives addr-spec parameters to the header, not the URI', () => {
    const v = na('sip:a@b.com;tag=1;x');
    assert.equal(v.bracketed, false);
    assert.deepEqual((v.uri as SipUri).params, []);
    assert.deepEqual(v.params, [{ name: 'tag', value: '1' }, { name: 'x', value: undefined }]);
  });
  it('accepts LWS around ; and = and quoted / IPv6 parameter values', () => {
    const v = na('<sip:a@b.com> ;  p = "q;,v" ; h=[2001:db8::1]');
    assert.deepEqual(v.params, [{ name: 'p', value: '"q;,v"' }, { name: 'h', value: '[2001:db8::1]' }]);
  });
  it('rejects malformed values', () => {
    naFails('"unterminated <sip:a@b.com>', /unterminated quoted-string/);
    naFails('"x" sip:a@b.com', /expected "<"/);
    naFails('<sip:a@b.com', /missing ">"/);
    naFails('< sip:a@b.com>', /whitespace inside/);
    naFails('Bell, Alexander <sip:a@b.com>', /not in <>/);
    naFails('sip:a@b.com?Route=x', /not in <>/);
    naFails('<sip:a@b.com>;;', /empty parameter/);
    naFails('<sip:a@b.com>;p=', /missing value/);
    naFails('<sip:a@b.com> junk', /unexpected "j"/);
    naFails('<>', /empty URI/);
    assert.throws(() => readNameAddr('sip:a@b.com', 'Route', true), /requires a name-addr/);
  });
  it('From/To tag and Contact q/expires', () => {
    assert.equal(readPartyHeader('<sip:a@b.com>;TAG=abc', 'From').tag, 'abc');
    assert.throws(() => readPartyHeader('<sip:a@b.com>;tag', 'From'), /tag must be a token/);
    const c = readContactHeader('<sip:a@b.com>;q=0.7;expires=3600');
    assert.deepEqual([c.q, c.expires], [0.7, 3600]);
    assert.throws(() => readContactHeader('<sip:a@b.com>;q=1.5'), /invalid q/);
    assert.throws(() => readContactHeader('<sip:a@b.com>;expires=4294967296'), /invalid expires/);
    assert.deepEqual(['0', '0.5', '1', '1.000', '0.123'].map(parseQValue), [0, 0.5, 1, 1, 0.123]);
    assert.deepEqual(['1.1', '0.1234', '2', '', '.5'].map(parseQValue), [undefined, undefined, undefined, undefined, undefined]);
  });
  it('formats and re-parses', () => {
    const v = na('"A \\"B\\"" <sip:a@b.com;lr>;tag=9');
    assert.equal(formatNameAddr(v), '"A \\"B\\"" <sip:a@b.com;lr>;tag=9');
    assert.deepEqual(na(formatNameAddr(v)), v);
  });
});

describe('Via (RFC 3261 §20.42, RFC 3581)', () => {
  it('reads protocol, sent-by and well-known params', () => {
    const v = via('SIP/2.0/udp pc33.atlanta.com:5066;branch=z9hG4bK776;received=192.0.2.1;rport=5070;maddr=224.2.0.1;ttl=16');
    assert.deepEqual(
      [v.protocol, v.version, v.transport, v.host, v.port, v.branch, v.received, v.hasRport, v.rport, v.maddr, v.ttl],
      ['SIP', '2.0', 'UDP', 'pc33.atlanta.com', 5066, 'z9hG4bK776', '192.0.2.1', true, 5070, '224.2.0.1', 16],
    );
  });
  it('accepts LWS around / and : and an rport without value', () => {
    const v = via('SIP / 2.0 / TCP   host.example.com : 5060 ; rport ; branch = z9hG4bKx');
    assert.deepEqual([v.transport, v.host, v.port, v.hasRport, v.rport, v.branch], ['TCP', 'host.example.com', 5060, true, undefined, 'z9hG4bKx']);
  });
  it('reads IPv6 sent-by and received', () => {
    const v = via('SIP/2.0/UDP [2001:db8::9]:5060;received=2001:db8::9;branch=z9hG4bK1');
    assert.deepEqual([v.host, v.hostType, v.port, v.received], ['[2001:db8::9]', 'ipv6', 5060, '2001:db8::9']);
  });
  it('rejects malformed values', () => {
    for (const [s, reason] of [
      ['SIP/2.0 host.com', /sent-protocol/],
      ['SIP/2.0/UDPhost.com', /whitespace before Via sent-by|invalid Via sent-by/],
      ['SIP/2.0/UDP', /missing whitespace|invalid Via sent-by/],
      ['SIP/2.0/UDP host.com:70000', /invalid Via port/],
      ['SIP/2.0/UDP host.com;received=example.com', /received must be an IP/],
      ['SIP/2.0/UDP host.com;rport=x', /invalid Via rport/],
      ['SIP/2.0/UDP host.com;ttl=256', /invalid Via ttl/],
      ['SIP/2.0/UDP host.com;branch', /branch must be a token/],
      ['SIP/2.0/UDP 192.0.2.15;;', /empty parameter/],
      ['SIP/2.0/UDP host_1.com', /invalid Via sent-by host|unexpected/],
    ] as const) {
      const r = parseVia(s);
      assert.equal(r.ok, false, s);
      if (!r.ok) assert.match(r.error.reason, reason, s);
    }
  });
  it('formats', () => {
    assert.equal(formatVia(via('SIP / 2.0 / tcp  h.com:5060 ; branch = z9hG4bKx')), 'SIP/2.0/TCP h.com:5060;branch=z9hG4bKx');
  });
});

describe('scalar values', () => {
  it('CSeq: number and method, 32-bit limit, LWS', () => {
    const c = parseCSeq('  0009   INVITE ');
    assert.deepEqual(c.ok && c.value, { seq: 9, method: 'INVITE' });
    assert.equal(parseCSeq('4294967295 ACK').ok, true);
    for (const s of ['4294967296 ACK', 'INVITE', '1INVITE', '1 ', '-1 ACK', '1 INVITE x']) assert.equal(parseCSeq(s).ok, false, s);
  });
  it('Call-ID: word [@ word]', () => {
    assert.equal(readCallId(' a84b4c76e66710@pc33.atlanta.com '), 'a84b4c76e66710@pc33.atlanta.com');
    for (const s of ['', 'a b', 'a@', '@b', 'a@b@c', 'a;b']) assert.throws(() => readCallId(s), /Call-ID/, s);
  });
  it('Max-Forwards 0..255 and Expires 0..2^32-1', () => {
    assert.equal(readMaxForwards('0068'), 68);
    assert.throws(() => readMaxForwards('256'), /Max-Forwards/);
    assert.throws(() => readMaxForwards('-1'), /Max-Forwards/);
    assert.equal(readExpires('4294967295'), 4294967295);
    assert.throws(() => readExpires('4294967296'), /Expires/);
  });
  it('Date: rfc1123-date in GMT only', () => {
    assert.equal(readDate('Sat, 13 Nov 2010 23:29:00 GMT'), Date.UTC(2010, 10, 13, 23, 29, 0));
    for (const s of ['Sat, 13 Nov 2010 23:29:00 EST', 'Sat, 31 Feb 2010 23:29:00 GMT', 'Sat, 13 Nov 2010 24:29:00 GMT', 'yesterday']) {
      assert.throws(() => readDate(s), /Date/, s);
    }
  });
  it('media types', () => {
    const m = parseMediaType('Multipart/Mixed ; boundary="abc def"');
    assert.deepEqual(m.ok && [m.value.type, m.value.subtype, m.value.params], ['multipart', 'mixed', [{ name: 'boundary', value: '"abc def"' }]]);
    for (const s of ['application', 'application/', '/sdp', 'a/b;']) assert.equal(parseMediaType(s).ok, false, s);
  });
});

describe('header names and list values (RFC 3261 §7.3)', () => {
  it('canonicalises long and compact forms case-insensitively', () => {
    assert.deepEqual(
      ['v', 'I', 'm', 'e', 'l', 'f', 't', 's', 'k', 'c', 'o', 'u', 'r', 'b', 'x', 'a', 'j', 'd', 'y', 'n'].map(canonicalHeaderName),
      ['Via', 'Call-ID', 'Contact', 'Content-Encoding', 'Content-Length', 'From', 'To', 'Subject', 'Supported', 'Content-Type',
        'Event', 'Allow-Events', 'Refer-To', 'Referred-By', 'Session-Expires', 'Accept-Contact', 'Reject-Contact',
        'Request-Disposition', 'Identity', 'Identity-Info'],
    );
    assert.deepEqual(['cseq', 'CALL-ID', 'www-authenticate', 'X-Custom'].map(canonicalHeaderName), ['CSeq', 'Call-ID', 'WWW-Authenticate', 'X-Custom']);
  });
  it('splits on commas outside quotes and <>', () => {
    assert.deepEqual(splitList('<sip:a,b@x>;p="1,2", "D, N" <sip:c@y> ,sip:d@z'), ['<sip:a,b@x>;p="1,2"', '"D, N" <sip:c@y>', 'sip:d@z']);
    assert.deepEqual(splitList('"a\\",b", c'), ['"a\\",b"', 'c']);
    assert.deepEqual(splitList(''), ['']);
    assert.throws(() => splitList('a,,b'), /empty element/);
    assert.throws(() => splitList('a,'), /empty element/);
  });
});
