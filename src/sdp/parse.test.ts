import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mediaConnection, mediaDirection } from './model.ts';
import { parseSdp } from './parse.ts';
import { writeSdp } from './write.ts';
import { BARESIP_OFFER, SIPP_UAC, ZAMTEL_HUAWEI, sdp } from './peers.fixture.ts';

function parsed(text: string) {
  const r = parseSdp(text);
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

function malformed(text: string, why: RegExp): void {
  const r = parseSdp(text);
  assert.equal(r.ok, false, 'expected a failure');
  if (!r.ok) {
    assert.equal(r.error.code, 'malformed');
    assert.match(r.error.message, why);
  }
}

describe('parseSdp', () => {
  it('reads origin, session c= and an implied static payload type', () => {
    const sd = parsed(sdp('v=0', 'o=user1 53655765 2353687637 IN IP4 192.0.2.10', 's=-', 'c=IN IP4 192.0.2.10', 't=0 0', 'm=audio 6000 RTP/AVP 0 8'));
    assert.deepEqual(sd.origin, { username: 'user1', sessionId: '53655765', version: '2353687637', address: '192.0.2.10', ipVersion: 4 });
    assert.deepEqual(sd.connection, { address: '192.0.2.10', ipVersion: 4 });
    assert.deepEqual(sd.media[0]?.payloads, [
      { pt: 0, name: 'PCMU', clockRate: 8000 },
      { pt: 8, name: 'PCMA', clockRate: 8000 },
    ]);
  });

  it('reads rtpmap, fmtp, ptime and direction from a real baresip offer', () => {
    const sd = parsed(BARESIP_OFFER);
    const m = sd.media[0];
    assert.ok(m);
    assert.equal(m.type, 'audio');
    assert.equal(m.port, 47206);
    assert.equal(m.protocol, 'RTP/AVP');
    assert.deepEqual(m.formats, ['0', '8', '101']);
    assert.deepEqual(m.payloads[2], { pt: 101, name: 'telephone-event', clockRate: 8000, fmtp: '0-15' });
    assert.equal(m.ptime, 20);
    assert.equal(m.direction, 'sendrecv');
  });

  it('keeps 64-bit origin numbers exactly', () => {
    const sd = parsed(sdp('v=0', 'o=- 12345678901234567890 18446744073709551615 IN IP6 2001:db8::1', 's=-', 'c=IN IP6 2001:db8::1', 't=0 0', 'm=audio 6000 RTP/AVP 0'));
    assert.equal(sd.origin.sessionId, '12345678901234567890');
    assert.equal(sd.origin.version, '18446744073709551615');
    assert.deepEqual(sd.connection, { address: '2001:db8::1', ipVersion: 6 });
  });

  it('lets media-level c= and direction win over session level', () => {
    const sd = parsed(sdp(
      'v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'a=sendonly',
      'm=audio 6000 RTP/AVP 0', 'c=IN IP4 198.51.100.7', 'a=recvonly',
      'm=audio 6002 RTP/AVP 0',
    ));
    const [a, b] = sd.media;
    assert.ok(a && b);
    assert.equal(sd.direction, 'sendonly');
    assert.equal(mediaDirection(sd, a), 'recvonly');
    assert.equal(mediaDirection(sd, b), 'sendonly');
    assert.equal(mediaConnection(sd, a)?.address, '198.51.100.7');
    assert.equal(mediaConnection(sd, b)?.address, '192.0.2.1');
  });

  it('reads a=rtcp with and without an address (RFC 3605) and maxptime', () => {
    const sd = parsed(sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0',
      'm=audio 6000 RTP/AVP 0', 'a=rtcp:6011', 'a=maxptime:40',
      'm=audio 7000 RTP/AVP 0', 'a=rtcp:53020 IN IP4 126.16.64.4'));
    assert.deepEqual(sd.media[0]?.rtcp, { port: 6011 });
    assert.equal(sd.media[0]?.maxptime, 40);
    assert.deepEqual(sd.media[1]?.rtcp, { port: 53020, address: '126.16.64.4' });
  });

  it('keeps unknown dynamic payload types unnamed and non-RTP formats as written', () => {
    const sd = parsed(sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0',
      'm=audio 6000 RTP/AVP 0 96', 'm=image 6002 udptl t38'));
    assert.deepEqual(sd.media[0]?.payloads[1], { pt: 96 });
    assert.deepEqual(sd.media[1]?.formats, ['t38']);
    assert.deepEqual(sd.media[1]?.payloads, []);
  });

  it('accepts bare LF line ends', () => {
    assert.equal(parsed(SIPP_UAC.replaceAll('\r\n', '\n')).media[0]?.port, 6000);
  });

  it('rejects what is not SDP', () => {
    malformed('', /v=0/);
    malformed('hello\r\n', /v=0/);
    malformed(sdp('v=0', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 6000 RTP/AVP 0'), /o=/);
    malformed(sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0'), /no m=/);
    malformed(sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 49170/2 RTP/AVP 0'), /m= section 1/);
    malformed(sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 6000 RTP/AVP'), /no formats/);
    malformed(sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 6000 RTP/AVP 0', 'c=IN IP5 192.0.2.2'), /c= line/);
  });

  it('drops a c= line sdp-transform cannot read (offer/answer then reports the stream has no c=)', () => {
    assert.equal(parsed(sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4', 't=0 0', 'm=audio 6000 RTP/AVP 0')).connection, undefined);
  });
});

describe('writeSdp', () => {
  it('round-trips a carrier offer through parse → write → parse', () => {
    const once = parsed(ZAMTEL_HUAWEI);
    const text = writeSdp(once);
    assert.match(text, /^v=0\r\no=HuaweiSoftx3000 1181140814 1181140815 IN IP4 165\.57\.32\.1\r\ns=SipCall\r\n/);
    assert.ok(text.includes('m=audio 19688 RTP/AVP 108 102 8 0 116 107 105 3\r\n'));
    assert.ok(text.includes('a=rtpmap:3 GSM/8000\r\n'), 'a static PT gets an rtpmap');
    assert.deepEqual(parsed(text), once);
  });
});
