// Branch IDs for requests this element originates (RFC 3261 §8.1.1.7): the magic
// cookie followed by 96 random bits, unique across space and time and not
// guessable by an off-path sender of forged responses. Random bytes are drawn in
// blocks so a branch costs one base64url conversion, not one crypto call.

import { randomBytes } from 'node:crypto';
import { BRANCH_MAGIC_COOKIE } from '../via.ts';

const BYTES = 12;
const BLOCK = BYTES * 256;

export class BranchGenerator {
  #pool: Buffer = Buffer.alloc(0);
  #offset = 0;

  /** "z9hG4bK" + 16 base64url characters (token characters only). */
  next(): string {
    if (this.#offset + BYTES > this.#pool.length) {
      this.#pool = randomBytes(BLOCK);
      this.#offset = 0;
    }
    const id = this.#pool.toString('base64url', this.#offset, this.#offset + BYTES);
    this.#offset += BYTES;
    return BRANCH_MAGIC_COOKIE + id;
  }
}
