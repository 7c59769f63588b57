import { getHeapSpaceStatistics } from 'node:v8';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Test support: how much a hot path allocates, for "no allocation per packet/tick" checks.

/** Bytes in use in V8's young generation, where every new object starts. */
function youngBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? 0;
}

/**
 * Roughly how many bytes `step` allocates over `times` calls: growth of the young generation summed
 * over checkpoints (after a full GC), so a scavenge in between hides at most one interval. The
 * checkpoints themselves cost ≈ 2 kB each; JIT code lives elsewhere and is not counted.
 */
export function allocatedBytes(step: () => void, times: number, warmUp = 500): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let k = 0; k < warmUp; k++) step();
  gc();
  let allocated = 0;
  let last = youngBytes();
  for (let k = 1; k <= times; k++) {
    step();
    if (k % 250 === 0 || k === times) {
      const now = youngBytes();
      allocated += Math.max(0, now - last);
      last = now;
    }
  }
  return allocated;
}
