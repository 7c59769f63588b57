// The pool's RTP port range cut into one slice per worker slot. Each slice starts on an even port
// and holds whole RTP/RTCP pairs, so a worker's RtpPortAllocator never shares a port with another
// worker. Slices are fixed when the pool starts: a worker that replaces a crashed one takes over
// its predecessor's slice, and a worker added later takes a slice nobody holds.

/** Ports [min, max] of one worker: `min` is even, `max` is the last pair's RTCP port. */
export interface PortSlice {
  readonly index: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Splits [portMin, portMax] evenly into `count` slices of whole even-aligned pairs. Pairs left
 * over by the division stay unused. Throws RangeError when a slice would hold no pair.
 */
export function splitPorts(portMin: number, portMax: number, count: number): PortSlice[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`worker slots must be a whole number ≥ 1 (got ${count})`);
  if (!Number.isInteger(portMin) || !Number.isInteger(portMax) || portMin < 1 || portMax > 65535 || portMin > portMax) {
    throw new RangeError(`RTP port range ${portMin}-${portMax} is not within 1-65535`);
  }
  const first = portMin % 2 === 0 ? portMin : portMin + 1;
  const pairs = Math.floor((portMax - first + 1) / 2);
  const perSlice = Math.floor(pairs / count);
  if (perSlice < 1) throw new RangeError(`RTP port range ${portMin}-${portMax} (${pairs} pairs) cannot give ${count} workers a pair each`);
  return Array.from({ length: count }, (_, index) => {
    const min = first + index * perSlice * 2;
    return { index, min, max: min + perSlice * 2 - 1 };
  });
}

/** Which worker holds each slice; a slice is free when nobody (and no pending replacement) does. */
export class SliceTable {
  private readonly holders: (number | undefined)[];

  constructor(readonly slices: readonly PortSlice[]) {
    this.holders = slices.map(() => undefined);
  }

  /** The first free slice, or undefined. */
  free(): PortSlice | undefined {
    return this.slices.find((s) => this.holders[s.index] === undefined);
  }

  hold(slice: PortSlice, workerId: number): void {
    this.holders[slice.index] = workerId;
  }

  /** Frees the slice if `workerId` holds it. */
  release(slice: PortSlice, workerId: number): void {
    if (this.holders[slice.index] === workerId) this.holders[slice.index] = undefined;
  }

  holder(slice: PortSlice): number | undefined {
    return this.holders[slice.index];
  }
}
