import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SIPP_DTMF, concatBytes, decodeRtp, ipv4Udp, loadSippPcap, writePcap } from './dtmf.fixture.ts';
import { LINKTYPE, readPcap, readPcapUdp } from './pcap.ts';
import { DtmfError } from './types.ts';

const PAYLOAD = Uint8Array.from([0x80, 0x65, 0x1f, 0x30, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
const IP = ipv4Udp('10.0.0.1', '10.0.0.2', 5004, 6000, PAYLOAD);

/** Link-layer frames around IP, per link type. */
const FRAMES: ReadonlyArray<{ name: string; linkType: number; frame: Uint8Array }> = [
  { name: 'null, little-endian host', linkType: LINKTYPE.NULL, frame: concatBytes(Uint8Array.of(2, 0, 0, 0), IP) },
  { name: 'null, big-endian host', linkType: LINKTYPE.NULL, frame: concatBytes(Uint8Array.of(0, 0, 0, 2), IP) },
  { name: 'Ethernet', linkType: LINKTYPE.ETHERNET, frame: concatBytes(new Uint8Array(12), Uint8Array.of(0x08, 0x00), IP) },
  {
    name: 'Ethernet with 802.1Q and QinQ tags',
    linkType: LINKTYPE.ETHERNET,
    frame: concatBytes(new Uint8Array(12), Uint8Array.of(0x88, 0xa8, 0, 7, 0x81, 0x00, 0, 42, 0x08, 0x00), IP),
  },
  { name: 'raw IP', linkType: LINKTYPE.RAW, frame: IP },
  { name: 'Linux cooked (SLL)', linkType: LINKTYPE.LINUX_SLL, frame: concatBytes(new Uint8Array(14), Uint8Array.of(0x08, 0x00), IP) },
  { name: 'Linux cooked v2 (SLL2)', linkType: LINKTYPE.LINUX_SLL2, frame: concatBytes(Uint8Array.of(0x08, 0x00), new Uint8Array(18), IP) },
];

describe('pcap reader: the sipp DTMF captures', () => {
  for (const { file } of SIPP_DTMF) {
    it(`reads ${file}: little-endian µs pcap, Ethernet, 10 UDP datagrams 49176 → 10000`, () => {
      const bytes = loadSippPcap(file);
      const { header } = readPcap(bytes);
      assert.deepEqual(header, {
        littleEndian: true, nanosecond: false, versionMajor: 2, versionMinor: 4, snapLength: 65535, linkType: LINKTYPE.ETHERNET,
      });
      const d = readPcapUdp(bytes);
      assert.equal(d.length, 10);
      for (const x of d) {
        assert.deepEqual([x.srcIp, x.dstIp, x.srcPort, x.dstPort, x.payload.length, x.truncated], ['192.168.0.3', '192.168.0.1', 49176, 10000, 16, false]);
      }
      const gaps = d.slice(1, 7).map((x, i) => x.timeMs - (d[i]?.timeMs ?? 0));
      assert.ok(gaps.every((g) => g > 19 && g < 21), `update packets 20 ms apart: ${gaps.join(', ')}`);
    });
  }

  it("keeps the capture time to the microsecond ('1' starts at 1134424480.553878 s)", () => {
    const [first] = readPcapUdp(loadSippPcap('dtmf_2833_1.pcap'));
    assert.equal(first?.seconds, 1134424480);
    assert.equal(first?.nanos, 553878000);
    assert.equal(first?.timeMs, 1134424480553.878);
  });

  it('the payloads are RTP with PT 101 and SSRC 0x0E05384E', () => {
    for (const { file } of SIPP_DTMF) {
      for (const d of readPcapUdp(loadSippPcap(file))) {
        const rtp = decodeRtp(d.payload, 0);
        assert.equal(rtp.pt, 101);
        assert.equal(rtp.ssrc, 0x0e05384e);
      }
    }
  });
});

describe('pcap reader: formats', () => {
  for (const littleEndian of [true, false]) {
    for (const nanosecond of [false, true]) {
      for (const { name, linkType, frame } of FRAMES) {
        it(`${littleEndian ? 'LE' : 'BE'} ${nanosecond ? 'ns' : 'µs'} ${name}`, () => {
          const file = writePcap({ littleEndian, nanosecond, linkType, records: [{ seconds: 1700000000, nanos: 123456789, frame }] });
          const { header } = readPcap(file);
          assert.equal(header.littleEndian, littleEndian);
          assert.equal(header.nanosecond, nanosecond);
          assert.equal(header.linkType, linkType);
          const [d, ...rest] = readPcapUdp(file);
          assert.equal(rest.length, 0);
          assert.ok(d);
          assert.deepEqual([d.srcIp, d.dstIp, d.srcPort, d.dstPort], ['10.0.0.1', '10.0.0.2', 5004, 6000]);
          assert.deepEqual(d.payload, PAYLOAD);
          assert.equal(d.nanos, nanosecond ? 123456789 : 123456000);
          assert.equal(d.timeMs, 1700000000000 + d.nanos / 1e6);
        });
      }
    }
  }

  it('skips what is not whole IPv4 UDP: TCP, IPv6, ARP, fragments (no reassembly)', () => {
    const eth = (type: number, body: Uint8Array) => concatBytes(new Uint8Array(12), Uint8Array.of(type >> 8, type & 0xff), body);
    const records = [
      eth(0x0800, ipv4Udp('1.1.1.1', '2.2.2.2', 1, 2, PAYLOAD, { protocol: 6 })),
      eth(0x86dd, new Uint8Array(60)),
      eth(0x0806, new Uint8Array(28)),
      eth(0x0800, ipv4Udp('1.1.1.1', '2.2.2.2', 1, 2, PAYLOAD, { fragment: 0x0010 })),
      eth(0x0800, ipv4Udp('1.1.1.1', '2.2.2.2', 1, 2, PAYLOAD, { fragment: 0x2000 })),
      eth(0x0800, ipv4Udp('1.1.1.1', '2.2.2.2', 7, 8, PAYLOAD)),
    ].map((frame, i) => ({ seconds: i, nanos: 0, frame }));
    const d = readPcapUdp(writePcap({ littleEndian: true, nanosecond: false, linkType: 1, records }));
    assert.deepEqual(d.map((x) => [x.index, x.srcPort]), [[5, 7]]);
  });

  it('marks a datagram cut by the snap length as truncated', () => {
    const frame = concatBytes(new Uint8Array(12), Uint8Array.of(0x08, 0x00), IP).subarray(0, 14 + 28 + 5);
    const [d] = readPcapUdp(writePcap({ littleEndian: true, nanosecond: false, linkType: 1, records: [{ seconds: 0, nanos: 0, frame, originalLength: 14 + IP.length }] }));
    assert.equal(d?.truncated, true);
    assert.deepEqual(d?.payload, PAYLOAD.subarray(0, 5));
  });

  it('ignores the FCS flag bits above the link type', () => {
    const file = writePcap({ littleEndian: true, nanosecond: false, linkType: 0x10000000 | LINKTYPE.RAW, records: [{ seconds: 0, nanos: 0, frame: IP }] });
    assert.equal(readPcapUdp(file).length, 1);
  });
});

describe('pcap reader: errors are DtmfError ERR_PCAP', () => {
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['a short file', new Uint8Array(10), /shorter than the 24-byte/],
    ['pcapng', Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a, ...new Uint8Array(28)), /pcapng.*editcap/],
    ['an unknown magic', new Uint8Array(24).fill(7), /unknown magic 0x07070707/],
    ['a cut record header', concatBytes(writePcap({ littleEndian: true, nanosecond: false, linkType: 1, records: [] }), new Uint8Array(8)), /record 0 header cut off/],
    [
      'a cut record body',
      writePcap({ littleEndian: true, nanosecond: false, linkType: 101, records: [{ seconds: 0, nanos: 0, frame: IP }] }).subarray(0, 50),
      /record 0 needs 41 bytes/,
    ],
    ['an unsupported link type', writePcap({ littleEndian: false, nanosecond: false, linkType: 105, records: [] }), /link type 105 is not supported/],
  ];
  for (const [name, bytes, message] of cases) {
    it(name, () => {
      assert.throws(() => readPcapUdp(bytes), (e: unknown) => e instanceof DtmfError && e.code === 'ERR_PCAP' && message.test(e.message));
    });
  }
});
