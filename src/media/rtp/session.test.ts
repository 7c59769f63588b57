import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeScheduler, seededRandom } from '../../core/index.ts';
import type { RtpAddress } from './latch.ts';
import { parseRtp, serializeRtp, type RtpPacket } from './packet.ts';
import { parseRtcp } from './rtcp-parse.ts';
import { serializeRtcp, type RtcpPacket } from './rtcp.ts';
import { RtpSession } from './session.ts';
import type { RtpPacketInfo, RtpSessionEvent, RtpSessionOptions } from './session-types.ts';

const SDP_REMOTE: RtpAddress = { address: '192.0.2.10', port: 5004 };
const NAT: RtpAddress = { address: '203.0.113.5', port: 61_000 };
const OTHER: RtpAddress = { address: '198.51.100.7', port: 7000 };

interface Sent {
  kind: 'rtp' | 'rtcp';
  data: Uint8Array;
  to: RtpAddress;
}

function harness(options: Partial<RtpSessionOptions> = {}) {
  const sched = new FakeScheduler(1_000_000);
  const sent: Sent[] = [];
  const received: Array<{ packet: RtpPacket; info: RtpPacketInfo }> = [];
  const events: RtpSessionEvent[] = [];
  const rtcpIn: RtcpPacket[][] = [];
  const session = new RtpSession(
    { localPort: 40_000, cname: 'CAtest@switchboard', scheduler: sched, random: seededRandom(1), ...options },
    {
      sendRtp: (data, to) => sent.push({ kind: 'rtp', data, to }),
      sendRtcp: (data, to) => sent.push({ kind: 'rtcp', data, to }),
      onPacket: (packet, info) => received.push({ packet, info }),
      onRtcp: (packets) => rtcpIn.push([...packets]),
      onEvent: (e) => events.push(e),
    },
  );
  const rtcpSent = () =>
    sent
      .filter((s) => s.kind === 'rtcp')
      .map((s) => {
        const r = parseRtcp(s.data);
        assert.ok(r.ok);
        return r.packets;
      });
  return { sched, session, sent, received, events, rtcpIn, rtcpSent };
}

function rtp(seq: number, ssrc = 0xabcd, payload: Uint8Array = Uint8Array.of(0xff, 0xff)): Uint8Array {
  return serializeRtp({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, ssrc, payload });
}

describe('RtpSession: sending', () => {
  it('starts from random SSRC, sequence number and timestamp and counts up from there', () => {
    const a = harness({ remote: SDP_REMOTE, random: seededRandom(1) });
    const b = harness({ remote: SDP_REMOTE, random: seededRandom(2) });
    assert.notEqual(a.session.ssrc, b.session.ssrc);
    assert.notEqual(a.session.sequenceNumber, b.session.sequenceNumber);
    assert.notEqual(a.session.timestamp, b.session.timestamp);
    const { session, sent, sched } = a;
    const seq0 = session.sequenceNumber;
    const ts0 = session.timestamp;
    for (let i = 0; i < 3; i++) assert.equal(session.sendRtp(new Uint8Array(160), sched.now(), { samples: 160, marker: i === 0 }), true);
    const packets = sent.map((s) => {
      const r = parseRtp(s.data);
      assert.ok(r.ok);
      return r.packet;
    });
    assert.deepEqual(
      packets.map((p) => [p.sequenceNumber, p.timestamp, p.ssrc, p.marker, p.payloadType, p.payload.length]),
      [0, 1, 2].map((i) => [(seq0 + i) & 0xffff, (ts0 + i * 160) >>> 0, session.ssrc, i === 0, 0, 160]),
    );
    assert.deepEqual(sent[0]?.to, SDP_REMOTE);
  });

  it('wraps the sequence number and honours an explicit timestamp and payload type', () => {
    const { session, sent, sched } = harness({ remote: SDP_REMOTE, random: () => 0.99999 });
    assert.equal(session.sequenceNumber, 65535);
    session.sendRtp(Uint8Array.of(1), sched.now(), { payloadType: 101, timestamp: 1234 });
    session.sendRtp(Uint8Array.of(2), sched.now(), { payloadType: 101, timestamp: 1234, samples: 800 });
    session.advanceTimestamp(160);
    const [p1, p2] = sent.map((s) => parseRtp(s.data)).map((r) => (r.ok ? r.packet : undefined));
    assert.equal(p1?.sequenceNumber, 65535);
    assert.equal(p2?.sequenceNumber, 0);
    assert.equal(p2?.timestamp, 1234);
    assert.equal(p2?.payloadType, 101);
    assert.equal(session.timestamp, 1234 + 800 + 160);
  });

  it('does not send before a remote is known', () => {
    const { session, sent, sched } = harness();
    assert.equal(session.sendRtp(new Uint8Array(160), sched.now()), false);
    assert.equal(sent.length, 0);
    assert.equal(session.stats().unsent, 1);
  });
});

