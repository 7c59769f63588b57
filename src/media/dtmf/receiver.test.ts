import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../core/index.ts';
import { drive, keysEnded, summary, type RtpTestPacket } from './dtmf.fixture.ts';
import { Rfc4733Receiver, type RtpDtmfEnd } from './receiver.ts';
import { encodeTelephoneEvent } from './telephone-event.ts';
import { DTMF_KEYS, eventForKey } from './types.ts';

const SSRC = 0x1234abcd;

/**
 * What baresip 1.0.0 sends for `sndcode` (shared/reference/sip-testbed.md §4): PCMU every 20 ms and,
 * per key, telephone-event PT 101 with the marker on the first packet, durations 160 … 1440, then 3
 * end packets 20 ms apart, one sequence space for both (+2 per 20 ms while a key sounds), keys back
 * to back. The event timestamp is the voice timestamp where the key starts.
 */
function baresipStream(keys: string, opts: { leadMs?: number; tailMs?: number; ts0?: number } = {}): RtpTestPacket[] {
  const out: RtpTestPacket[] = [];
  let seq = 40000;
  let ts = opts.ts0 ?? 123456;
  let t = 0;
  const voice = () => {
    out.push({ pt: 0, marker: false, seq: seq++ & 0xffff, timestamp: ts >>> 0, ssrc: SSRC, payload: new Uint8Array(160).fill(0xff), arrivalMs: t });
  };
  const silence = (ms: number) => {
    for (let i = 0; i < ms / 20; i++, t += 20, ts += 160) voice();
  };
  silence(opts.leadMs ?? 100);
  for (const key of keys) {
    const event = eventForKey(key) ?? 0;
    const start = ts >>> 0;
    const sends: Array<[number, boolean]> = [];
    for (let d = 160; d <= 1440; d += 160) sends.push([d, false]);
    sends.push([1440, true], [1440, true], [1440, true]);
    sends.forEach(([duration, end], i) => {
      voice();
      const payload = encodeTelephoneEvent({ event, end, volume: 10, duration });
      out.push({ pt: 101, marker: i === 0, seq: seq++ & 0xffff, timestamp: start, ssrc: SSRC, payload, arrivalMs: t + 0.2 });
      t += 20;
      ts += 160;
    });
  }
  silence(opts.tailMs ?? 100);
  return out;
}

const isEvent = (p: RtpTestPacket) => p.pt === 101;
const isEnd = (p: RtpTestPacket) => isEvent(p) && ((p.payload[1] ?? 0) & 0x80) !== 0;
const endsOf = (events: ReturnType<typeof drive>) => events.filter((e): e is RtpDtmfEnd => e.type === 'end');

describe('RFC 4733 receiver: a baresip-like stream interleaved with PCMU voice', () => {
  it('reports 123# once each, in order, 180 ms long, ended by the E bit', () => {
    const rx = new Rfc4733Receiver();
    const events = drive(rx, baresipStream('123#'));
    assert.equal(summary(events), 'S1 E1 S2 E2 S3 E3 S# E#');
    for (const e of endsOf(events)) {
      assert.equal(e.durationUnits, 1440);
      assert.equal(e.durationMs, 180);
      assert.equal(e.reason, 'end');
    }
    assert.deepEqual(rx.stats, { blocks: 48, duplicates: 8, ignored: 0 });
  });

  it('starts at the first event packet and carries event code and RTP timestamp', () => {
    const stream = baresipStream('5');
    const first = stream.find(isEvent);
    const [start, end] = drive(new Rfc4733Receiver(), stream);
    assert.deepEqual(start, { type: 'start', signal: '5', event: 5, timestamp: first?.timestamp, atMs: first?.arrivalMs });
    assert.equal(end?.atMs, (first?.arrivalMs ?? 0) + 9 * 20);
  });

  it('the same key twice back to back (55) is two presses: the timestamps differ', () => {
    assert.equal(summary(drive(new Rfc4733Receiver(), baresipStream('55'))), 'S5 E5 S5 E5');
  });

  it('every key A-D and 0-9 * #', () => {
    assert.equal(keysEnded(drive(new Rfc4733Receiver(), baresipStream(DTMF_KEYS.join('')))), DTMF_KEYS.join(''));
  });

  it('timestamps that wrap past 2^32 in the middle of the stream', () => {
    assert.equal(keysEnded(drive(new Rfc4733Receiver(), baresipStream('9876', { ts0: 0xffffffff - 800 }))), '9876');
  });
});

