import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SliceTable, splitPorts } from './slices.ts';

describe('splitPorts', () => {
  it('cuts the range into equal slices of whole even-aligned pairs', () => {
    assert.deepEqual(splitPorts(20000, 20999, 2), [
      { index: 0, min: 20000, max: 20499 },
      { index: 1, min: 20500, max: 20999 },
    ]);
  });

  it('rounds an odd start up and leaves the pairs the division does not share unused', () => {
    const slices = splitPorts(30001, 30020, 3); // pairs 30002 … 30019: 9 pairs, 3 each
    assert.deepEqual(slices.map((s) => [s.min, s.max]), [[30002, 30007], [30008, 30013], [30014, 30019]]);
    for (const s of slices) {
      assert.equal(s.min % 2, 0);
      assert.equal((s.max - s.min + 1) % 2, 0);
    }
  });

  it('refuses a range too small for a pair per worker, and bad counts', () => {
    assert.throws(() => splitPorts(40000, 40003, 3), RangeError);
    assert.throws(() => splitPorts(40000, 40100, 0), RangeError);
    assert.throws(() => splitPorts(40100, 40000, 1), RangeError);
  });
});

describe('SliceTable', () => {
  it('hands out free slices, and only the holder frees one', () => {
    const table = new SliceTable(splitPorts(40000, 40399, 2));
    const first = table.free();
    assert.equal(first?.index, 0);
    if (!first) return;
    table.hold(first, 1);
    assert.equal(table.free()?.index, 1);
    table.release(first, 7);
    assert.equal(table.holder(first), 1);
    table.hold(first, 3); // a replacement takes over its predecessor's slice
    table.release(first, 1);
    assert.equal(table.holder(first), 3);
    table.release(first, 3);
    assert.equal(table.free()?.index, 0);
  });
});