describe('RtpSession: symmetric RTP', () => {
  it('latches onto where the first packet comes from, for RTP and RTCP', () => {
    const { session, sent, received, events, sched } = harness({ remote: SDP_REMOTE });
    session.sendRtp(new Uint8Array(160), sched.now());
    assert.deepEqual(sent.at(-1)?.to, SDP_REMOTE);
    session.receive(rtp(1), NAT, sched.now());
    assert.deepEqual(events, [{ type: 'latched', remote: NAT, previous: SDP_REMOTE }]);
    assert.equal(received.length, 1);
    session.sendRtp(new Uint8Array(160), sched.now());
    assert.deepEqual(sent.at(-1)?.to, NAT);
    assert.deepEqual(session.stats().remoteRtcp, { address: NAT.address, port: NAT.port + 1 });
    assert.equal(session.stats().latched, true);
  });

  it('drops packets from other addresses, even with the same SSRC (sessions are told apart by address)', () => {
    const { session, received, sched } = harness({ relatchAfter: 0 });
    session.receive(rtp(1, 0x5151), NAT, sched.now());
    for (let i = 0; i < 10; i++) session.receive(rtp(500 + i, 0x5151), OTHER, sched.now());
    session.receive(rtp(2, 0x5151), NAT, sched.now());
    assert.deepEqual(received.map((r) => r.packet.sequenceNumber), [1, 2]);
    assert.equal(session.stats().foreign, 10);
    assert.deepEqual(session.stats().remote, NAT);
  });

  it('moves to a new source after relatchAfter packets in a row from it', () => {
    const { session, received, events, sched, sent } = harness({ relatchAfter: 3 });
    session.receive(rtp(1), NAT, sched.now());
    session.receive(rtp(100), OTHER, sched.now());
    session.receive(rtp(101), OTHER, sched.now());
    session.receive(rtp(2), NAT, sched.now()); // the current source speaks: the count restarts
    session.receive(rtp(102), OTHER, sched.now());
    session.receive(rtp(103), OTHER, sched.now());
    assert.deepEqual(session.stats().remote, NAT);
    session.receive(rtp(104), OTHER, sched.now());
    assert.deepEqual(session.stats().remote, OTHER);
    assert.deepEqual(events.at(-1), { type: 'latched', remote: OTHER, previous: NAT });
    assert.deepEqual(received.map((r) => r.packet.sequenceNumber), [1, 2, 104]);
    session.receive(rtp(3), NAT, sched.now());
    assert.equal(received.length, 3, 'the old source is foreign now');
    session.sendRtp(new Uint8Array(1), sched.now());
    assert.deepEqual(sent.at(-1)?.to, OTHER);
  });

  it('without symmetric RTP accepts any source and keeps sending to the SDP address', () => {
    const { session, received, sent, sched } = harness({ symmetric: false, remote: SDP_REMOTE });
    session.receive(rtp(1), NAT, sched.now());
    session.receive(rtp(2), OTHER, sched.now());
    session.sendRtp(new Uint8Array(1), sched.now());
    assert.equal(received.length, 2);
    assert.deepEqual(sent[0]?.to, SDP_REMOTE);
  });

  it('forgets the latch on a new SDP', () => {
    const { session, sched, sent } = harness({ remote: SDP_REMOTE });
    session.receive(rtp(1), NAT, sched.now());
    session.setRemote(OTHER);
    session.sendRtp(new Uint8Array(1), sched.now());
    assert.deepEqual(sent.at(-1)?.to, OTHER);
    assert.equal(session.stats().latched, false);
  });
});

