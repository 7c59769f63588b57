import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drive, keysEnded, summary, type RtpTestPacket } from './dtmf.fixture.ts';
import { Rfc4733Receiver, type RtpDtmfEnd } from './receiver.ts';
import { DtmfSender, planDtmf, validateDigits, type DtmfSendOptions } from './sender.ts';
import { decodeTelephoneEvents } from './telephone-event.ts';
import { DtmfError } from './types.ts';

const row = (p: ReturnType<typeof planDtmf>[number]) => [p.atMs, p.timestampOffset, p.marker, p.event, p.end, p.duration];

/**
 * What a media worker does with a plan: voice every 20 ms, telephone-event packets when due,
 * one sequence space, RTP timestamp = timestamp at the plan's start + offset.
 */
function transmit(digits: string, options: DtmfSendOptions = {}, ts0 = 5000): RtpTestPacket[] {
  const startMs = 40;
  const sender = new DtmfSender(digits, startMs, options);
  const out: RtpTestPacket[] = [];
  let seq = 65500;
  for (let now = 0; now <= sender.lastPacketMs + 100; now += 20) {
    out.push({ pt: 0, marker: false, seq: seq++ & 0xffff, timestamp: (ts0 + now * 8) >>> 0, ssrc: 1, payload: new Uint8Array(160), arrivalMs: now });
    for (const p of sender.poll(now)) {
      out.push({ pt: 101, marker: p.marker, seq: seq++ & 0xffff, timestamp: (ts0 + startMs * 8 + p.timestampOffset) >>> 0, ssrc: 1, payload: p.payload, arrivalMs: now + 0.1 });
    }
  }
  assert.ok(sender.done);
  return out;
}

describe('RFC 4733 sender: the plan', () => {
  it("one key at the defaults: updates every 20 ms from 160, marker first, E bit three times, one timestamp", () => {
    assert.deepEqual(planDtmf('5').map(row), [
      [20, 0, true, 5, false, 160],
      [40, 0, false, 5, false, 320],
      [60, 0, false, 5, false, 480],
      [80, 0, false, 5, false, 640],
      [100, 0, false, 5, true, 800],
      [120, 0, false, 5, true, 800],
      [140, 0, false, 5, true, 800],
    ]);
  });

  it('the payload bytes encode the fields (volume 10)', () => {
    const [first, , , , end] = planDtmf('#');
    assert.deepEqual(first?.payload, Uint8Array.of(11, 10, 0, 160));
    assert.deepEqual(end?.payload, Uint8Array.of(11, 0x80 | 10, 0x03, 0x20));
  });

  it('keys follow each other after duration + gap; timestamps advance with them', () => {
    const plan = planDtmf('12', { durationMs: 60, gapMs: 40 });
    assert.deepEqual(plan.filter((p) => p.marker).map((p) => [p.atMs, p.timestampOffset, p.event]), [[20, 0, 1], [120, 800, 2]]);
  });

  it("'w' pauses 500 ms and 'W' 1 s (Twilio sendDigits), configurable", () => {
    const starts = (d: string, o?: DtmfSendOptions) => planDtmf(d, o).filter((p) => p.marker).map((p) => p.timestampOffset / 8);
    assert.deepEqual(starts('1w2W3'), [0, 200 + 500, 200 + 500 + 200 + 1000]);
    assert.deepEqual(starts('ww9'), [1000]);
    assert.deepEqual(starts('1w2', { pauseMs: 250 }), [0, 450]);
  });

  it('ptime, clock rate, volume and end-packet count are options', () => {
    const plan = planDtmf('0', { ptimeMs: 30, clockRate: 16000, volume: 20, endPackets: 5, durationMs: 90 });
    assert.deepEqual(plan.map(row), [
      [30, 0, true, 0, false, 480],
      [60, 0, false, 0, false, 960],
      ...[90, 120, 150, 180, 210].map((t) => [t, 0, false, 0, true, 1440]),
    ]);
    assert.equal(decodeTelephoneEvents(plan[0]?.payload ?? new Uint8Array())[0]?.volume, 20);
  });

  it('a duration that is not a multiple of ptime ends exactly at the duration', () => {
    assert.deepEqual(planDtmf('7', { durationMs: 50 }).map(row).slice(2), [[50, 0, false, 7, true, 400], [70, 0, false, 7, true, 400], [90, 0, false, 7, true, 400]]);
  });

  it('a key longer than 0xFFFF units is split into segments without marker or E bit (§2.5.1.3)', () => {
    const plan = planDtmf('8', { durationMs: 10000 });
    const segments = [...new Set(plan.map((p) => p.timestampOffset))];
    assert.deepEqual(segments, [0, 0xffff]);
    assert.equal(plan.filter((p) => p.marker).length, 1);
    const closing = plan.filter((p) => p.duration === 0xffff);
    assert.deepEqual(closing.map((p) => [p.timestampOffset, p.end]), [[0, false]]);
    assert.deepEqual(plan.filter((p) => p.end).map((p) => [p.timestampOffset, p.duration]), Array(3).fill([0xffff, 80000 - 0xffff]));
  });

  it('lower-case a-d are A-D; anything else is a DtmfError ERR_DTMF_DIGITS naming the position', () => {
    assert.deepEqual(planDtmf('a').map((p) => p.event)[0], 12);
    for (const bad of ['12x', ' 1', '1,2', 'p']) {
      assert.throws(() => validateDigits(bad), (e: unknown) => e instanceof DtmfError && e.code === 'ERR_DTMF_DIGITS' && /digit \d/.test(e.message));
    }
    assert.deepEqual(planDtmf(''), []);
  });

  it('rejects options out of range (ERR_DTMF_PAYLOAD)', () => {
    for (const o of [{ durationMs: 0 }, { ptimeMs: 0 }, { gapMs: -1 }, { endPackets: 0 }, { volume: 64 }, { durationMs: Number.NaN }]) {
      assert.throws(() => planDtmf('1', o), (e: unknown) => e instanceof DtmfError && e.code === 'ERR_DTMF_PAYLOAD', JSON.stringify(o));
    }
  });
});

