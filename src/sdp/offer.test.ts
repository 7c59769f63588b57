import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answer } from './answer.ts';
import type { SdpErrorCode } from './errors.ts';
import { LOCAL, mLines } from './harness.fixture.ts';
import type { LocalMedia } from './local.ts';
import { createOffer, processAnswer, type LocalOffer } from './offer.ts';
import { parseSdp } from './parse.ts';
import { BARESIP_ANSWER_TO_8_0_101, SOMLENG_TE_ONLY, sdp } from './peers.fixture.ts';

const UAC: LocalMedia = { address: '198.51.100.1', port: 30000, codecs: ['PCMU', 'PCMA'], telephoneEvent: true, sessionId: '777' };

function negotiated(offer: LocalOffer, answerSdp: string) {
  const r = processAnswer(offer, answerSdp);
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return r.negotiated;
}

function rejectedWith(offer: LocalOffer, answerSdp: string, code: SdpErrorCode): void {
  const r = processAnswer(offer, answerSdp);
  if (r.ok) assert.fail(`expected ${code}`);
  assert.equal(r.error.code, code, r.error.message);
}

/** An answer from 192.0.2.30 with the given m= line and attributes. */
const reply = (mline: string, ...attrs: string[]): string =>
  sdp('v=0', 'o=callee 5 5 IN IP4 192.0.2.30', 's=-', 'c=IN IP4 192.0.2.30', 't=0 0', mline, ...attrs);

describe('createOffer', () => {
  it('offers our codecs in our order with static PTs, telephone-event 101 (0-16), ptime 20, sendrecv', () => {
    const o = createOffer(UAC);
    assert.equal(o.sdp, sdp(
      'v=0',
      'o=switchboard 777 1 IN IP4 198.51.100.1',
      's=-',
      'c=IN IP4 198.51.100.1',
      't=0 0',
      'm=audio 30000 RTP/AVP 0 8 101',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      'a=sendrecv',
    ));
    assert.deepEqual(o.codecs.map((c) => [c.name, c.pt]), [['PCMU', 0], ['PCMA', 8]]);
    assert.equal(o.telephoneEventPt, 101);
  });

  it('IPv6, ptime 30, no telephone-event, own RTCP port, random session id by default', () => {
    const o = createOffer({ address: '2001:db8::1', port: 30010, codecs: ['PCMA'], telephoneEvent: false, ptime: 30, rtcpPort: 30020 });
    assert.match(o.sdp, /^o=switchboard \d+ 1 IN IP6 2001:db8::1\r$/m);
    assert.ok(o.sdp.includes('c=IN IP6 2001:db8::1\r\nt=0 0\r\nm=audio 30010 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=rtcp:30020\r\na=ptime:30\r\n'));
    assert.equal(o.telephoneEventPt, undefined);
    assert.notEqual(createOffer(UAC).origin.sessionId, createOffer({ ...UAC, sessionId: undefined }).origin.sessionId);
  });
});

