import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../core/index.ts';
import { fromNtp, msToDlsr, ntpMiddle32, roundTripMs, toNtp } from './ntp.ts';
import { parseRtcp } from './rtcp-parse.ts';
import { rtcpSize, serializeRtcp, type ReportBlock, type RtcpPacket } from './rtcp.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function parsed(data: Uint8Array): RtcpPacket[] {
  const r = parseRtcp(data);
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.reason}`);
  return r.packets;
}

function errorCode(data: Uint8Array): string {
  const r = parseRtcp(data);
  return r.ok ? 'ok' : r.error.code;
}

const block: ReportBlock = { ssrc: 0xcafebabe, fractionLost: 64, cumulativeLost: 1234, highestSeq: 0x0001_0005, jitter: 17, lsr: 0x12345678, dlsr: 65536 };

describe('RTCP SR and RR', () => {
  it('round-trips a sender report with two report blocks', () => {
    const sr: RtcpPacket = {
      type: 'sr',
      ssrc: 0x11111111,
      ntp: { seconds: 0xe9a0_0000, fraction: 0x8000_0000 },
      rtpTimestamp: 0xffff_fff0,
      packetCount: 250,
      octetCount: 40_000,
      reports: [block, { ...block, ssrc: 2, cumulativeLost: -3, fractionLost: 0 }],
    };
    const data = serializeRtcp([sr]);
    assert.equal(data.length, 28 + 48);
    assert.equal(data.length, rtcpSize([sr]));
    assert.deepEqual(parsed(data), [sr]);
  });

  it('writes a receiver report as RFC 3550 §6.4.2 lays it out', () => {
    const data = serializeRtcp([{ type: 'rr', ssrc: 0x01020304, reports: [block] }]);
    assert.deepEqual(
      data,
      hex(`81 c9 00 07  01 02 03 04
           ca fe ba be  40 00 04 d2  00 01 00 05  00 00 00 11  12 34 56 78  00 01 00 00`),
    );
    assert.deepEqual(parsed(data), [{ type: 'rr', ssrc: 0x01020304, reports: [block] }]);
  });

  it('sign-extends and clamps the 24-bit cumulative loss', () => {
    const rr = (lost: number): RtcpPacket => ({ type: 'rr', ssrc: 1, reports: [{ ...block, cumulativeLost: lost }] });
    const lostOf = (lost: number) => {
      const [p] = parsed(serializeRtcp([rr(lost)]));
      return p?.type === 'rr' ? p.reports[0]?.cumulativeLost : undefined;
    };
    assert.equal(lostOf(-1), -1);
    assert.equal(lostOf(-0x800000), -0x800000);
    assert.equal(lostOf(0x7fffff), 0x7fffff);
    assert.equal(lostOf(10_000_000), 0x7fffff);
    assert.equal(lostOf(-10_000_000), -0x800000);
  });

  it('parses an empty RR (no report blocks) and ignores profile extensions after the blocks', () => {
    assert.deepEqual(parsed(hex('80 c9 00 01  00 00 00 2a')), [{ type: 'rr', ssrc: 42, reports: [] }]);
    assert.deepEqual(parsed(hex('80 c9 00 02  00 00 00 2a  de ad be ef')), [{ type: 'rr', ssrc: 42, reports: [] }]);
  });
});

describe('RTCP compound packets', () => {
  it('round-trips RR + SDES CNAME + BYE with a reason', () => {
    const packets: RtcpPacket[] = [
      { type: 'rr', ssrc: 7, reports: [block] },
      { type: 'sdes', chunks: [{ ssrc: 7, items: [{ type: 1, value: 'CA123@switchboard' }, { type: 6, value: 'sw' }] }, { ssrc: 8, items: [] }] },
      { type: 'bye', ssrcs: [7], reason: 'call ended' },
    ];
    const data = serializeRtcp(packets);
    assert.equal(data.length % 4, 0);
    assert.equal(data.length, rtcpSize(packets));
    assert.deepEqual(parsed(data), packets);
  });

  it('writes SDES chunks null-terminated and padded to 32 bits', () => {
    // CNAME "ab": 01 02 61 62, then a null item and padding to the boundary: 00 00 00 00
    const data = serializeRtcp([{ type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: 1, value: 'ab' }] }] }]);
    assert.deepEqual(data, hex('81 ca 00 03  00 00 00 01  01 02 61 62  00 00 00 00'));
    const odd = serializeRtcp([{ type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: 1, value: 'abc' }] }] }]);
    assert.deepEqual(odd, hex('81 ca 00 03  00 00 00 01  01 03 61 62  63 00 00 00'));
  });

  it('round-trips a BYE without reason and keeps unknown packet types as their body', () => {
    const packets: RtcpPacket[] = [
      { type: 'bye', ssrcs: [1, 2, 3] },
      { type: 'other', packetType: 204, count: 0, body: hex('00 00 00 01 6e 61 6d 65 00 00 00 00') },
    ];
    const back = parsed(serializeRtcp(packets));
    assert.deepEqual(back[0], packets[0]);
    assert.deepEqual(back[1]?.type === 'other' && { ...back[1], body: Buffer.from(back[1].body) }, packets[1]);
  });

  it('writes into a caller buffer at an offset', () => {
    const out = Buffer.alloc(64);
    const view = serializeRtcp([{ type: 'bye', ssrcs: [5] }], out, 4);
    assert.equal(view.buffer, out.buffer);
    assert.deepEqual(Buffer.from(view), hex('81 cb 00 01 00 00 00 05'));
    assert.throws(() => serializeRtcp([{ type: 'rr', ssrc: 1, reports: [block, block, block] }], out, 4), RangeError);
    assert.throws(() => serializeRtcp([{ type: 'rr', ssrc: 1, reports: new Array<ReportBlock>(32).fill(block) }]), RangeError);
  });

  it('accepts padding on the last packet only', () => {
    const padded = hex('80 c9 00 01 00 00 00 2a  a1 cb 00 02 00 00 00 05 00 00 00 04');
    assert.deepEqual(parsed(padded), [
      { type: 'rr', ssrc: 42, reports: [] },
      { type: 'bye', ssrcs: [5] },
    ]);
    assert.equal(errorCode(hex('a0 c9 00 02 00 00 00 2a 00 00 00 04  81 cb 00 01 00 00 00 05')), 'ERR_RTCP_PADDING');
    assert.equal(errorCode(hex('a0 c9 00 01 00 00 00 00')), 'ERR_RTCP_PADDING');
    assert.equal(errorCode(hex('a0 c9 00 01 00 00 00 09')), 'ERR_RTCP_PADDING');
  });

  it('returns typed errors for malformed input', () => {
    assert.equal(errorCode(hex('80 c9 00')), 'ERR_RTCP_TRUNCATED');
    assert.equal(errorCode(hex('80 c9 00 07 00 00 00 01')), 'ERR_RTCP_TRUNCATED');
    assert.equal(errorCode(hex('80 c9 00 01 00 00 00 01 00 00')), 'ERR_RTCP_TRUNCATED');
    assert.equal(errorCode(hex('40 c9 00 01 00 00 00 01')), 'ERR_RTCP_VERSION');
    assert.equal(errorCode(hex('81 c9 00 01 00 00 00 01')), 'ERR_RTCP_MALFORMED');
    assert.equal(errorCode(hex('80 c8 00 01 00 00 00 01')), 'ERR_RTCP_MALFORMED');
    assert.equal(errorCode(hex('81 ca 00 01 00 00 00 01')), 'ERR_RTCP_MALFORMED');
    assert.equal(errorCode(hex('81 ca 00 02 00 00 00 01 01 09 61 62')), 'ERR_RTCP_MALFORMED');
    assert.equal(errorCode(hex('82 cb 00 01 00 00 00 01')), 'ERR_RTCP_MALFORMED');
    assert.equal(errorCode(hex('81 cb 00 02 00 00 00 01 09 61 62 63')), 'ERR_RTCP_MALFORMED');
  });

  it('never throws on random bytes', () => {
    const rnd = seededRandom(6);
    for (let n = 0; n < 20_000; n++) {
      const data = Uint8Array.from({ length: 4 * Math.floor(rnd() * 12) }, () => Math.floor(rnd() * 256));
      if (data.length > 0) data[0] = 0x80 | (data[0]! & 0x3f);
      if (data.length > 3) {
        data[1] = 200 + Math.floor(rnd() * 5);
        data[2] = 0;
        data[3] = Math.floor(rnd() * (data.length / 4 + 1));
      }
      parseRtcp(data);
    }
  });
});

describe('NTP timestamps and round trip', () => {
  it('converts Unix ms to NTP and back', () => {
    assert.deepEqual(toNtp(0), { seconds: 2_208_988_800, fraction: 0 });
    assert.deepEqual(toNtp(1500), { seconds: 2_208_988_801, fraction: 0x8000_0000 });
    const t = 1_795_000_000_123;
    assert.ok(Math.abs(fromNtp(toNtp(t)) - t) < 0.001);
    assert.equal(ntpMiddle32({ seconds: 0x1234_5678, fraction: 0x9abc_def0 }), 0x5678_9abc);
    assert.equal(msToDlsr(1000), 65536);
    assert.equal(msToDlsr(-5), 0);
  });

  it('computes the round trip as A − LSR − DLSR (RFC 3550 §6.4.1, Figure 2)', () => {
    const sentAt = 1_795_000_000_000;
    const lsr = ntpMiddle32(toNtp(sentAt));
    // the peer held our SR for 250 ms; the report arrives 330 ms after we sent the SR
    const rtt = roundTripMs(sentAt + 330, lsr, msToDlsr(250));
    assert.ok(rtt !== undefined && Math.abs(rtt - 80) < 0.1, `rtt ${rtt}`);
    assert.equal(roundTripMs(sentAt + 330, 0, 0), undefined, 'no SR seen yet');
    assert.equal(roundTripMs(sentAt + 100, lsr, msToDlsr(250)), undefined, 'negative');
  });
});