describe('RFC 4733 receiver: impairments', () => {
  it('every packet duplicated, the copy 30 ms late: once each', () => {
    const stream = baresipStream('147').flatMap((p) => [p, { ...p, arrivalMs: p.arrivalMs + 30 }]).sort((a, b) => a.arrivalMs - b.arrivalMs);
    const events = drive(new Rfc4733Receiver(), stream);
    assert.equal(summary(events), 'S1 E1 S4 E4 S7 E7');
  });

  it('reordered: updates swapped pairwise and an end packet before the last update', () => {
    const stream = baresipStream('28');
    const ev = stream.filter(isEvent);
    const swapped = ev.map((p, i) => ({ ...p, arrivalMs: (ev[i % 2 === 0 ? i + 1 : i - 1] ?? p).arrivalMs }));
    const events = drive(new Rfc4733Receiver(), swapped.sort((a, b) => a.arrivalMs - b.arrivalMs));
    assert.equal(summary(events), 'S2 E2 S8 E8');
    assert.ok(endsOf(events).every((e) => e.durationUnits === 1440));
  });

  it('lost start packet: the key starts at the first packet that arrives', () => {
    const stream = baresipStream('3').filter((p) => !(isEvent(p) && p.marker));
    const events = drive(new Rfc4733Receiver(), stream);
    assert.equal(summary(events), 'S3 E3');
    const second = stream.find(isEvent);
    assert.equal(events[0]?.atMs, second?.arrivalMs);
  });

  it('all end packets lost: the key ends by timeout, 400 ms after its last packet, with the duration seen', () => {
    const stream = baresipStream('6').filter((p) => !isEnd(p));
    const rx = new Rfc4733Receiver();
    const events = stream.filter(isEvent).flatMap((p) => rx.push(p));
    assert.equal(summary(events), 'S6');
    const last = stream.filter(isEvent).at(-1)?.arrivalMs ?? 0;
    assert.equal(rx.nextDeadlineMs(), last + 400);
    assert.deepEqual(rx.tick(last + 399), []);
    const [end, ...more] = rx.tick(last + 1000);
    assert.equal(more.length, 0);
    assert.ok(end?.type === 'end');
    assert.deepEqual([end.reason, end.atMs, end.durationUnits], ['timeout', last + 400, 1440]);
    assert.equal(rx.nextDeadlineMs(), undefined);
    assert.deepEqual(rx.tick(last + 5000), []);
  });

  it('all end packets lost and the next key follows: the first ends when the second starts', () => {
    const stream = baresipStream('12');
    const firstEnds = new Set(stream.filter((p) => isEnd(p) && p.payload[0] === 1));
    const events = drive(new Rfc4733Receiver(), stream.filter((p) => !firstEnds.has(p)));
    assert.equal(summary(events), 'S1 E1 S2 E2');
    assert.deepEqual(endsOf(events).map((e) => e.reason), ['superseded', 'end']);
  });

  it('packets that resume after a timeout end (no marker) are the same press, not a new one', () => {
    const ev = baresipStream('4').filter(isEvent);
    const late = ev.map((p, i) => (i >= 4 ? { ...p, arrivalMs: p.arrivalMs + 600 } : p));
    const events = drive(new Rfc4733Receiver(), late);
    assert.equal(summary(events), 'S4 E4');
    assert.equal(endsOf(events)[0]?.reason, 'timeout');
  });

  it('random loss (25%), duplication (10%) and jitter (0-30 ms) over 300 keys: each surviving key exactly once', () => {
    const rnd = seededRandom(4733);
    const keys = Array.from({ length: 300 }, () => DTMF_KEYS[Math.floor(rnd() * 12)] ?? '0').join('');
    const impaired: RtpTestPacket[] = [];
    for (const p of baresipStream(keys)) {
      if (isEvent(p) && rnd() < 0.25) continue;
      impaired.push({ ...p, arrivalMs: p.arrivalMs + (isEvent(p) ? rnd() * 30 : 0) });
      if (rnd() < 0.1) impaired.push({ ...p, arrivalMs: p.arrivalMs + rnd() * 60 });
    }
    impaired.sort((a, b) => a.arrivalMs - b.arrivalMs);
    const survivors = new Set(impaired.filter(isEvent).map((p) => p.timestamp));
    const expected = [...survivors].sort((a, b) => a - b);
    const rx = new Rfc4733Receiver();
    const events = drive(rx, impaired);
    const starts = events.filter((e) => e.type === 'start');
    assert.deepEqual(starts.map((e) => e.timestamp).sort((a, b) => a - b), expected, 'one start per surviving key');
    assert.deepEqual(endsOf(events).map((e) => e.timestamp).sort((a, b) => a - b), expected, 'one end per surviving key');
    assert.ok(expected.length > 290);
    assert.equal(starts.map((e) => e.signal).join(''), keys.split('').filter((_, i) => survivors.has(((123456 + 800 + i * 12 * 160) >>> 0))).join(''));
  });
});

