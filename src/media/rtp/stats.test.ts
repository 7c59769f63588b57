import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../core/index.ts';
import { ReceiveStats } from './stats.ts';

/** Feeds (seq, timestamp, arrival ms) triples; returns the verdicts. */
function feed(s: ReceiveStats, packets: ReadonlyArray<readonly [number, number, number]>): string[] {
  return packets.map(([seq, ts, at]) => s.update(seq, ts, at));
}

/** Packets every 20 ms with 160-sample timestamps (G.711 at 8 kHz). */
function steady(seqs: readonly number[]): Array<[number, number, number]> {
  return seqs.map((seq, i) => [seq, i * 160, i * 20]);
}

describe('ReceiveStats: sequence tracking (RFC 3550 A.1)', () => {
  it('holds a new source on probation until two packets arrive in sequence', () => {
    const s = new ReceiveStats({ clockRate: 8000 });
    assert.deepEqual(feed(s, steady([100, 101, 102])), ['probation', 'valid', 'valid']);
    assert.equal(s.valid, true);
    assert.equal(s.received, 2, 'the probation packet is not counted');
    assert.equal(s.expected, 2, 'the base is the packet that ended probation');
    assert.equal(s.cumulativeLost, 0);
  });

  it('restarts probation when the probation packets are not consecutive', () => {
    const s = new ReceiveStats({ clockRate: 8000 });
    assert.deepEqual(feed(s, steady([100, 105, 106])), ['probation', 'probation', 'valid']);
    assert.equal(s.expected, 1);
  });

  it('accepts a source at once with minSequential 1', () => {
    const s = new ReceiveStats({ clockRate: 8000, minSequential: 1 });
    assert.deepEqual(feed(s, steady([7, 8])), ['valid', 'valid']);
    assert.equal(s.expected, 2);
    assert.throws(() => new ReceiveStats({ clockRate: 8000, minSequential: 0 }), RangeError);
  });

  it('counts another cycle when the sequence number wraps', () => {
    const s = new ReceiveStats({ clockRate: 8000 });
    feed(s, steady([65533, 65534, 65535, 0, 1, 2]));
    assert.equal(s.extendedHighestSeq, 0x1_0002);
    assert.equal(s.expected, 5);
    assert.equal(s.received, 5);
    assert.equal(s.cumulativeLost, 0);
  });

  it('counts duplicates and reordered packets as received (loss can go negative)', () => {
    const s = new ReceiveStats({ clockRate: 8000 });
    feed(s, steady([100, 101, 102, 102, 104, 103]));
    assert.equal(s.extendedHighestSeq, 104);
    assert.equal(s.expected, 4); // 101..104
    assert.equal(s.received, 5);
    assert.equal(s.cumulativeLost, -1);
  });

  it('re-syncs after a large jump once two packets agree (sipp switching pcap files)', () => {
    const s = new ReceiveStats({ clockRate: 8000 });
    feed(s, steady([100, 101, 102, 103]));
    assert.deepEqual(feed(s, [[30_000, 9999, 100], [30_001, 10_159, 120], [30_002, 10_319, 140]]), ['jump', 'valid', 'valid']);
    assert.equal(s.expected, 2, 'statistics restart at the new base');
    assert.equal(s.received, 2);
    assert.equal(s.cumulativeLost, 0);
    assert.equal(s.jitter, 0, 'the jump in timestamps does not count as jitter');
  });

  it('ignores a single stray packet far ahead', () => {
    const s = new ReceiveStats({ clockRate: 8000 });
    feed(s, steady([100, 101, 102]));
    assert.equal(s.update(40_000, 0, 60), 'jump');
    assert.equal(s.update(103, 480, 60), 'valid');
    assert.equal(s.extendedHighestSeq, 103);
    assert.equal(s.expected, 3);
  });
});