describe('RFC 4733 sender: the engine a worker ticks', () => {
  it('poll(now) hands out each packet once, when due; nextDueMs() says when to come back', () => {
    const s = new DtmfSender('1', 1000);
    assert.equal(s.nextDueMs(), 1020);
    assert.deepEqual(s.poll(1019), []);
    assert.equal(s.poll(1020).length, 1);
    assert.deepEqual(s.poll(1020), []);
    assert.equal(s.poll(1100).length, 4);
    assert.equal(s.nextDueMs(), 1120);
    assert.equal(s.poll(5000).length, 2);
    assert.ok(s.done);
    assert.equal(s.nextDueMs(), undefined);
    assert.equal(s.lastPacketMs, 1140);
  });
});

describe('sender → receiver round trip (with PCMU voice in the same sequence space)', () => {
  it('the Twilio-style string 1w23#wW*0 arrives once per key, in order, at the sent duration', () => {
    const events = drive(new Rfc4733Receiver(), transmit('1w23#wW*0'));
    assert.equal(summary(events), 'S1 E1 S2 E2 S3 E3 S# E# S* E* S0 E0');
    const ends = events.filter((e): e is RtpDtmfEnd => e.type === 'end');
    assert.ok(ends.every((e) => e.durationMs === 100 && e.reason === 'end'));
  });

  it('every key, short tones and short gaps (40 ms / 40 ms, 20 ms ptime)', () => {
    const keys = '0123456789*#ABCD';
    assert.equal(keysEnded(drive(new Rfc4733Receiver(), transmit(keys, { durationMs: 40, gapMs: 40 }))), keys);
  });

  it('the same key repeated (111) with no gap at all is three presses', () => {
    assert.equal(summary(drive(new Rfc4733Receiver(), transmit('111', { gapMs: 0 }))), 'S1 E1 S1 E1 S1 E1');
  });

  it('a 10 s key (segmented) is one press of 10 s, across an RTP timestamp wrap', () => {
    const events = drive(new Rfc4733Receiver(), transmit('9', { durationMs: 10000 }, 0xffffffff - 40000));
    assert.equal(summary(events), 'S9 E9');
    assert.equal((events[1] as RtpDtmfEnd).durationMs, 10000);
  });
});