describe('RFC 4733 receiver: events other than keys', () => {
  const single = (event: number, end: boolean, ts: number, atMs: number, marker = false) => ({
    payload: encodeTelephoneEvent({ event, end, volume: 10, duration: 800 }), timestamp: ts, seq: 1, marker, arrivalMs: atMs,
  });

  it('flash (16) is ignored by default and reported as "flash" on request; 17-255 always ignored', () => {
    const rx = new Rfc4733Receiver();
    assert.deepEqual([...rx.push(single(16, false, 1, 0, true)), ...rx.push(single(16, true, 1, 20))], []);
    assert.deepEqual(rx.push(single(32, true, 5, 40, true)), []);
    assert.equal(rx.stats.ignored, 3);
    const rf = new Rfc4733Receiver({ reportFlash: true });
    assert.equal(summary([...rf.push(single(16, false, 1, 0, true)), ...rf.push(single(16, true, 1, 20))]), 'Sflash Eflash');
    assert.deepEqual(rf.push(single(40, false, 9, 40, true)), []);
  });

  it('a lone end packet is a whole press (start and end at once)', () => {
    const rx = new Rfc4733Receiver();
    const events = rx.push(single(9, true, 77, 5));
    assert.equal(summary(events), 'S9 E9');
    assert.deepEqual(rx.push(single(9, true, 77, 6)), []);
  });

  it('a payload with two blocks (§2.5.1.5) is two presses, the second starting where the first ends', () => {
    const rx = new Rfc4733Receiver();
    const payload = Uint8Array.from([...encodeTelephoneEvent({ event: 1, end: true, volume: 10, duration: 800 }), ...encodeTelephoneEvent({ event: 2, end: false, volume: 10, duration: 400 })]);
    const events = rx.push({ payload, timestamp: 1000, seq: 1, marker: true, arrivalMs: 0 });
    assert.equal(summary(events), 'S1 E1 S2');
    assert.equal(events[2]?.type === 'start' ? events[2].timestamp : undefined, 1800);
  });

  it('an event longer than 0xFFFF units continues in a new segment (§2.5.1.3): one press of the summed length', () => {
    const rx = new Rfc4733Receiver();
    const events = [];
    let t = 0;
    for (let d = 160; d <= 0xffff; d += 1600, t += 200) {
      events.push(...rx.push({ payload: encodeTelephoneEvent({ event: 0, end: false, volume: 10, duration: d }), timestamp: 0xfffff000, seq: 1, marker: d === 160, arrivalMs: t }));
    }
    events.push(...rx.push({ payload: encodeTelephoneEvent({ event: 0, end: false, volume: 10, duration: 0xffff }), timestamp: 0xfffff000, seq: 1, marker: false, arrivalMs: t }));
    const next = (0xfffff000 + 0xffff) >>> 0;
    for (const d of [160, 1600, 8000]) {
      t += 20;
      events.push(...rx.push({ payload: encodeTelephoneEvent({ event: 0, end: d === 8000, volume: 10, duration: d }), timestamp: next, seq: 1, marker: false, arrivalMs: t }));
    }
    assert.equal(summary(events), 'S0 E0');
    assert.equal(endsOf(events)[0]?.durationUnits, 0xffff + 8000);
  });

  it('flush() ends the active key once; a second flush does nothing', () => {
    const rx = new Rfc4733Receiver();
    rx.push(single(3, false, 1, 0, true));
    assert.equal(summary(rx.flush(10)), 'E3');
    assert.deepEqual(rx.flush(11), []);
  });
});