describe('RtpSession: receiving', () => {
  it('delivers payload views with the A.1 verdict and counts what it drops', () => {
    const { session, received, sched } = harness();
    const d = rtp(10);
    session.receive(d, NAT, sched.now());
    session.receive(rtp(11), NAT, sched.now());
    session.receive(Uint8Array.of(0x80, 0, 1), NAT, sched.now()); // too short
    session.receive(Uint8Array.of(0, 1, 0, 0), NAT, sched.now()); // STUN-like
    assert.deepEqual(received.map((r) => r.info.verdict), ['probation', 'valid']);
    assert.equal(received[0]?.packet.payload.buffer, d.buffer);
    const st = session.stats();
    assert.equal(st.malformed, 1);
    assert.equal(st.other, 1);
    assert.equal(st.packetsReceived, 2);
    assert.equal(st.remoteSsrc, 0xabcd);
  });

  it('follows a sipp-style stream: one SSRC, sequence numbers and timestamps jumping between pcap files', () => {
    const { session, received, events, sched } = harness({ inactivityMs: 0 });
    const send = (seq: number, ts: number) => {
      session.receive(serializeRtp({ payloadType: 8, sequenceNumber: seq, timestamp: ts, ssrc: 0x01020304, payload: new Uint8Array(160) }), NAT, sched.now());
      sched.advance(20);
    };
    for (let i = 0; i < 50; i++) send(1000 + i, 5000 + i * 160); // g711a.pcap
    for (let i = 0; i < 20; i++) send(30_000 + i, 9_000_000 + i * 160); // dtmf_2833_1.pcap
    assert.equal(received.length, 70, 'every packet is delivered');
    assert.deepEqual(received.filter((r) => r.info.verdict === 'jump').map((r) => r.packet.sequenceNumber), [30_000]);
    assert.deepEqual(events.map((e) => e.type), ['latched'], 'no SSRC change, no re-latch');
    const st = session.stats();
    assert.equal(st.expected, 19, 're-synced at 30001');
    assert.equal(st.lost, 0);
    assert.equal(st.jitterMs, 0);
  });

  it('restarts statistics when the remote changes SSRC, and changes its own SSRC on a collision', () => {
    const { session, events, sched } = harness();
    session.receive(rtp(1, 1), NAT, sched.now());
    session.receive(rtp(2, 1), NAT, sched.now());
    session.receive(rtp(900, 2), NAT, sched.now());
    assert.deepEqual(events.at(-1), { type: 'remote-ssrc', ssrc: 2, previous: 1 });
    assert.equal(session.stats().expected, 0, 'new source on probation');
    const mine = session.ssrc;
    session.receive(rtp(901, mine), NAT, sched.now());
    const e = events.find((x) => x.type === 'ssrc-collision');
    assert.ok(e && e.type === 'ssrc-collision' && e.previous === mine && e.ssrc === session.ssrc && session.ssrc !== mine);
  });

  it('an echoing far end (our SSRC sent back again from the same address) is a loop: the SSRC changes once only', () => {
    const { session, events, sched } = harness();
    const first = session.ssrc;
    session.receive(rtp(1, first), NAT, sched.now());
    const second = session.ssrc;
    assert.notEqual(second, first);
    for (let seq = 2; seq < 50; seq++) session.receive(rtp(seq, session.ssrc), NAT, sched.now());
    assert.equal(session.ssrc, second);
    assert.equal(events.filter((x) => x.type === 'ssrc-collision').length, 1);
  });
});

