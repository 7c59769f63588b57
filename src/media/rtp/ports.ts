// RTP/RTCP port pairs from a configured range (RFC 3550 §11: RTP on an even port, RTCP on the
// next odd one). A pure data structure: the media worker binds the sockets. Free pairs form a
// FIFO queue, so a released pair is reused last and stray packets of an ended call are unlikely
// to reach the next one. allocate and release are O(1).

export interface RtpPortPair {
  readonly rtp: number;
  readonly rtcp: number;
}

export interface RtpPortRange {
  /** Lowest port that may be used (rounded up to even for RTP). */
  min: number;
  /** Highest port that may be used (the last pair's RTCP port is at most this). */
  max: number;
}

export class RtpPortsExhaustedError extends Error {
  override readonly name = 'RtpPortsExhaustedError';
  readonly code = 'ERR_RTP_PORTS_EXHAUSTED';

  constructor(range: RtpPortRange, capacity: number) {
    super(`all ${capacity} RTP port pairs in ${range.min}-${range.max} are in use`);
  }
}

export class RtpPortAllocator {
  readonly range: Readonly<RtpPortRange>;
  /** Number of pairs in the range. */
  readonly capacity: number;
  readonly #first: number;
  readonly #free: Int32Array; // ring of free pair indexes
  readonly #used: Uint8Array;
  #head = 0;
  #count: number;

  constructor(range: RtpPortRange) {
    const { min, max } = range;
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > 65535 || min > max) {
      throw new RangeError(`RTP port range ${min}-${max} is not within 1-65535`);
    }
    this.#first = min % 2 === 0 ? min : min + 1;
    this.capacity = Math.max(0, Math.floor((max - this.#first + 1) / 2));
    if (this.capacity === 0) throw new RangeError(`RTP port range ${min}-${max} holds no even/odd pair`);
    this.range = Object.freeze({ min, max });
    this.#free = new Int32Array(this.capacity);
    for (let i = 0; i < this.capacity; i++) this.#free[i] = i;
    this.#used = new Uint8Array(this.capacity);
    this.#count = this.capacity;
  }

  get available(): number {
    return this.#count;
  }

  get inUse(): number {
    return this.capacity - this.#count;
  }

  /** The least recently released free pair, or undefined when none is left. */
  tryAllocate(): RtpPortPair | undefined {
    if (this.#count === 0) return undefined;
    const index = this.#free[this.#head]!;
    this.#head = (this.#head + 1) % this.capacity;
    this.#count--;
    this.#used[index] = 1;
    const rtp = this.#first + index * 2;
    return { rtp, rtcp: rtp + 1 };
  }

  /** Like tryAllocate, but throws RtpPortsExhaustedError when the range is used up. */
  allocate(): RtpPortPair {
    const pair = this.tryAllocate();
    if (!pair) throw new RtpPortsExhaustedError(this.range, this.capacity);
    return pair;
  }

  #index(rtpPort: number): number | undefined {
    const offset = rtpPort - this.#first;
    if (!Number.isInteger(rtpPort) || offset < 0 || offset % 2 !== 0) return undefined;
    const index = offset / 2;
    return index < this.capacity ? index : undefined;
  }

  isAllocated(rtpPort: number): boolean {
    const index = this.#index(rtpPort);
    return index !== undefined && this.#used[index] === 1;
  }

  /** Returns a pair by its RTP port. False (and no change) when it was not allocated here. */
  release(rtpPort: number): boolean {
    const index = this.#index(rtpPort);
    if (index === undefined || this.#used[index] !== 1) return false;
    this.#used[index] = 0;
    this.#free[(this.#head + this.#count) % this.capacity] = index;
    this.#count++;
    return true;
  }
}