describe('ReceiveStats: loss (RFC 3550 A.3)', () => {
  it('computes cumulative loss and fraction lost per interval', () => {
    const s = new ReceiveStats({ clockRate: 8000 });
    feed(s, steady([100, 101, 102, 104, 105, 108]));
    // valid from 101: received 101 102 104 105 108 = 5 of 101..108 = 8 expected
    assert.equal(s.expected, 8);
    assert.equal(s.cumulativeLost, 3);
    assert.equal(s.takeFractionLost(), 96); // floor(3 × 256 / 8)
    feed(s, steady([109, 110]));
    assert.equal(s.takeFractionLost(), 0, 'nothing lost in the new interval');
    feed(s, steady([113, 114]));
    assert.equal(s.takeFractionLost(), 128); // 2 of 4
    assert.equal(s.cumulativeLost, 5);
  });

  it('matches the number of dropped packets over a wrap with 5% random loss', () => {
    const rnd = seededRandom(42);
    const s = new ReceiveStats({ clockRate: 8000 });
    let dropped = 0;
    let seq = 60_000;
    for (let i = 0; i < 70_000; i++, seq = (seq + 1) & 0xffff) {
      if (i >= 2 && i < 69_999 && rnd() < 0.05) {
        dropped++;
        continue;
      }
      s.update(seq, i * 160, i * 20);
    }
    assert.equal(s.extendedHighestSeq, 0x1_0000 + ((60_000 + 69_999) & 0xffff));
    assert.equal(s.expected, 69_999);
    assert.equal(s.cumulativeLost, dropped);
  });
});

describe('ReceiveStats: interarrival jitter (RFC 3550 A.8)', () => {
  it('follows J += (|D| − J) / 16 on a hand-computed sequence', () => {
    const s = new ReceiveStats({ clockRate: 8000 });
    // seq 1 is on probation, seq 2 starts the estimate; arrivals in ms, timestamps 160 apart
    const arrivals = [0, 20, 40, 70, 80, 100];
    const expected = [0, 0, 0, 5, 9.6875, 9.08203125];
    arrivals.forEach((at, i) => {
      s.update(i + 1, i * 160, at);
      assert.equal(s.jitter, expected[i], `after packet ${i + 1}`);
    });
    // D(3,4) = |(70−40) ms × 8 − 160| = 80 → 80/16 = 5; D(4,5) = |80 − 160| = 80 → 5 + 75/16; D(5,6) = 0
    assert.equal(s.jitterMs, 9.08203125 / 8);
    assert.equal(s.reportBlock(1, 100).jitter, 9);
  });

  it('is zero for a steady stream across the 32-bit timestamp wrap', () => {
    const s = new ReceiveStats({ clockRate: 8000 });
    const base = 0xffff_ffff - 400;
    for (let i = 0; i < 10; i++) s.update(i, (base + i * 160) >>> 0, 1000 + i * 20);
    assert.equal(s.jitter, 0);
  });
});

describe('ReceiveStats: report block', () => {
  it('echoes the last SR as LSR and the delay since as DLSR', () => {
    const s = new ReceiveStats({ clockRate: 8000 });
    feed(s, steady([10, 11, 12, 14]));
    assert.equal(s.reportBlock(9, 100).lsr, 0, 'no SR yet');
    s.noteSenderReport(0x1234_5678, 1000);
    const b = s.reportBlock(0xabcd_ef01, 1500);
    assert.deepEqual(b, { ssrc: 0xabcd_ef01, fractionLost: 0, cumulativeLost: 1, highestSeq: 14, jitter: 0, lsr: 0x1234_5678, dlsr: 32768 });
  });

  it('reports a fraction over the interval since the previous block', () => {
    const s = new ReceiveStats({ clockRate: 8000 });
    feed(s, steady([0, 1, 2, 3, 5]));
    assert.equal(s.reportBlock(1, 0).fractionLost, 51); // 1 of 5: floor(256 / 5)
    assert.equal(s.reportBlock(1, 0).fractionLost, 0);
  });
});
