import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answer } from './answer.ts';
import { LOCAL, answered, mLines, offer, refused } from './harness.fixture.ts';
import {
  BARESIP_OFFER,
  DRACHTIO_PCMU_G729,
  HUAWEI_SMART,
  JAMBONZ_PCMA_ONLY,
  METFONE_SONUS,
  SIPP_MEDIA_DTMF,
  SIPP_UAC,
  ZAMTEL_HUAWEI,
  sdp,
} from './peers.fixture.ts';

describe('answer: offers real peers send', () => {
  it('sipp uac (PCMU only, no telephone-event): one codec, our address, ptime 20', () => {
    const r = answered(SIPP_UAC);
    assert.equal(r.sdp, sdp(
      'v=0',
      'o=switchboard 1000 1 IN IP4 203.0.113.5',
      's=-',
      'c=IN IP4 203.0.113.5',
      't=0 0',
      'm=audio 40000 RTP/AVP 0',
      'a=rtpmap:0 PCMU/8000',
      'a=ptime:20',
      'a=sendrecv',
    ));
    assert.deepEqual(r.negotiated, {
      codec: { name: 'PCMU', pt: 0, clockRate: 8000 },
      ptime: 20,
      remote: { address: '192.0.2.10', port: 6000, rtcpPort: 6001, rtcpAddress: '192.0.2.10' },
      direction: 'sendrecv',
      remoteDirection: 'sendrecv',
      remoteHold: false,
      origin: { username: 'switchboard', sessionId: '1000', version: '1', address: '203.0.113.5', ipVersion: 4 },
      remoteOrigin: { username: 'user1', sessionId: '53655765', version: '2353687637', address: '192.0.2.10', ipVersion: 4 },
    });
  });

  it('sipp uac_media_dtmf (8 0 101, ptime 30): the offer\'s first codec, its ptime, telephone-event 101', () => {
    const r = answered(SIPP_MEDIA_DTMF);
    assert.deepEqual(r.negotiated.codec, { name: 'PCMA', pt: 8, clockRate: 8000 });
    assert.equal(r.negotiated.telephoneEventPt, 101);
    assert.equal(r.negotiated.ptime, 30);
    assert.deepEqual(mLines(r.sdp), ['m=audio 40000 RTP/AVP 8 101']);
    assert.ok(r.sdp.includes('a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n'));
    assert.ok(r.sdp.includes('a=ptime:30\r\n'));
  });

  it('codecOrder "local" picks by our preference instead', () => {
    const r = answered(SIPP_MEDIA_DTMF, { ...LOCAL, codecOrder: 'local' });
    assert.deepEqual(r.negotiated.codec, { name: 'PCMU', pt: 0, clockRate: 8000 });
    assert.deepEqual(mLines(r.sdp), ['m=audio 40000 RTP/AVP 0 101']);
  });

  it('baresip (0 8 101, ptime 20, fmtp 0-15)', () => {
    const r = answered(BARESIP_OFFER);
    assert.equal(r.negotiated.codec.name, 'PCMU');
    assert.equal(r.negotiated.telephoneEventPt, 101);
    assert.equal(r.negotiated.ptime, 20);
    assert.deepEqual(r.negotiated.remote, { address: '127.0.0.1', port: 47206, rtcpPort: 47207, rtcpAddress: '127.0.0.1' });
    assert.equal(r.negotiated.remoteOrigin.version, '182215681');
  });

  it('jambonz device (PCMA only, events 0-11,16): PCMA although we prefer PCMU; events answered as offered', () => {
    const r = answered(JAMBONZ_PCMA_ONLY);
    assert.equal(r.negotiated.codec.name, 'PCMA');
    assert.ok(r.sdp.includes('a=fmtp:101 0-11,16\r\n'));
    assert.match(refused(JAMBONZ_PCMA_ONLY, 'no-common-codec', { ...LOCAL, codecs: ['PCMU'] }), /PCMA\/8000/);
  });

  it('Huawei carrier (ptime 5, telephone-event 100): our ptime, their event PT', () => {
    const r = answered(HUAWEI_SMART);
    assert.equal(r.negotiated.ptime, 20);
    assert.equal(answered(HUAWEI_SMART, { ...LOCAL, ptime: 30 }).negotiated.ptime, 30);
    assert.equal(r.negotiated.telephoneEventPt, 100);
    assert.deepEqual(mLines(r.sdp), ['m=audio 40000 RTP/AVP 8 100']);
  });

  it('Huawei carrier offering AMR first: skips what we do not run, answers PCMA with event PT 116', () => {
    const r = answered(ZAMTEL_HUAWEI);
    assert.deepEqual(r.negotiated.codec, { name: 'PCMA', pt: 8, clockRate: 8000 });
    assert.equal(r.negotiated.telephoneEventPt, 116);
    assert.equal(r.negotiated.remote.address, '165.57.33.2', 'c=, not o=');
    assert.deepEqual(mLines(r.sdp), ['m=audio 40000 RTP/AVP 8 116']);
    assert.ok(!r.sdp.includes('AMR'));
  });

  it('Sonus SBC (maxptime 20, no ptime): never above maxptime', () => {
    const r = answered(METFONE_SONUS, { ...LOCAL, ptime: 30 });
    assert.equal(r.negotiated.ptime, 20);
    assert.equal(r.negotiated.codec.name, 'PCMA');
  });

  it('drachtio re-INVITE body (PCMU + G.729 by static PT): PCMU alone', () => {
    const r = answered(DRACHTIO_PCMU_G729);
    assert.deepEqual(mLines(r.sdp), ['m=audio 40000 RTP/AVP 0']);
  });

  it('answers every truncation of every fixture without throwing', () => {
    for (const text of [SIPP_UAC, SIPP_MEDIA_DTMF, BARESIP_OFFER, ZAMTEL_HUAWEI, METFONE_SONUS]) {
      for (let i = 0; i <= text.length; i++) {
        const r = answer(text.slice(0, i), LOCAL);
        if (!r.ok) assert.ok(['malformed', 'no-audio', 'no-common-codec'].includes(r.error.code), r.error.code);
      }
    }
  });
});

