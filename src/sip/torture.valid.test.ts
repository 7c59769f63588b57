// RFC 4475 messages a strict parser must ACCEPT (§3.1.1, §3.2, §3.3, §3.4),
// each with assertions on the parsed values. Policy outcomes (416, 420, 415,
// 406, 483, 501) come from classifyRequest, not from the parser.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classifyRequest,
  findParam,
  getCSeq,
  getCallId,
  getContacts,
  getContentType,
  getFrom,
  getHeader,
  getHeaders,
  getMaxForwards,
  getRecordRoutes,
  getRequestUri,
  getRoutes,
  getTo,
  getVias,
  isRfc3261Branch,
  parseDatagram,
  parseAuthScheme,
  unquote,
  uriParam,
} from './index.ts';
import type { ContactHeader, SipMessage, SipRequest, SipResponse, SipUri, Uri } from './index.ts';
import { loadTorture, tortureNamesWith } from './torture.fixture.ts';

function parse(name: string): { message: SipMessage; extraBytes: number } {
  const r = parseDatagram(loadTorture(name));
  if (!r.ok) assert.fail(`${name}: ${r.error.reason}`);
  return r;
}
function req(name: string): SipRequest {
  const m = parse(name).message;
  assert.equal(m.type, 'request');
  return m as SipRequest;
}
function res(name: string): SipResponse {
  const m = parse(name).message;
  assert.equal(m.type, 'response');
  return m as SipResponse;
}
function sip(uri: Uri): SipUri {
  assert.equal(uri.kind, 'sip');
  return uri as SipUri;
}
function contacts(m: SipMessage): ContactHeader[] {
  const c = getContacts(m);
  assert.notEqual(c, '*');
  return c as ContactHeader[];
}

