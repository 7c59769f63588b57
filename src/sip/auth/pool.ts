// One DigestServer per realm with shared settings (clock, nonce secret, algorithms): the
// registrar and INVITE admission challenge per SIP domain.

import type { Clock } from '../../core/index.ts';
import type { DigestAlgorithm } from './algorithms.ts';
import { DigestServer } from './server.ts';

export interface DigestServerPoolOptions {
  clock: Clock;
  secret: string;
  algorithms?: readonly DigestAlgorithm[];
}

export class DigestServerPool {
  readonly #servers = new Map<string, DigestServer>();

  constructor(private readonly options: DigestServerPoolOptions) {}

  /** The server for `realm`, created on first use. */
  forRealm(realm: string): DigestServer {
    let server = this.#servers.get(realm);
    if (!server) {
      const { clock, secret, algorithms } = this.options;
      server = new DigestServer({ realm, clock, secret, ...(algorithms ? { algorithms } : {}) });
      this.#servers.set(realm, server);
    }
    return server;
  }
}
