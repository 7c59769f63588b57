// Test helpers for the mixer: tone generator, Goertzel and RMS measurements, a recording sink.

import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** `n` samples of a sine at `freq` Hz (8 kHz), peak `amp`, starting at sample `start` of an endless tone. */
export function sine(freq: number, n: number, amp: number, start = 0): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amp * Math.sin((2 * Math.PI * freq * (start + i)) / 8000));
  return out;
}

/** Amplitude of the `freq` component (Goertzel), scaled so a sine of peak A reads ≈ A. */
export function toneAmplitude(samples: Int16Array, freq: number, rate = 8000): number {
  const coeff = 2 * Math.cos((2 * Math.PI * freq) / rate);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (2 * Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - coeff * s1 * s2))) / samples.length;
}

export function peak(samples: Int16Array): number {
  let m = 0;
  for (const x of samples) m = Math.max(m, Math.abs(x));
  return m;
}

/** Keeps a copy of every frame a participant is sent. */
export class Collector {
  readonly frames: Int16Array[] = [];
  readonly sink = (pcm: Int16Array): void => {
    this.frames.push(pcm.slice());
  };

  /** The frames from `from` on, as one array. */
  joined(from = 0): Int16Array {
    const parts = this.frames.slice(from);
    const out = new Int16Array(parts.reduce((n, f) => n + f.length, 0));
    let o = 0;
    for (const f of parts) {
      out.set(f, o);
      o += f.length;
    }
    return out;
  }
}

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
