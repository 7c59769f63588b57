// A participant's input: a small ring of PCM samples between the leg's packets (whatever their
// ptime) and the mixer's fixed frames. No allocation after construction.
//
//   push(pcm)     appends; when the ring is full the oldest samples are dropped (overflow)
//   take(frame)   one whole frame, or false (underrun: the mixer uses silence for this tick)
//
// A frame that arrives after its tick is not lost: it waits and is played at the next tick, so the
// queue absorbs jitter by holding one frame more (up to its capacity). That extra latency is given
// back when the queue has held at least a whole frame after every take for `drainAfterTicks` ticks
// in a row: one frame of the oldest samples is then dropped.

export interface InputQueueStats {
  /** Samples pushed. */
  samplesIn: number;
  /** Frames taken by the mixer. */
  frames: number;
  /** Ticks without a whole frame (silence used). */
  underruns: number;
  /** Samples dropped because the ring was full. */
  overflowSamples: number;
  /** Frames dropped to give back latency. */
  drained: number;
}

export class InputQueue {
  readonly stats: InputQueueStats = { samplesIn: 0, frames: 0, underruns: 0, overflowSamples: 0, drained: 0 };
  private readonly ring: Int16Array;
  private readonly frameSize: number;
  private readonly drainAfter: number;
  private head = 0;
  private size = 0;
  private lowWater = Infinity;
  private window = 0;

  /** Holds `frames` frames of `frameSize` samples; `drainAfterTicks` 0 never drains. */
  constructor(frameSize: number, frames: number, drainAfterTicks: number) {
    this.frameSize = frameSize;
    this.ring = new Int16Array(frameSize * frames);
    this.drainAfter = drainAfterTicks;
  }

  /** Samples waiting. */
  get length(): number {
    return this.size;
  }

  push(pcm: Int16Array): void {
    const ring = this.ring;
    const cap = ring.length;
    let n = pcm.length;
    this.stats.samplesIn += n;
    let from = 0;
    if (n > cap) {
      from = n - cap; // only the newest samples fit
      this.stats.overflowSamples += from;
      n = cap;
    }
    const over = this.size + n - cap;
    if (over > 0) this.drop(over, true);
    let w = (this.head + this.size) % cap;
    for (let i = 0; i < n; i++) {
      ring[w] = pcm[from + i]!;
      if (++w === cap) w = 0;
    }
    this.size += n;
  }

  /** Fills `out` (one frame) from the queue; false, leaving `out` untouched, when less than a frame waits. */
  take(out: Int16Array): boolean {
    const n = out.length;
    if (this.size < n) {
      this.stats.underruns++;
      this.lowWater = 0;
      this.endWindow();
      return false;
    }
    const ring = this.ring;
    const cap = ring.length;
    let r = this.head;
    for (let i = 0; i < n; i++) {
      out[i] = ring[r]!;
      if (++r === cap) r = 0;
    }
    this.head = r;
    this.size -= n;
    this.stats.frames++;
    if (this.size < this.lowWater) this.lowWater = this.size;
    this.endWindow();
    return true;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  private endWindow(): void {
    if (this.drainAfter <= 0 || ++this.window < this.drainAfter) return;
    if (this.lowWater >= this.frameSize) {
      this.drop(this.frameSize, false);
      this.stats.drained++;
    }
    this.window = 0;
    this.lowWater = Infinity;
  }

  private drop(n: number, overflow: boolean): void {
    this.head = (this.head + n) % this.ring.length;
    this.size -= n;
    if (overflow) this.stats.overflowSamples += n;
  }
}
