// Branch IDs for requests this element originates (RFC 3261 §8.1.1.7): the magic
// cookie followed by 96 random bits, unique across space and time and not
// guessable by an off-path sender of forged responses. Random bytes come from a
// pool, so a branch costs one base64url conversion, not one crypto call.

import { RandomPool } from '../../core/random-pool.ts';
import { BRANCH_MAGIC_COOKIE } from '../via.ts';

export class BranchGenerator {
  readonly #pool = new RandomPool(12 * 256);

  /** "z9hG4bK" + 16 base64url characters (token characters only). */
  next(): string {
    return BRANCH_MAGIC_COOKIE + this.#pool.next(12);
  }
}