describe('answer: codecs and telephone-event', () => {
  it('G.729 only → no-common-codec (488 at the SIP layer)', () => {
    const msg = refused(offer('m=audio 5004 RTP/AVP 18', 'a=rtpmap:18 G729/8000', 'a=fmtp:18 annexb=no'), 'no-common-codec');
    assert.match(msg, /G729\/8000/);
  });

  it('telephone-event alone is not a codec', () => {
    refused(offer('m=audio 5004 RTP/AVP 101', 'a=rtpmap:101 telephone-event/8000'), 'no-common-codec');
  });

  it('keeps a dynamic payload type the offerer gave G.711', () => {
    const r = answered(offer('m=audio 5004 RTP/AVP 97 96', 'a=rtpmap:97 pcmu/8000', 'a=rtpmap:96 telephone-event/8000', 'a=fmtp:96 0-16'));
    assert.deepEqual(r.negotiated.codec, { name: 'PCMU', pt: 97, clockRate: 8000 });
    assert.equal(r.negotiated.telephoneEventPt, 96);
    assert.deepEqual(mLines(r.sdp), ['m=audio 40000 RTP/AVP 97 96']);
    assert.ok(r.sdp.includes('a=rtpmap:97 PCMU/8000\r\na=rtpmap:96 telephone-event/8000\r\na=fmtp:96 0-16\r\n'));
  });

  it('takes telephone-event at the codec clock rate, whatever its PT', () => {
    const r = answered(offer('m=audio 5004 RTP/AVP 0 98 110', 'a=rtpmap:98 telephone-event/16000', 'a=rtpmap:110 telephone-event/8000'));
    assert.equal(r.negotiated.telephoneEventPt, 110);
    assert.ok(r.sdp.includes('a=fmtp:110 0-15\r\n'), 'no fmtp offered means 0-15');
    const wide = answered(offer('m=audio 5004 RTP/AVP 0 98', 'a=rtpmap:98 telephone-event/16000'));
    assert.equal(wide.negotiated.telephoneEventPt, undefined);
    assert.deepEqual(mLines(wide.sdp), ['m=audio 40000 RTP/AVP 0']);
  });

  it('leaves telephone-event out when it shares no event with us or we do not want it', () => {
    assert.equal(answered(offer('m=audio 5004 RTP/AVP 0 101', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 32-41')).negotiated.telephoneEventPt, undefined);
    const off = answered(SIPP_MEDIA_DTMF, { ...LOCAL, telephoneEvent: false });
    assert.equal(off.negotiated.telephoneEventPt, undefined);
    assert.ok(!off.sdp.includes('telephone-event'));
  });

  it('a format list that is not payload type numbers is malformed', () => {
    refused(offer('m=audio 5004 RTP/AVP 0 x'), 'malformed');
  });
});

describe('answer: streams, transports, addresses', () => {
  it('rejects video with port 0 in its position (RFC 3264 §6)', () => {
    const r = answered(offer('m=video 5006 RTP/AVP 96 97', 'a=rtpmap:96 H264/90000', 'a=rtpmap:97 VP8/90000', 'm=audio 5004 RTP/AVP 0 8'));
    assert.deepEqual(mLines(r.sdp), ['m=video 0 RTP/AVP 96 97', 'm=audio 40000 RTP/AVP 0']);
    assert.ok(!r.sdp.includes('H264'));
    assert.equal(r.negotiated.remote.port, 5004);
  });

  it('takes the first audio stream and rejects the others, audio, video and T.38 alike', () => {
    const r = answered(offer('m=audio 5004 RTP/AVP 8', 'm=video 5006 RTP/AVP 31', 'm=audio 5008 RTP/AVP 0', 'm=image 5010 udptl t38'));
    assert.deepEqual(mLines(r.sdp), ['m=audio 40000 RTP/AVP 8', 'm=video 0 RTP/AVP 31', 'm=audio 0 RTP/AVP 0', 'm=image 0 udptl t38']);
  });

  it('skips an audio stream with no common codec for a later one', () => {
    const r = answered(offer('m=audio 5004 RTP/AVP 18', 'm=audio 5008 RTP/AVP 8'));
    assert.deepEqual(mLines(r.sdp), ['m=audio 0 RTP/AVP 18', 'm=audio 40000 RTP/AVP 8']);
    assert.equal(r.negotiated.remote.port, 5008);
  });

  it('no audio, or only disabled audio → no-audio', () => {
    refused(offer('m=video 5006 RTP/AVP 96', 'a=rtpmap:96 H264/90000'), 'no-audio');
    refused(offer('m=audio 0 RTP/AVP 0'), 'no-audio');
  });

  it('RTP/SAVP (SDES-SRTP) → unsupported-transport; an RTP/AVP alternative is taken instead', () => {
    const crypto = 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32';
    assert.match(refused(offer('m=audio 5004 RTP/SAVP 0 8', crypto), 'unsupported-transport'), /RTP\/SAVP/);
    refused(offer('m=audio 5004 UDP/TLS/RTP/SAVPF 0', 'a=fingerprint:sha-256 AB:CD'), 'unsupported-transport');
    const r = answered(offer('m=audio 5004 RTP/SAVP 0', crypto, 'm=audio 5008 RTP/AVP 0'));
    assert.deepEqual(mLines(r.sdp), ['m=audio 0 RTP/SAVP 0', 'm=audio 40000 RTP/AVP 0']);
    assert.ok(!r.sdp.includes('crypto'));
  });

  it('missing c= → malformed; a media-level c= alone is enough', () => {
    const noC = sdp('v=0', 'o=peer 1 1 IN IP4 192.0.2.20', 's=-', 't=0 0', 'm=audio 5004 RTP/AVP 0');
    assert.match(refused(noC, 'malformed'), /no c= line/);
    refused(sdp('v=0', 'o=peer 1 1 IN IP4 192.0.2.20', 's=-', 'c=IN IP4', 't=0 0', 'm=audio 5004 RTP/AVP 0'), 'malformed');
    const mediaC = answered(sdp('v=0', 'o=peer 1 1 IN IP4 192.0.2.20', 's=-', 't=0 0', 'm=audio 5004 RTP/AVP 0', 'c=IN IP4 198.51.100.9'));
    assert.equal(mediaC.negotiated.remote.address, '198.51.100.9');
  });

  it('c= that is not an IP literal (FQDN) → unsupported-transport; family mismatch → malformed', () => {
    refused(sdp('v=0', 'o=peer 1 1 IN IP4 192.0.2.20', 's=-', 'c=IN IP4 media.example.com', 't=0 0', 'm=audio 5004 RTP/AVP 0'), 'unsupported-transport');
    refused(sdp('v=0', 'o=peer 1 1 IN IP4 192.0.2.20', 's=-', 'c=IN IP4 2001:db8::7', 't=0 0', 'm=audio 5004 RTP/AVP 0'), 'malformed');
  });

  it('IPv6: reads c=IN IP6 and answers from an IPv6 address', () => {
    const v6 = sdp('v=0', 'o=- 7 7 IN IP6 2001:db8::7', 's=-', 'c=IN IP6 2001:db8::7', 't=0 0', 'm=audio 5004 RTP/AVP 0 8');
    const r = answered(v6, { ...LOCAL, address: '2001:db8::5' });
    assert.deepEqual(r.negotiated.remote, { address: '2001:db8::7', port: 5004, rtcpPort: 5005, rtcpAddress: '2001:db8::7' });
    assert.ok(r.sdp.includes('o=switchboard 1000 1 IN IP6 2001:db8::5\r\n'));
    assert.ok(r.sdp.includes('c=IN IP6 2001:db8::5\r\n'));
  });

  it('RTCP: the offer\'s a=rtcp (RFC 3605) wins over port + 1; ours is written when not port + 1', () => {
    const r = answered(offer('m=audio 5004 RTP/AVP 0', 'a=rtcp:5011 IN IP4 198.51.100.3'), { ...LOCAL, rtcpPort: 40011 });
    assert.deepEqual(r.negotiated.remote, { address: '192.0.2.20', port: 5004, rtcpPort: 5011, rtcpAddress: '198.51.100.3' });
    assert.ok(r.sdp.includes('a=rtcp:40011\r\n'));
    assert.ok(!answered(SIPP_UAC, { ...LOCAL, rtcpPort: 40001 }).sdp.includes('a=rtcp'));
  });

  it('throws on a local description that cannot be right (a programming error, not peer input)', () => {
    assert.throws(() => answer(SIPP_UAC, { ...LOCAL, address: 'localhost' }), TypeError);
    assert.throws(() => answer(SIPP_UAC, { ...LOCAL, port: 70000 }), RangeError);
    assert.throws(() => answer(SIPP_UAC, { ...LOCAL, codecs: [] }), TypeError);
  });
});
