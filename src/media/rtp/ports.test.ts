import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../core/index.ts';
import { RtpPortAllocator, RtpPortsExhaustedError } from './ports.ts';

describe('RtpPortAllocator', () => {
  it('hands out even RTP ports with RTCP on the next odd one, within the range', () => {
    const a = new RtpPortAllocator({ min: 10_001, max: 10_010 });
    assert.equal(a.capacity, 4); // 10002/3 10004/5 10006/7 10008/9 (10010 has no 10011)
    const pairs = [a.allocate(), a.allocate(), a.allocate(), a.allocate()];
    assert.deepEqual(pairs, [
      { rtp: 10_002, rtcp: 10_003 },
      { rtp: 10_004, rtcp: 10_005 },
      { rtp: 10_006, rtcp: 10_007 },
      { rtp: 10_008, rtcp: 10_009 },
    ]);
    assert.equal(a.inUse, 4);
    assert.equal(a.available, 0);
  });

  it('throws a coded error when exhausted, and tryAllocate returns undefined', () => {
    const a = new RtpPortAllocator({ min: 20_000, max: 20_003 });
    a.allocate();
    a.allocate();
    assert.equal(a.tryAllocate(), undefined);
    assert.throws(
      () => a.allocate(),
      (e: unknown) => e instanceof RtpPortsExhaustedError && e.code === 'ERR_RTP_PORTS_EXHAUSTED' && /2 RTP port pairs in 20000-20003/.test(e.message),
    );
  });

  it('reuses a released pair last (FIFO) and refuses double or foreign releases', () => {
    const a = new RtpPortAllocator({ min: 30_000, max: 30_005 });
    const p1 = a.allocate();
    const p2 = a.allocate();
    assert.equal(a.release(p1.rtp), true);
    assert.equal(a.release(p1.rtp), false, 'double release');
    assert.equal(a.release(p1.rtcp), false, 'an RTCP port is not a pair');
    assert.equal(a.release(40_000), false, 'outside the range');
    assert.equal(a.release(30_004), false, 'never allocated');
    assert.equal(a.isAllocated(p2.rtp), true);
    assert.equal(a.isAllocated(p1.rtp), false);
    assert.equal(a.allocate().rtp, 30_004, 'the never-used pair first');
    assert.equal(a.allocate().rtp, p1.rtp, 'then the released one');
    assert.equal(a.tryAllocate(), undefined);
  });

  it('never hands out a pair twice under random allocate/release', () => {
    const rnd = seededRandom(7);
    const a = new RtpPortAllocator({ min: 16_384, max: 16_483 });
    const held = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      if (rnd() < 0.55) {
        const p = a.tryAllocate();
        if (p === undefined) assert.equal(held.size, a.capacity);
        else {
          assert.ok(!held.has(p.rtp), `${p.rtp} handed out twice`);
          assert.ok(p.rtp % 2 === 0 && p.rtp >= 16_384 && p.rtcp <= 16_483);
          held.add(p.rtp);
        }
      } else if (held.size > 0) {
        const port = [...held][Math.floor(rnd() * held.size)]!;
        held.delete(port);
        assert.equal(a.release(port), true);
      }
      assert.equal(a.inUse, held.size);
    }
  });

  it('rejects ranges without a pair', () => {
    assert.throws(() => new RtpPortAllocator({ min: 5000, max: 4000 }), RangeError);
    assert.throws(() => new RtpPortAllocator({ min: 5001, max: 5002 }), RangeError);
    assert.throws(() => new RtpPortAllocator({ min: 0, max: 10 }), RangeError);
    assert.throws(() => new RtpPortAllocator({ min: 65_000, max: 70_000 }), RangeError);
    assert.equal(new RtpPortAllocator({ min: 65_534, max: 65_535 }).allocate().rtcp, 65_535);
  });
});
