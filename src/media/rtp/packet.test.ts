import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../core/index.ts';
import { classifyPacket, parseRtp, rtpPacketSize, serializeRtp, type RtpPacket, type RtpPacketInit } from './packet.ts';

function ok(data: Uint8Array): RtpPacket {
  const r = parseRtp(data);
  if (!r.ok) assert.fail(`expected a packet, got ${r.error.code}: ${r.error.reason}`);
  return r.packet;
}

function errorCode(data: Uint8Array): string {
  const r = parseRtp(data);
  assert.equal(r.ok, false);
  return r.ok ? '' : r.error.code;
}

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('parseRtp', () => {
  it('reads the fixed header of a hand-written PCMU packet', () => {
    const p = ok(hex('80 00 00 01  00 00 00 a0  12 34 56 78  ff fe'));
    assert.equal(p.marker, false);
    assert.equal(p.payloadType, 0);
    assert.equal(p.sequenceNumber, 1);
    assert.equal(p.timestamp, 160);
    assert.equal(p.ssrc, 0x12345678);
    assert.deepEqual(p.csrcs, []);
    assert.equal(p.extension, undefined);
    assert.equal(p.paddingLength, 0);
    assert.deepEqual([...p.payload], [0xff, 0xfe]);
  });

  it('reads marker, PT 101, seq 65535 and 32-bit values above 2^31', () => {
    const p = ok(hex('80 e5 ff ff  ff ff ff ff  de ad be ef  01 02 03 04'));
    assert.equal(p.marker, true);
    assert.equal(p.payloadType, 101);
    assert.equal(p.sequenceNumber, 65535);
    assert.equal(p.timestamp, 0xffffffff);
    assert.equal(p.ssrc, 0xdeadbeef);
  });

  it('gives the payload as a view into the datagram, not a copy', () => {
    const data = hex('80 00 00 01  00 00 00 a0  12 34 56 78  11 22 33');
    const p = ok(data);
    assert.equal(p.payload.buffer, data.buffer);
    data[13] = 0x99;
    assert.equal(p.payload[1], 0x99);
  });

  it('reads the CSRC list', () => {
    const p = ok(hex('82 08 00 07  00 00 01 00  00 00 00 01  00 00 00 0a  00 00 00 0b  aa'));
    assert.equal(p.payloadType, 8);
    assert.deepEqual(p.csrcs, [10, 11]);
    assert.deepEqual([...p.payload], [0xaa]);
  });

  it('skips the header extension and exposes its profile and body', () => {
    const p = ok(hex('90 00 00 01  00 00 00 00  00 00 00 01  be de 00 02  10 aa 00 00  22 bb cc 00  77 88'));
    assert.deepEqual(p.extension && { profile: p.extension.profile, data: [...p.extension.data] }, {
      profile: 0xbede,
      data: [0x10, 0xaa, 0, 0, 0x22, 0xbb, 0xcc, 0],
    });
    assert.deepEqual([...p.payload], [0x77, 0x88]);
  });

  it('strips padding (the last octet counts it, itself included)', () => {
    const p = ok(hex('a0 00 00 01  00 00 00 00  00 00 00 01  55 66  00 00 03'));
    assert.equal(p.paddingLength, 3);
    assert.deepEqual([...p.payload], [0x55, 0x66]);
    const allPadding = ok(hex('a0 00 00 01  00 00 00 00  00 00 00 01  00 00 00 04'));
    assert.equal(allPadding.payload.length, 0);
  });

  it('handles CSRCs, extension and padding together', () => {
    const p = ok(hex('b1 80 00 02  00 00 00 00  00 00 00 01  00 00 00 09  00 01 00 01  01 02 03 04  ee  00 02'));
    assert.deepEqual(p.csrcs, [9]);
    assert.equal(p.marker, true);
    assert.equal(p.extension?.profile, 1);
    assert.deepEqual([...p.payload], [0xee]);
  });

  it('returns a typed error for malformed packets', () => {
    const base = '00 00 00 01  00 00 00 00  00 00 00 01';
    assert.equal(errorCode(new Uint8Array(0)), 'ERR_RTP_TOO_SHORT');
    assert.equal(errorCode(hex('80 00 00 01 00 00 00 00 00 00 00')), 'ERR_RTP_TOO_SHORT');
    assert.equal(errorCode(hex(`40${base.slice(2)}`)), 'ERR_RTP_VERSION');
    assert.equal(errorCode(hex(`00${base.slice(2)}`)), 'ERR_RTP_VERSION');
    assert.equal(errorCode(hex(`83${base.slice(2)} 00 00 00 01 00 00 00 02`)), 'ERR_RTP_CSRC_TRUNCATED');
    assert.equal(errorCode(hex(`8f${base.slice(2)}`)), 'ERR_RTP_CSRC_TRUNCATED');
    assert.equal(errorCode(hex(`90${base.slice(2)} be de`)), 'ERR_RTP_EXTENSION_TRUNCATED');
    assert.equal(errorCode(hex(`90${base.slice(2)} be de 00 02 00 00 00 00`)), 'ERR_RTP_EXTENSION_TRUNCATED');
    assert.equal(errorCode(hex(`90${base.slice(2)} be de ff ff`)), 'ERR_RTP_EXTENSION_TRUNCATED');
    // the extension would be complete only by reading into the padding
    assert.equal(errorCode(hex(`b0${base.slice(2)} be de 00 01 00 00 00 02`)), 'ERR_RTP_EXTENSION_TRUNCATED');
    assert.equal(errorCode(hex(`a0${base.slice(2)} 11 00`)), 'ERR_RTP_PADDING');
    assert.equal(errorCode(hex(`a0${base.slice(2)} 11 09`)), 'ERR_RTP_PADDING');
  });

  it('never throws on random bytes or on any truncation of a valid packet', () => {
    const rnd = seededRandom(3550);
    for (let n = 0; n < 20_000; n++) {
      const data = Uint8Array.from({ length: Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 256));
      if (rnd() < 0.7 && data.length > 0) data[0] = 0x80 | (data[0]! & 0x3f);
      const r = parseRtp(data);
      if (r.ok) assert.ok(r.packet.payload.length <= data.length);
    }
    const full = serializeRtp({ payloadType: 0, sequenceNumber: 1, timestamp: 2, ssrc: 3, csrcs: [4, 5], extension: { profile: 0xbede, data: new Uint8Array(8) }, payload: new Uint8Array(20), paddingLength: 4 });
    for (let len = 0; len < full.length; len++) assert.equal(parseRtp(full.subarray(0, len)).ok, false, `length ${len}`);
  });
});

