import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCAL, answered, offer } from './harness.fixture.ts';
import { BARESIP_HOLD, BARESIP_OFFER, SIPP_MEDIA_DTMF, sdp } from './peers.fixture.ts';

const directionLine = (text: string): string | undefined => text.split('\r\n').find((l) => /^a=(sendrecv|sendonly|recvonly|inactive)$/.test(l));

describe('answer: direction and hold (RFC 3264 §6.1, §8.4)', () => {
  it('mirrors the offer: sendonly → recvonly, recvonly → sendonly, inactive → inactive', () => {
    const cases = [
      ['sendrecv', 'sendrecv', false],
      ['sendonly', 'recvonly', true],
      ['recvonly', 'sendonly', false],
      ['inactive', 'inactive', true],
    ] as const;
    for (const [theirs, ours, hold] of cases) {
      const r = answered(offer('m=audio 5004 RTP/AVP 0', `a=${theirs}`));
      assert.equal(r.negotiated.direction, ours, theirs);
      assert.equal(r.negotiated.remoteDirection, theirs);
      assert.equal(r.negotiated.remoteHold, hold, theirs);
      assert.equal(directionLine(r.sdp), `a=${ours}`);
    }
  });

  it('baresip puts us on hold and takes us off it: recvonly, then sendrecv, o= version 1 → 2 → 3', () => {
    const first = answered(BARESIP_OFFER);
    const hold = answered(BARESIP_HOLD, LOCAL, first.negotiated);
    assert.equal(hold.negotiated.remoteHold, true);
    assert.equal(hold.negotiated.direction, 'recvonly');
    assert.equal(directionLine(hold.sdp), 'a=recvonly');
    assert.deepEqual(hold.negotiated.codec, first.negotiated.codec);
    assert.deepEqual([first.negotiated.origin.version, hold.negotiated.origin.version], ['1', '2']);
    assert.equal(hold.negotiated.origin.sessionId, first.negotiated.origin.sessionId);
    assert.ok(hold.sdp.includes('o=switchboard 1000 2 IN IP4 203.0.113.5\r\n'));

    const resume = answered(BARESIP_OFFER.replace('182215681', '182215683'), LOCAL, hold.negotiated);
    assert.equal(resume.negotiated.remoteHold, false);
    assert.equal(resume.negotiated.direction, 'sendrecv');
    assert.equal(resume.negotiated.origin.version, '3');
  });

  it('RFC 2543 hold (c=0.0.0.0): nothing to send there, so we answer recvonly', () => {
    const r = answered(sdp('v=0', 'o=old 1 2 IN IP4 192.0.2.20', 's=-', 'c=IN IP4 0.0.0.0', 't=0 0', 'm=audio 5004 RTP/AVP 0'));
    assert.equal(r.negotiated.remoteHold, true);
    assert.equal(r.negotiated.remoteDirection, 'sendonly');
    assert.equal(r.negotiated.direction, 'recvonly');
    assert.equal(r.negotiated.remote.address, '0.0.0.0');
    assert.equal(directionLine(r.sdp), 'a=recvonly');
    const both = answered(sdp('v=0', 'o=old 1 2 IN IP4 192.0.2.20', 's=-', 'c=IN IP4 0.0.0.0', 't=0 0', 'm=audio 5004 RTP/AVP 0', 'a=sendonly'));
    assert.equal(both.negotiated.direction, 'recvonly');
  });

  it('a media-level direction overrides the session-level one', () => {
    const overridden = answered(sdp('v=0', 'o=peer 1 1 IN IP4 192.0.2.20', 's=-', 'c=IN IP4 192.0.2.20', 't=0 0', 'a=sendonly', 'm=audio 5004 RTP/AVP 0', 'a=sendrecv'));
    assert.equal(overridden.negotiated.remoteDirection, 'sendrecv');
    assert.equal(overridden.negotiated.remoteHold, false);
    const sessionOnly = answered(sdp('v=0', 'o=peer 1 1 IN IP4 192.0.2.20', 's=-', 'c=IN IP4 192.0.2.20', 't=0 0', 'a=sendonly', 'm=audio 5004 RTP/AVP 0'));
    assert.equal(sessionOnly.negotiated.remoteDirection, 'sendonly');
    assert.equal(sessionOnly.negotiated.direction, 'recvonly');
  });

  it('our own wish narrows the answer: holding (sendonly) against sendrecv and sendonly offers', () => {
    assert.equal(answered(SIPP_MEDIA_DTMF, { ...LOCAL, direction: 'sendonly' }).negotiated.direction, 'sendonly');
    assert.equal(answered(BARESIP_HOLD, { ...LOCAL, direction: 'sendonly' }).negotiated.direction, 'inactive');
  });

  it('a re-offer keeps the codec in use when it is still offered, even if not first', () => {
    const first = answered(SIPP_MEDIA_DTMF);
    assert.equal(first.negotiated.codec.name, 'PCMA');
    const again = answered(offer('m=audio 5004 RTP/AVP 0 8 101', 'a=rtpmap:101 telephone-event/8000'), LOCAL, first.negotiated);
    assert.equal(again.negotiated.codec.name, 'PCMA');
    const gone = answered(offer('m=audio 5004 RTP/AVP 0'), LOCAL, first.negotiated);
    assert.equal(gone.negotiated.codec.name, 'PCMU');
  });

  it('a re-offer without a=ptime keeps the ptime in use (30 from the first offer)', () => {
    const first = answered(SIPP_MEDIA_DTMF);
    assert.equal(first.negotiated.ptime, 30);
    assert.equal(answered(offer('m=audio 5004 RTP/AVP 8', 'a=sendonly'), LOCAL, first.negotiated).negotiated.ptime, 30);
    assert.equal(answered(offer('m=audio 5004 RTP/AVP 8', 'a=ptime:20'), LOCAL, first.negotiated).negotiated.ptime, 20);
  });
});
