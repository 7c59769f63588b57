import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rfc4733Receiver, decodeTelephoneEvents, planDtmf, type RtpDtmfEvent } from '../dtmf/index.ts';
import { Bridge } from './bridge.ts';
import { RecordingSink, rtp } from './bridge.fixture.ts';
import type { BridgeDtmf, LegFormat } from './types.ts';

const A: LegFormat = { codec: 'PCMU', payloadType: 0, ptimeMs: 20, telephoneEventPt: 101 };
const B: LegFormat = { codec: 'PCMA', payloadType: 8, ptimeMs: 20, telephoneEventPt: 96 };

function setup(a = A, b = B, hangupOnStar = false) {
  const sinkA = new RecordingSink();
  const sinkB = new RecordingSink();
  const bridge = new Bridge({ a, b, sinkA, sinkB, hangupOnStar });
  const reports: BridgeDtmf[] = [];
  const stars: number[] = [];
  bridge.on('dtmf', (d) => reports.push(d));
  bridge.on('hangup-on-star', (e) => stars.push(e.atMs));
  return { bridge, sinkA, sinkB, reports, stars };
}

/** Sends `digits` as RFC 4733 into leg `from` (planDtmf at 20 ms, timestamps from ts0); `keep` filters packets. */
function press(bridge: Bridge, from: 'a' | 'b', digits: string, opts: { ts0?: number; t0?: number; times?: number; keep?: (p: { end: boolean }) => boolean } = {}): number {
  const pt = bridge.format(from).telephoneEventPt!;
  const plan = planDtmf(digits).filter(opts.keep ?? (() => true));
  let last = 0;
  for (const p of plan) {
    for (let r = 0; r < (opts.times ?? 1); r++) {
      last = (opts.t0 ?? 0) + p.atMs;
      bridge.receive(from, rtp(pt, p.payload, (opts.ts0 ?? 50_000) + p.timestampOffset, p.marker), last);
    }
  }
  return last;
}

/** What the far end of a sink's leg detects, with the sink's timestamps rebuilt as an RtpSession would. */
function farEnd(sink: RecordingSink): RtpDtmfEvent[] {
  const rx = new Rfc4733Receiver();
  const out: RtpDtmfEvent[] = [];
  let ts = 7777;
  let eventTs = 0;
  let t = 0;
  for (const r of sink.log) {
    if (r.kind === 'audio') ts += r.audio.samples;
    else if (r.kind === 'skip') ts += r.samples;
    else {
      if (r.packet.first) eventTs = ts;
      out.push(...rx.push({ payload: r.packet.payload, timestamp: eventTs, seq: 0, marker: r.packet.marker, arrivalMs: (t += 20) }));
    }
  }
  return out;
}

const endReason = (d: BridgeDtmf | undefined) => (d?.event.type === 'end' ? d.event.reason : undefined);

const summary = (events: RtpDtmfEvent[]) => events.map((e) => `${e.type} ${e.signal}${e.type === 'end' ? ` ${e.durationUnits} ${e.reason}` : ''}`);