describe('RtpSession: inactivity', () => {
  it('reports inactive once after inactivityMs without RTP, and active again on resume', () => {
    const { session, events, sched } = harness({ inactivityMs: 2000, rtcpIntervalMs: 0 });
    const kinds = () => events.filter((e) => e.type === 'inactive' || e.type === 'active').map((e) => e.type);
    sched.advance(1000);
    session.receive(rtp(1), NAT, sched.now());
    sched.advance(1999);
    assert.deepEqual(kinds(), []);
    sched.advance(1);
    assert.deepEqual(kinds(), ['inactive']);
    assert.deepEqual(events.at(-1), { type: 'inactive', lastRtpAt: 1_001_000 });
    sched.advance(60_000);
    assert.deepEqual(kinds(), ['inactive'], 'once');
    assert.equal(sched.pending, 0, 'no timer while inactive and RTCP is off');
    session.receive(rtp(2), NAT, sched.now());
    assert.deepEqual(kinds(), ['inactive', 'active']);
    assert.equal(session.stats().inactive, false);
    sched.advance(2000);
    assert.deepEqual(kinds(), ['inactive', 'active', 'inactive']);
  });

  it('starts counting at creation when no RTP ever arrives, and can be switched off (hold)', () => {
    const { session, events, sched } = harness({ inactivityMs: 3000, rtcpIntervalMs: 0 });
    sched.advance(3000);
    assert.equal(events.filter((e) => e.type === 'inactive').length, 1);
    session.setInactivityTimeout(0, sched.now());
    sched.advance(100_000);
    assert.equal(events.filter((e) => e.type === 'inactive').length, 1);
  });

  it('runs on tick and nextDeadline without a scheduler', () => {
    const events: RtpSessionEvent[] = [];
    const session = new RtpSession(
      { localPort: 1, cname: 'x', now: 0, inactivityMs: 500, rtcpIntervalMs: 0, random: seededRandom(3) },
      { sendRtp: () => {}, sendRtcp: () => {}, onEvent: (e) => events.push(e) },
    );
    assert.equal(session.nextDeadline(), 500);
    session.receive(rtp(1), NAT, 300);
    assert.equal(session.nextDeadline(), 800);
    session.tick(799);
    assert.equal(events.length, 1, 'only latched');
    session.tick(800);
    assert.equal(events.at(-1)?.type, 'inactive');
    assert.equal(session.nextDeadline(), undefined);
    assert.throws(() => new RtpSession({ localPort: 1, cname: 'x' }, { sendRtp: () => {}, sendRtcp: () => {} }), RangeError);
  });
});