describe('serializeRtp', () => {
  const init: RtpPacketInit = {
    marker: true,
    payloadType: 101,
    sequenceNumber: 65535,
    timestamp: 0xfffffff0,
    ssrc: 0x8000_0001,
    csrcs: [1, 0xffffffff],
    extension: { profile: 0x1000, data: Uint8Array.of(1, 2, 3, 4) },
    payload: Uint8Array.of(9, 8, 7),
    paddingLength: 5,
  };

  it('round-trips every field', () => {
    const data = serializeRtp(init);
    assert.equal(data.length, rtpPacketSize(init));
    assert.equal(data.length, 12 + 8 + 8 + 3 + 5);
    const p = ok(data);
    assert.deepEqual(
      { ...p, csrcs: [...p.csrcs], payload: [...p.payload], extension: { profile: p.extension?.profile, data: [...(p.extension?.data ?? [])] } },
      { ...init, csrcs: [1, 0xffffffff], payload: [9, 8, 7], extension: { profile: 0x1000, data: [1, 2, 3, 4] } },
    );
    assert.deepEqual(serializeRtp(p), data, 'a parsed packet serializes to the same bytes');
  });

  it('writes the minimal header the same way as a hand-written packet', () => {
    const data = serializeRtp({ payloadType: 0, sequenceNumber: 1, timestamp: 160, ssrc: 0x12345678, payload: Uint8Array.of(0xff, 0xfe) });
    assert.deepEqual(data, hex('80 00 00 01  00 00 00 a0  12 34 56 78  ff fe'));
  });

  it('writes into a caller buffer at an offset and returns that view', () => {
    const out = Buffer.alloc(100, 0xee);
    const view = serializeRtp({ payloadType: 8, sequenceNumber: 0x10001, timestamp: 2 ** 32 + 5, ssrc: 7, payload: Uint8Array.of(1) }, out, 10);
    assert.equal(view.buffer, out.buffer);
    assert.equal(view.byteOffset, out.byteOffset + 10);
    assert.equal(out[9], 0xee);
    assert.equal(out[23], 0xee);
    const p = ok(view);
    assert.equal(p.sequenceNumber, 1, 'sequence number modulo 2^16');
    assert.equal(p.timestamp, 5, 'timestamp modulo 2^32');
    assert.throws(() => serializeRtp({ payloadType: 8, sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: new Uint8Array(90) }, out, 10), RangeError);
  });

  it('rejects fields that cannot be encoded', () => {
    const base = { sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: new Uint8Array(0) };
    assert.throws(() => serializeRtp({ ...base, payloadType: 128 }), RangeError);
    assert.throws(() => serializeRtp({ ...base, payloadType: 0, csrcs: new Array<number>(16).fill(1) }), RangeError);
    assert.throws(() => serializeRtp({ ...base, payloadType: 0, paddingLength: 256 }), RangeError);
    assert.throws(() => serializeRtp({ ...base, payloadType: 0, extension: { profile: 1, data: new Uint8Array(3) } }), RangeError);
  });
});

describe('classifyPacket', () => {
  it('tells RTP, RTCP and other traffic apart (RFC 5761 §4, RFC 7983)', () => {
    assert.equal(classifyPacket(hex('80 00 00 01')), 'rtp');
    assert.equal(classifyPacket(hex('80 e5 00 01')), 'rtp');
    assert.equal(classifyPacket(hex('81 c8 00 06')), 'rtcp');
    assert.equal(classifyPacket(hex('81 cb 00 01')), 'rtcp');
    assert.equal(classifyPacket(hex('00 01 00 00')), 'other', 'STUN binding request');
    assert.equal(classifyPacket(hex('16 fe fd')), 'other', 'DTLS');
    assert.equal(classifyPacket(hex('80')), 'other');
  });
});
