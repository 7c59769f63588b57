// The RFC 4733 receiver on sipp's own DTMF captures (test/data/dtmf/, see PROVENANCE.md).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SIPP_DTMF, drive, keysEnded, shiftTo, sippRtp, summary, type RtpTestPacket } from './dtmf.fixture.ts';
import { Rfc4733Receiver } from './receiver.ts';

/** The 12 captures one after another, each starting `gapMs` after the previous one's last packet. */
function allDigits(gapMs: number): RtpTestPacket[] {
  const out: RtpTestPacket[] = [];
  let t = 1000;
  for (const { file } of SIPP_DTMF) {
    const pkts = shiftTo(sippRtp(file), t);
    out.push(...pkts);
    t = (pkts[pkts.length - 1]?.arrivalMs ?? t) + gapMs;
  }
  return out;
}

describe('RFC 4733 receiver on each sipp capture', () => {
  for (const { file, key } of SIPP_DTMF) {
    it(`${file}: '${key}' starts once at the first packet and ends once on the E bit (280 ms)`, () => {
      const rx = new Rfc4733Receiver();
      const events = drive(rx, sippRtp(file));
      assert.equal(summary(events), `S${key} E${key}`);
      const [start, end] = events;
      assert.equal(start?.atMs, 0);
      assert.ok(end?.type === 'end');
      assert.equal(end.reason, 'end');
      assert.equal(end.durationUnits, 2240);
      assert.equal(end.durationMs, 280);
      assert.ok(end.atMs > 139 && end.atMs < 141, `ended by the first end packet at ${end.atMs}`);
      assert.deepEqual(rx.stats, { blocks: 10, duplicates: 2, ignored: 0 });
    });
  }
});

describe('RFC 4733 receiver on all 12 sipp captures as one stream', () => {
  it('has the discontinuities the receiver must survive: one SSRC, seq and timestamp jump backwards', () => {
    const s = allDigits(300);
    assert.equal(new Set(s.map((p) => p.ssrc)).size, 1);
    const firsts = SIPP_DTMF.map(({ file }) => sippRtp(file)[0]);
    assert.deepEqual(firsts.slice(0, 2).map((p) => [p?.seq, p?.timestamp]), [[12080, 17632], [7984, 13280]]);
    assert.equal(firsts[5]?.seq, 8155);
    assert.equal(firsts[11]?.timestamp, 92640);
  });

  for (const gapMs of [300, 20, 0.05]) {
    it(`detects 0123456789*# each exactly once, in order, with ${gapMs} ms between captures`, () => {
      const events = drive(new Rfc4733Receiver(), allDigits(gapMs));
      assert.equal(keysEnded(events), '0123456789*#');
      assert.equal(summary(events), SIPP_DTMF.map(({ key }) => `S${key} E${key}`).join(' '));
      assert.ok(events.every((e) => e.type === 'start' || e.reason === 'end'));
    });
  }

  it('the same stream with every packet duplicated: still once each', () => {
    const events = drive(new Rfc4733Receiver(), allDigits(200).flatMap((p) => [p, { ...p, arrivalMs: p.arrivalMs + 0.5 }]));
    assert.equal(keysEnded(events), '0123456789*#');
    assert.equal(events.length, 24);
  });

  it('the same stream without any end packet: each key ends by timeout or by the next key', () => {
    const noEnd = allDigits(600).filter((p) => ((p.payload[1] ?? 0) & 0x80) === 0);
    const events = drive(new Rfc4733Receiver(), noEnd);
    assert.equal(summary(events), SIPP_DTMF.map(({ key }) => `S${key} E${key}`).join(' '));
    assert.ok(events.every((e) => e.type === 'start' || e.reason === 'timeout'));
    const ends = drive(new Rfc4733Receiver(), allDigits(20).filter((p) => ((p.payload[1] ?? 0) & 0x80) === 0));
    assert.equal(keysEnded(ends), '0123456789*#');
    assert.ok(ends.filter((e) => e.type === 'end').slice(0, -1).every((e) => e.type === 'end' && e.reason === 'superseded'));
  });

  it("a capture played twice ('1' then '1', as sipp does for \"11\") is two presses, not a duplicate", () => {
    const one = sippRtp('dtmf_2833_1.pcap');
    for (const gapMs of [300, 20]) {
      const second = shiftTo(one, (one[one.length - 1]?.arrivalMs ?? 0) + gapMs);
      const events = drive(new Rfc4733Receiver(), [...one, ...second]);
      assert.equal(summary(events), 'S1 E1 S1 E1', `gap ${gapMs} ms`);
    }
  });

  it('a replay whose start packet was lost is still a second press after a pause', () => {
    const one = sippRtp('dtmf_2833_1.pcap');
    const second = shiftTo(one, 500).slice(1);
    assert.equal(summary(drive(new Rfc4733Receiver(), [...one, ...second])), 'S1 E1 S1 E1');
  });
});