describe('RtpSession: RTCP', () => {
  it('sends RR + SDES CNAME after half an interval, then every 0.5-1.5 intervals', () => {
    const { session, sched, rtcpSent, sent } = harness({ remote: SDP_REMOTE, inactivityMs: 0 });
    sched.advance(2499);
    assert.equal(rtcpSent().length, 0);
    sched.advance(1);
    const [first] = rtcpSent();
    assert.deepEqual(first, [
      { type: 'rr', ssrc: session.ssrc, reports: [] },
      { type: 'sdes', chunks: [{ ssrc: session.ssrc, items: [{ type: 1, value: 'CAtest@switchboard' }] }] },
    ]);
    assert.deepEqual(sent.find((s) => s.kind === 'rtcp')?.to, { address: SDP_REMOTE.address, port: SDP_REMOTE.port + 1 });
    const times: number[] = [];
    for (let t = 0; t < 60_000; t += 100) {
      const before = rtcpSent().length;
      sched.advance(100);
      if (rtcpSent().length > before) times.push(sched.now());
    }
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    assert.ok(gaps.length >= 8, `${gaps.length} reports in a minute`);
    for (const g of gaps) assert.ok(g >= 2500 && g <= 7600, `gap ${g}`);
  });

  it('sends an SR while sending RTP, with a report block about the remote', () => {
    const { session, sched, rtcpSent } = harness({ remote: SDP_REMOTE, inactivityMs: 0 });
    for (const seq of [1, 2, 3, 5, 6]) {
      session.receive(rtp(seq, 0x77), NAT, sched.now());
      sched.advance(seq === 3 ? 40 : 20); // 20 ms a packet, seq 4 lost
    }
    for (let i = 0; i < 10; i++) session.sendRtp(new Uint8Array(160), sched.now(), { samples: 160 });
    sched.advance(2400);
    const [report] = rtcpSent();
    const sr = report?.[0];
    assert.ok(sr?.type === 'sr');
    // valid from seq 2 (1 was on probation): 2..6 expected, 4 received → floor(256 / 5)
    assert.equal(sr.packetCount, 10);
    assert.equal(sr.octetCount, 1600);
    assert.deepEqual(sr.reports[0] && { ...sr.reports[0] }, { ssrc: 0x77, fractionLost: 51, cumulativeLost: 1, highestSeq: 6, jitter: 0, lsr: 0, dlsr: 0 });
    assert.deepEqual(rtcpSent()[0]?.[1]?.type, 'sdes');
  });

  it('ends with RR/SR + SDES + BYE on close, then stays silent and stops its timer', () => {
    const { session, sched, rtcpSent, sent } = harness({ remote: SDP_REMOTE });
    session.close(sched.now(), 'hangup');
    const [bye] = rtcpSent();
    assert.deepEqual(bye?.map((p) => p.type), ['rr', 'sdes', 'bye']);
    assert.deepEqual(bye?.[2], { type: 'bye', ssrcs: [session.ssrc], reason: 'hangup' });
    assert.equal(sched.pending, 0);
    const count = sent.length;
    session.close(sched.now());
    session.receive(rtp(1), NAT, sched.now());
    assert.equal(session.sendRtp(new Uint8Array(1), sched.now()), false);
    sched.advance(60_000);
    assert.equal(sent.length, count);
    assert.equal(session.closed, true);
  });

  it('reports a remote BYE, latches RTCP to its real source, and drops RTCP from other hosts', () => {
    const { session, sched, events, rtcpIn, sent } = harness({ remote: SDP_REMOTE, inactivityMs: 0 });
    session.receive(rtp(1, 0x99), NAT, sched.now());
    session.receive(serializeRtcp([{ type: 'rr', ssrc: 0x99, reports: [] }]), OTHER, sched.now());
    assert.equal(session.stats().foreign, 1);
    const rtcpFrom = { address: NAT.address, port: 61_555 };
    session.receive(serializeRtcp([{ type: 'rr', ssrc: 0x99, reports: [] }, { type: 'bye', ssrcs: [0x99], reason: 'bye now' }]), rtcpFrom, sched.now());
    assert.equal(rtcpIn.length, 1);
    assert.deepEqual(events.at(-1), { type: 'remote-bye', ssrc: 0x99, reason: 'bye now' });
    sched.advance(2500);
    assert.deepEqual(sent.filter((s) => s.kind === 'rtcp').at(-1)?.to, rtcpFrom);
  });

  it('measures the round trip between two sessions over a 40 ms path each way', () => {
    const sched = new FakeScheduler(1_795_000_000_000);
    const A: RtpAddress = { address: '10.0.0.1', port: 4000 };
    const B: RtpAddress = { address: '10.0.0.2', port: 6000 };
    const sessions: Record<string, RtpSession> = {};
    const wire = (fromAddr: RtpAddress, rtcp: boolean) => (data: Uint8Array, to: RtpAddress) => {
      const target = to.address === A.address ? sessions.a : sessions.b;
      const from = rtcp ? { address: fromAddr.address, port: fromAddr.port + 1 } : fromAddr;
      const copy = Uint8Array.from(data);
      sched.setTimer(40, () => target?.receive(copy, from, sched.now()));
    };
    const make = (local: RtpAddress, remote: RtpAddress, seed: number) =>
      new RtpSession(
        { localPort: local.port, cname: `${seed}@t`, remote, scheduler: sched, random: seededRandom(seed), inactivityMs: 0 },
        { sendRtp: wire(local, false), sendRtcp: wire(local, true) },
      );
    sessions.a = make(A, B, 11);
    sessions.b = make(B, A, 12);
    const pump = (ms: number) => {
      for (let t = 0; t < ms; t += 20) {
        sessions.a!.sendRtp(new Uint8Array(160), sched.now(), { samples: 160 });
        sessions.b!.sendRtp(new Uint8Array(160), sched.now(), { samples: 160 });
        sched.advance(20);
      }
    };
    pump(20_000);
    const a = sessions.a.stats();
    assert.ok(a.roundTripMs !== undefined && Math.abs(a.roundTripMs - 80) < 1, `rtt ${a.roundTripMs}`);
    assert.equal(a.lost, 0);
    assert.ok(a.jitterMs < 0.01);
    assert.equal(a.remoteReport?.ssrc, sessions.a.ssrc);
    assert.ok(a.remoteReport !== undefined && a.remoteReport.highestSeq > 0);
  });
});