describe('processAnswer', () => {
  it('round trip: our offer, our own answer to it, the same negotiation on both sides', () => {
    const o = createOffer(UAC);
    const a = answer(o.sdp, { ...LOCAL, codecs: ['PCMA', 'PCMU'] });
    assert.ok(a.ok);
    const uac = negotiated(o, a.sdp);
    assert.deepEqual(uac.codec, a.negotiated.codec);
    assert.equal(uac.codec.name, 'PCMU', 'the answerer followed the offer\'s order');
    assert.equal(uac.telephoneEventPt, 101);
    assert.equal(a.negotiated.ptime, uac.ptime);
    assert.deepEqual(uac.remote, { address: LOCAL.address, port: LOCAL.port, rtcpPort: LOCAL.port + 1, rtcpAddress: LOCAL.address });
    assert.deepEqual(a.negotiated.remote, { address: UAC.address, port: UAC.port, rtcpPort: UAC.port + 1, rtcpAddress: UAC.address });
    assert.deepEqual(uac.origin, o.origin);
    assert.deepEqual(uac.remoteOrigin, a.negotiated.origin);
    assert.deepEqual(a.negotiated.remoteOrigin, o.origin);
  });

  it('baresip\'s real answer (8 0 101, ptime 30): the first codec it lists that we offered', () => {
    const o = createOffer({ ...UAC, codecs: ['PCMA', 'PCMU'], ptime: 30 });
    assert.deepEqual(mLines(o.sdp), ['m=audio 30000 RTP/AVP 8 0 101']);
    const n = negotiated(o, BARESIP_ANSWER_TO_8_0_101);
    assert.deepEqual(n.codec, { name: 'PCMA', pt: 8, clockRate: 8000 });
    assert.equal(n.telephoneEventPt, 101);
    assert.equal(n.ptime, 30);
    assert.deepEqual(n.remote, { address: '127.0.0.1', port: 47210, rtcpPort: 47211, rtcpAddress: '127.0.0.1' });
    assert.equal(n.direction, 'sendrecv');
  });

  it('takes the answer\'s payload type numbers (RFC 3264 §5.1: the numbers it receives)', () => {
    const n = negotiated(createOffer(UAC), reply('m=audio 4000 RTP/AVP 96 100', 'a=rtpmap:96 PCMU/8000', 'a=rtpmap:100 telephone-event/8000'));
    assert.deepEqual(n.codec, { name: 'PCMU', pt: 96, clockRate: 8000 });
    assert.equal(n.telephoneEventPt, 100);
  });

  it('ignores telephone-event in the answer when we did not offer it', () => {
    const n = negotiated(createOffer({ ...UAC, telephoneEvent: false }), reply('m=audio 4000 RTP/AVP 0 101', 'a=rtpmap:101 telephone-event/8000'));
    assert.equal(n.telephoneEventPt, undefined);
  });

  it('a codec we did not offer, or telephone-event alone → no-common-codec', () => {
    const o = createOffer({ ...UAC, codecs: ['PCMU'] });
    rejectedWith(o, reply('m=audio 4000 RTP/AVP 8'), 'no-common-codec');
    rejectedWith(o, reply('m=audio 4000 RTP/AVP 18', 'a=rtpmap:18 G729/8000'), 'no-common-codec');
    rejectedWith(o, SOMLENG_TE_ONLY, 'no-common-codec');
  });

  it('port 0 is a rejected stream', () => {
    rejectedWith(createOffer(UAC), reply('m=audio 0 RTP/AVP 0'), 'stream-rejected');
  });

  it('an answer that does not keep our one audio stream in place is malformed', () => {
    const o = createOffer(UAC);
    rejectedWith(o, reply('m=audio 4000 RTP/AVP 0', 'm=video 0 RTP/AVP 96'), 'malformed');
    rejectedWith(o, reply('m=video 4000 RTP/AVP 96'), 'malformed');
    rejectedWith(o, reply('m=audio 4000 RTP/SAVP 0'), 'unsupported-transport');
    rejectedWith(o, sdp('v=0', 'o=callee 5 5 IN IP4 192.0.2.30', 's=-', 't=0 0', 'm=audio 4000 RTP/AVP 0'), 'malformed');
    rejectedWith(o, 'SIP/2.0 200 OK\r\n', 'malformed');
  });

  it('ptime: the answer\'s 20 or 30, else what we offered, never above its maxptime', () => {
    const o30 = createOffer({ ...UAC, ptime: 30 });
    assert.equal(negotiated(o30, reply('m=audio 4000 RTP/AVP 0')).ptime, 30);
    assert.equal(negotiated(o30, reply('m=audio 4000 RTP/AVP 0', 'a=ptime:20')).ptime, 20);
    assert.equal(negotiated(o30, reply('m=audio 4000 RTP/AVP 0', 'a=ptime:10')).ptime, 30);
    assert.equal(negotiated(o30, reply('m=audio 4000 RTP/AVP 0', 'a=maxptime:20')).ptime, 20);
  });

  it('directions: the answerer\'s choice narrows ours', () => {
    const o = createOffer(UAC);
    const recvonly = negotiated(o, reply('m=audio 4000 RTP/AVP 0', 'a=recvonly'));
    assert.deepEqual([recvonly.direction, recvonly.remoteDirection, recvonly.remoteHold], ['sendonly', 'recvonly', false]);
    const inactive = negotiated(o, reply('m=audio 4000 RTP/AVP 0', 'a=inactive'));
    assert.deepEqual([inactive.direction, inactive.remoteHold], ['inactive', true]);
    const nulled = negotiated(o, sdp('v=0', 'o=callee 5 5 IN IP4 192.0.2.30', 's=-', 'c=IN IP4 0.0.0.0', 't=0 0', 'm=audio 4000 RTP/AVP 0'));
    assert.deepEqual([nulled.direction, nulled.remoteDirection, nulled.remoteHold], ['recvonly', 'sendonly', true]);
  });
});

