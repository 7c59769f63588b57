// A growable byte buffer for stream reassembly: appending copies each chunk
// once (amortised doubling), so a peer trickling one octet per read costs O(n),
// not O(n²) as repeated Buffer.concat would.

const EMPTY = Buffer.alloc(0);
/** Storage above this size is released once the queue drains. */
const KEEP_CAPACITY = 64 * 1024;

export class ByteQueue {
  #store: Buffer = EMPTY;
  #start = 0;
  #end = 0;

  get length(): number {
    return this.#end - this.#start;
  }

  /** The queued octets; valid until the next push(). */
  view(): Buffer {
    return this.#store.subarray(this.#start, this.#end);
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    const len = this.length;
    if (this.#end + chunk.length > this.#store.length) {
      if (len + chunk.length <= this.#store.length) {
        this.#store.copy(this.#store, 0, this.#start, this.#end);
      } else {
        const next = Buffer.allocUnsafe(Math.max(this.#store.length * 2, len + chunk.length, 4096));
        this.#store.copy(next, 0, this.#start, this.#end);
        this.#store = next;
      }
      this.#start = 0;
      this.#end = len;
    }
    chunk.copy(this.#store, this.#end);
    this.#end += chunk.length;
  }

  consume(n: number): void {
    this.#start = Math.min(this.#end, this.#start + n);
    if (this.#start === this.#end) this.clear(this.#store.length <= KEEP_CAPACITY);
  }

  clear(keepStorage = false): void {
    this.#start = 0;
    this.#end = 0;
    if (!keepStorage) this.#store = EMPTY;
  }
}
