import { randomBytes } from 'node:crypto';

/**
 * Unguessable identifiers on a hot path (SIP branches, tags, Call-IDs): random bytes are drawn
 * in blocks, so an id costs one string conversion instead of one crypto call.
 */
export class RandomPool {
  #pool: Buffer = Buffer.alloc(0);
  #offset = 0;

  constructor(private readonly blockBytes = 4096) {}

  /** `bytes` random bytes as base64url (token characters only) or hex. */
  next(bytes: number, encoding: 'base64url' | 'hex' = 'base64url'): string {
    if (this.#offset + bytes > this.#pool.length) {
      this.#pool = randomBytes(Math.max(this.blockBytes, bytes));
      this.#offset = 0;
    }
    const id = this.#pool.toString(encoding, this.#offset, this.#offset + bytes);
    this.#offset += bytes;
    return id;
  }
}
