// Test helpers for the mixer: tone generator, Goertzel and RMS measurements, a recording sink.

export { allocatedBytes } from '../../core/alloc-testing.ts';
export { toneAmplitude } from '../pcm.ts';

/** `n` samples of a sine at `freq` Hz (8 kHz), peak `amp`, starting at sample `start` of an endless tone. */
export function sine(freq: number, n: number, amp: number, start = 0): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amp * Math.sin((2 * Math.PI * freq * (start + i)) / 8000));
  return out;
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