const cases: Record<string, () => void> = {
  wsinv() {
    const m = req('wsinv');
    assert.equal(m.method, 'INVITE');
    const ruri = sip(getRequestUri(m));
    assert.deepEqual([ruri.user, ruri.host, ruri.params], ['vivekg', 'chair-dnrc.example.com', [{ name: 'unknownparam', value: undefined }]]);
    const to = getTo(m);
    assert.equal(to.bracketed, false);
    assert.equal(to.tag, '1918181833n');
    const from = getFrom(m);
    assert.equal(from.displayName, 'J Rosenberg \\"');
    assert.equal(from.tag, '98asjd8');
    assert.equal(getMaxForwards(m), 68);
    assert.deepEqual(getCSeq(m), { seq: 9, method: 'INVITE' });
    const vias = getVias(m);
    assert.deepEqual(vias.map((v) => [v.transport, v.host, v.branch]), [
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    assert.equal(isRfc3261Branch(vias[0]!.branch), false);
    assert.equal(getHeader(m, 's'), '');
    assert.equal(getHeader(m, 'NewFangledHeader'), 'newfangled value continued newfangled value');
    assert.deepEqual(getHeaders(m, 'UnknownHeaderWithUnusualValue'), [';;,,;;,;']);
    const route = getRoutes(m);
    assert.equal(route.length, 1);
    assert.deepEqual(sip(route[0]!.uri).params.map((p) => p.name), ['lr', 'unknownwith', 'unknown-no-value']);
    const [c] = contacts(m);
    assert.equal(c!.displayName, 'Quoted string ""');
    assert.equal(c!.q, 0.33);
    assert.deepEqual(c!.params.slice(0, 2), [{ name: 'newparam', value: 'newvalue' }, { name: 'secondparam', value: undefined }]);
    assert.equal(m.body.length, 150);
    assert.ok(m.body.toString('latin1').startsWith('v=0\r\n'));
  },
  intmeth() {
    const m = req('intmeth');
    const method = "!interesting-Method0123456789_*+`.%indeed'~";
    assert.equal(m.method, method);
    assert.deepEqual(getCSeq(m), { seq: 139122385, method });
    const ruri = sip(getRequestUri(m));
    assert.equal(ruri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    assert.equal(ruri.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    assert.equal(ruri.host, 'example.com');
    assert.equal(getVias(m)[0]!.branch, "z9hG4bK-.!%66*_+`'~");
    assert.equal(getTo(m).displayName, 'BEL:\x07 NUL:\x00 DEL:\x7f');
    const from = getFrom(m);
    assert.equal(from.displayName, "token1~` token2'+_ token3*%!.-");
    assert.equal(from.tag, "_token~1'+`*%!-.");
    assert.equal(unquote(findParam(from.params, "fromParam''~+*_!.-%")!.value!), 'работающий');
    assert.equal(getCallId(m), 'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    assert.equal(getMaxForwards(m), 255);
    assert.equal(getHeader(m, "extensionHeader-!.%*+_`'~"), '\ufeff大停電');
    assert.equal(classifyRequest(m)?.status, 501);
  },
  esc01() {
    const m = req('esc01');
    const ruri = sip(getRequestUri(m));
    assert.deepEqual([ruri.user, ruri.host], ['sips:user@example.com', 'example.net']);
    assert.equal(sip(getTo(m).uri).user, 'user');
    assert.equal(sip(getFrom(m).uri).user, 'I have spaces');
    const c = sip(contacts(m)[0]!.uri);
    assert.equal(c.user, 'caller');
    assert.deepEqual(c.params, [{ name: 'lr', value: undefined }, { name: 'name', value: 'value%41' }]);
    assert.equal(getCallId(m), 'esc01.239409asdfakjkn23onasd0-3234');
    assert.equal(getContentType(m)?.subtype, 'sdp');
    assert.equal(classifyRequest(m), undefined);
  },
  escnull() {
    const m = req('escnull');
    assert.equal(sip(getTo(m).uri).user, 'null-\x00-null');
    assert.equal(sip(getFrom(m).uri).user, 'null-\x00-null');
    assert.deepEqual(contacts(m).map((c) => sip(c.uri).user), ['\x00', '\x00\x00']);
    assert.equal(getHeader(m, 'Content-Length'), '0');
  },
  esc02() {
    const m = req('esc02');
    assert.equal(m.method, 'RE%47IST%45R');
    assert.notEqual(m.method, 'REGISTER');
    assert.equal(getTo(m).displayName, '%Z%45');
    assert.equal(getVias(m)[0]!.branch, 'z9hG4bK209%fzsnel234');
    // C%6Fntact is an extension header, not Contact
    assert.deepEqual(contacts(m).map((c) => sip(c.uri).host), ['host1.example.com', 'host3.example.com']);
    assert.equal(getHeader(m, 'C%6Fntact'), '<sip:alias2@host2.example.com>');
    assert.equal(classifyRequest(m)?.status, 501);
  },
  lwsdisp() {
    const from = getFrom(req('lwsdisp'));
    assert.equal(from.displayName, 'caller');
    assert.equal(sip(from.uri).user, 'caller');
    assert.equal(from.tag, '323');
  },
  longreq() {
    const m = req('longreq');
    const to = getTo(m);
    assert.match(to.displayName!, /^I have a user name of (extreme){10} proportion$/);
    const toUri = sip(to.uri);
    assert.equal(toUri.port, 6000);
    assert.equal(toUri.params.length, 3);
    assert.equal(toUri.params[2]!.value, undefined);
    assert.match(getFrom(m).tag!, /^1(298)+2424$/);
    assert.equal(getFrom(m).tag!.length, 155);
    assert.equal(getVias(m).length, 34);
    assert.equal(getVias(m)[33]!.received, '192.0.2.5');
    assert.match(getCallId(m), /^longreq\.one(really){20}longcallid$/);
    assert.equal(getHeaders(m, 'Unknown-' + 'Long'.repeat(20) + '-Name').length, 1);
    assert.equal(m.body.length, 150);
  },
  dblreq() {
    const r = parse('dblreq');
    const m = r.message as SipRequest;
    assert.equal(m.method, 'REGISTER');
    assert.equal(m.body.length, 0);
    assert.equal(r.extraBytes, 450); // the trailing INVITE is discarded (RFC 3261 §18.3)
    assert.equal(getCallId(m), 'dblreq.0ha0isndaksdj99sdfafnl3lk233412');
    assert.equal(contacts(m)[0]!.bracketed, false);
  },
  semiuri() {
    const m = req('semiuri');
    const ruri = sip(getRequestUri(m));
    assert.deepEqual([ruri.user, ruri.host, ruri.params.length], ['user;par=u@example.net', 'example.com', 0]);
    assert.deepEqual(getHeaders(m, 'Accept'), [
      'application/sdp', 'application/pkcs7-mime', 'multipart/mixed', 'multipart/signed', 'message/sip', 'message/sipfrag',
    ]);
  },
  transports() {
    const m = req('transports');
    assert.deepEqual(getVias(m).map((v) => v.transport), ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
    assert.equal(getCallId(m), 'transports.kijh4akdnaqjkwendsasfdj');
  },
  mpart01() {
    const m = req('mpart01');
    assert.equal(m.method, 'MESSAGE');
    const ct = getContentType(m)!;
    assert.deepEqual([ct.type, ct.subtype, findParam(ct.params, 'boundary')?.value], ['multipart', 'mixed', '7a9cbec02ceef655']);
    const file = loadTorture('mpart01');
    assert.equal(m.body.length, 553);
    assert.ok(m.body.equals(file.subarray(file.length - 553)));
    const via = getVias(m)[0]!;
    assert.deepEqual([via.hasRport, via.rport, via.port], [true, undefined, 5070]);
    assert.equal(classifyRequest(m)?.status, 415);
    assert.equal(classifyRequest(m, { acceptedContentTypes: ['multipart/mixed'] }), undefined);
  },
  unreason() {
    const m = res('unreason');
    assert.equal(m.status, 200);
    assert.equal(m.reason, '= 2**3 * 5**2 но сто девяносто девять - простое');
    assert.equal(m.body.length, 154);
  },
  noreason() {
    const m = res('noreason');
    assert.deepEqual([m.status, m.reason], [100, '']);
    assert.equal(getTo(m).tag, '902jndnke3');
  },
  badbranch() {
    const m = req('badbranch');
    const branch = getVias(m)[0]!.branch;
    assert.equal(branch, 'z9hG4bK');
    assert.equal(isRfc3261Branch(branch), false); // not an RFC 3261 transaction id (§3.2.1)
    assert.equal(classifyRequest(m), undefined);
  },
  unkscm() {
    const m = req('unkscm');
    assert.deepEqual(getRequestUri(m), { kind: 'other', scheme: 'nobodyknowsthisscheme', opaque: 'totallyopaquecontent' });
    assert.equal(classifyRequest(m)?.status, 416);
    assert.equal(classifyRequest(m, { role: 'proxy' })?.status, 416);
  },
  novelsc() {
    const m = req('novelsc');
    assert.deepEqual(getRequestUri(m), { kind: 'other', scheme: 'soap.beep', opaque: '//192.0.2.103:3002' });
    assert.equal(classifyRequest(m)?.status, 416);
  },
  unksm2() {
    const m = req('unksm2');
    assert.deepEqual(getTo(m).uri, { kind: 'other', scheme: 'isbn', opaque: '2983792873' });
    assert.deepEqual(getFrom(m).uri, { kind: 'other', scheme: 'http', opaque: '//www.example.com' });
    assert.equal(getFrom(m).tag, '3234233');
    assert.deepEqual(contacts(m)[0]!.uri, { kind: 'other', scheme: 'name', opaque: 'John_Smith' });
    assert.equal(classifyRequest(m), undefined);
  },
  bext01() {
    const m = req('bext01');
    assert.deepEqual(classifyRequest(m), {
      status: 420,
      reason: 'Bad Extension',
      headers: [{ name: 'Unsupported', value: 'nothingSupportsThis, nothingSupportsThisEither' }],
    });
    assert.deepEqual(classifyRequest(m, { role: 'proxy' })?.headers, [
      { name: 'Unsupported', value: 'noProxiesSupportThis, norDoAnyProxiesSupportThis' },
    ]);
    assert.equal(classifyRequest(m, { supportedExtensions: ['nothingSupportsThis', 'nothingSupportsThisEither'] }), undefined);
  },
  invut() {
    const m = req('invut');
    assert.equal(getContentType(m)?.subtype, 'unknownformat');
    assert.equal(m.body.length, 40);
    assert.deepEqual(classifyRequest(m), {
      status: 415,
      reason: 'Unsupported Media Type',
      headers: [{ name: 'Accept', value: 'application/sdp' }],
    });
  },
  regaut01() {
    const m = req('regaut01');
    assert.deepEqual(getHeaders(m, 'Authorization'), ['NoOneKnowsThisScheme opaque-data=here']);
    assert.deepEqual(parseAuthScheme(getHeader(m, 'Authorization')!), { ok: true, value: 'NoOneKnowsThisScheme' });
    assert.equal(getHeader(m, 'Content-Length'), '0');
    assert.equal(classifyRequest(m), undefined); // the auth layer answers 401/403, never 400
  },
  bcast() {
    const m = res('bcast');
    assert.equal(m.status, 200);
    assert.deepEqual(getVias(m).map((v) => v.host), ['192.0.2.198', '255.255.255.255']);
  },
  zeromf() {
    const m = req('zeromf');
    assert.equal(getMaxForwards(m), 0);
    assert.equal(classifyRequest(m), undefined); // a UAS answers normally
    assert.equal(classifyRequest(m, { role: 'proxy' })?.status, 483);
  },
  cparam01() {
    const [c] = contacts(req('cparam01'));
    const uri = sip(c!.uri);
    assert.equal(c!.bracketed, false);
    assert.deepEqual([uri.user, uri.params], ['+19725552222', []]);
    assert.deepEqual(c!.params, [{ name: 'unknownparam', value: undefined }]);
  },
  cparam02() {
    const [c] = contacts(req('cparam02'));
    assert.equal(c!.bracketed, true);
    assert.deepEqual(sip(c!.uri).params, [{ name: 'unknownparam', value: undefined }]);
    assert.deepEqual(c!.params, []);
  },
  regescrt() {
    const m = req('regescrt');
    assert.deepEqual(sip(contacts(m)[0]!.uri).headers, [{ name: 'Route', value: '<sip:sip.example.com>' }]);
    assert.equal(classifyRequest(m), undefined);
  },
  sdp01() {
    const m = req('sdp01');
    assert.deepEqual(getHeaders(m, 'Accept'), ['text/nobodyKnowsThis']);
    assert.equal(classifyRequest(m)?.status, 406);
    assert.equal(classifyRequest(m, { responseContentTypes: ['text/nobodyknowsthis'] }), undefined);
  },
  inv2543() {
    const m = req('inv2543');
    assert.equal(getHeader(m, 'Content-Length'), undefined);
    assert.equal(m.body.length, 105); // the rest of the datagram (RFC 3261 §18.3)
    assert.ok(m.body.toString('latin1').endsWith('m=audio 49217 RTP/AVP 0\r\n'));
    assert.equal(getVias(m)[0]!.branch, undefined);
    assert.equal(getFrom(m).tag, undefined);
    assert.equal(getMaxForwards(m), undefined);
    // To is an addr-spec without <>: ";user=phone" is a header parameter (RFC 3261 §20.10)
    const to = getTo(m);
    assert.deepEqual([sip(to.uri).user, sip(to.uri).params], ['+16505552222', []]);
    assert.equal(findParam(to.params, 'user')?.value, 'phone');
    assert.equal(uriParam(getFrom(m).uri, 'user')?.value, 'phone');
    assert.equal(uriParam(getRecordRoutes(m)[0]!.uri, 'maddr')?.value, 'ss1.example.com');
    assert.equal(classifyRequest(m), undefined);
  },
};

describe('RFC 4475 torture messages a strict parser accepts', () => {
  it('has a case for every message the corpus marks "accept"', () => {
    assert.deepEqual(Object.keys(cases).sort(), tortureNamesWith('accept'));
  });
  for (const [name, run] of Object.entries(cases)) it(name, run);
});