describe('re-INVITE: hold and resume', () => {
  it('hold offers sendonly with the codec in use, resume sendrecv; the o= version goes 1 → 2 → 3', () => {
    const first = createOffer(UAC);
    const call = negotiated(first, reply('m=audio 4000 RTP/AVP 8 101', 'a=rtpmap:101 telephone-event/8000', 'a=ptime:30'));
    assert.equal(call.codec.name, 'PCMA');

    const hold = createOffer({ ...UAC, direction: 'sendonly' }, call);
    assert.equal(hold.origin.version, '2');
    assert.equal(hold.origin.sessionId, '777');
    assert.ok(hold.sdp.includes('o=switchboard 777 2 IN IP4 198.51.100.1\r\n'));
    assert.deepEqual(mLines(hold.sdp), ['m=audio 30000 RTP/AVP 8 101']);
    assert.ok(hold.sdp.includes('a=ptime:30\r\na=sendonly\r\n'), 'keeps the negotiated ptime');
    const held = negotiated(hold, reply('m=audio 4000 RTP/AVP 8 101', 'a=rtpmap:101 telephone-event/8000', 'a=recvonly'));
    assert.deepEqual([held.direction, held.remoteHold], ['sendonly', false]);
    assert.equal(held.origin.version, '2');

    const resume = createOffer(UAC, held);
    assert.equal(resume.origin.version, '3');
    assert.ok(resume.sdp.includes('a=sendrecv\r\n'));
    assert.equal(negotiated(resume, reply('m=audio 4000 RTP/AVP 8 101', 'a=rtpmap:101 telephone-event/8000')).direction, 'sendrecv');
  });

  it('a re-offer after our answer continues our numbering and keeps the peer\'s payload types', () => {
    const a = answer(sdp('v=0', 'o=peer 1 1 IN IP4 192.0.2.20', 's=-', 'c=IN IP4 192.0.2.20', 't=0 0',
      'm=audio 5004 RTP/AVP 97 100', 'a=rtpmap:97 PCMU/8000', 'a=rtpmap:100 telephone-event/8000'), LOCAL);
    assert.ok(a.ok);
    const hold = createOffer({ ...LOCAL, direction: 'sendonly' }, a.negotiated);
    assert.equal(hold.origin.version, '2');
    assert.equal(hold.origin.sessionId, a.negotiated.origin.sessionId);
    assert.deepEqual(mLines(hold.sdp), ['m=audio 40000 RTP/AVP 97 100']);
    assert.ok(parseSdp(hold.sdp).ok);
  });

  it('after a rejected re-offer, numbering continues from it; a telephone-event PT never collides with the codec', () => {
    const call = negotiated(createOffer(UAC), reply('m=audio 4000 RTP/AVP 101', 'a=rtpmap:101 PCMU/8000'));
    const rejected = createOffer({ ...UAC, direction: 'sendonly' }, call);
    assert.deepEqual(mLines(rejected.sdp), ['m=audio 30000 RTP/AVP 101 96']);
    const retry = createOffer({ ...UAC, direction: 'sendonly' }, { ...call, origin: rejected.origin });
    assert.equal(retry.origin.version, '3');
  });

  it('a new codec list when the codec in use is no longer ours', () => {
    const call = negotiated(createOffer(UAC), reply('m=audio 4000 RTP/AVP 0'));
    assert.deepEqual(mLines(createOffer({ ...UAC, codecs: ['PCMA'] }, call).sdp), ['m=audio 30000 RTP/AVP 8 101']);
  });
});