describe('Bridge DTMF passthrough', () => {
  it('re-sends each press once as RFC 4733 with the other leg\'s payload type', () => {
    const { bridge, sinkB, reports } = setup();
    press(bridge, 'a', '1*#');
    const sent = sinkB.events;
    assert.ok(sent.every((p) => p.payloadType === 96), 'leg b\'s telephone-event PT');
    assert.deepEqual(summary(farEnd(sinkB)), ['start 1', 'end 1 800 end', 'start *', 'end * 800 end', 'start #', 'end # 800 end']);
    for (const digit of [1, 10, 11]) {
      const mine = sent.filter((p) => p.event === digit);
      assert.equal(mine.filter((p) => p.first).length, 1, 'one first packet per press');
      assert.equal(mine[0]!.marker, true);
      assert.equal(mine.filter((p) => p.end).length, 3, 'the end packet three times');
      const durations = mine.map((p) => p.duration);
      assert.deepEqual(durations, [...durations].sort((x, y) => x - y), 'durations never go back');
      assert.ok(mine.every((p) => decodeTelephoneEvents(p.payload)[0]!.event === digit));
    }
    assert.equal(bridge.stats.aToB.dtmfRelayed, 3);
    assert.deepEqual(reports.map((r) => `${r.from}→${r.to} ${r.event.type} ${r.event.signal} ${r.relay}`), [
      'a→b start 1 rfc4733', 'a→b end 1 rfc4733', 'a→b start * rfc4733', 'a→b end * rfc4733', 'a→b start # rfc4733', 'a→b end # rfc4733',
    ]);
  });

  it('sends each press once when every packet arrives twice', () => {
    const { bridge, sinkB } = setup();
    press(bridge, 'a', '55', { times: 2 });
    assert.deepEqual(summary(farEnd(sinkB)), ['start 5', 'end 5 800 end', 'start 5', 'end 5 800 end']);
    assert.equal(sinkB.events.filter((p) => p.end).length, 6);
    assert.equal(bridge.stats.aToB.dtmfPacketsIn, 2 * planDtmf('55').length);
  });

  it('relays b → a with leg a\'s payload type', () => {
    const { bridge, sinkA, sinkB } = setup();
    press(bridge, 'b', '9');
    assert.ok(sinkA.events.length > 0 && sinkA.events.every((p) => p.payloadType === 101));
    assert.equal(sinkB.events.length, 0);
    assert.deepEqual(summary(farEnd(sinkA)), ['start 9', 'end 9 800 end']);
  });

  it('ends a press whose end packets were lost when tick() reaches the deadline', () => {
    const { bridge, sinkB, reports } = setup();
    const last = press(bridge, 'a', '7', { keep: (p) => !p.end });
    const deadline = bridge.nextDeadlineMs();
    assert.equal(deadline, last + 400);
    bridge.tick(deadline! - 1);
    assert.equal(sinkB.events.filter((p) => p.end).length, 0);
    bridge.tick(deadline!);
    assert.equal(sinkB.events.filter((p) => p.end).length, 3);
    assert.equal(endReason(reports.at(-1)), 'timeout');
    assert.deepEqual(summary(farEnd(sinkB)), ['start 7', 'end 7 640 end']);
    assert.equal(bridge.nextDeadlineMs(), undefined);
  });

  it('reports presses for in-band fallback when the other leg has no telephone-event', () => {
    const { bridge, sinkB, reports } = setup(A, { ...B, telephoneEventPt: undefined });
    press(bridge, 'a', '3');
    assert.equal(sinkB.events.length, 0);
    assert.deepEqual(reports.map((r) => `${r.event.type} ${r.event.signal} ${r.relay}`), ['start 3 inband-needed', 'end 3 inband-needed']);
    assert.equal(bridge.stats.aToB.dtmfNotRelayed, 1);
    assert.equal(bridge.stats.aToB.dtmfRelayed, 0);
  });

  it('hangupOnStar: reports * from leg a and does not relay it; * from leg b is relayed', () => {
    const { bridge, sinkA, sinkB, reports, stars } = setup(A, B, true);
    press(bridge, 'a', '1*');
    assert.equal(stars.length, 1);
    assert.deepEqual(summary(farEnd(sinkB)), ['start 1', 'end 1 800 end']);
    assert.deepEqual(reports.filter((r) => r.event.signal === '*').map((r) => r.relay), ['suppressed', 'suppressed']);
    press(bridge, 'b', '*', { t0: 1000 });
    assert.equal(stars.length, 1);
    assert.deepEqual(summary(farEnd(sinkA)), ['start *', 'end * 800 end']);
  });

  it('event packets do not move the audio timeline; audio goes on during a press', () => {
    const { bridge, sinkB } = setup(A, { ...B, codec: 'PCMU', payloadType: 0 });
    for (let k = 0; k < 3; k++) bridge.receive('a', rtp(0, new Uint8Array(160), k * 160), k * 20);
    press(bridge, 'a', '2', { ts0: 480 });
    for (let k = 3; k < 6; k++) bridge.receive('a', rtp(0, new Uint8Array(160), k * 160), k * 20);
    assert.deepEqual(sinkB.skips, []);
    assert.equal(sinkB.audio.length, 6);
    assert.equal(bridge.stats.aToB.ignored, 0);
  });

  it('close() ends a press in progress with end packets', () => {
    const { bridge, sinkB, reports } = setup();
    press(bridge, 'a', '4', { keep: (p) => !p.end });
    bridge.close(500);
    assert.equal(sinkB.events.filter((p) => p.end).length, 3);
    assert.equal(endReason(reports.at(-1)), 'flush');
    press(bridge, 'a', '4', { t0: 1000 });
    assert.equal(sinkB.events.filter((p) => p.end).length, 3, 'nothing after close');
  });
});
