// What a UAC remembers between digest rounds: the nonce-count per nonce
// (RFC 7616 §3.4: nc counts the requests sent with one nonce) and the
// challenge answered per header kind and realm, so a later resend can
// recompute those credentials with the next nc instead of replaying them.
// Both maps are bounded (least recently used entries go first).

import { randomBytes } from 'node:crypto';
import type { DigestChallenge } from './digest-header.ts';

export type CredentialHeaderName = 'Authorization' | 'Proxy-Authorization';

export interface ClientAuthState {
  /** Last nc sent per nonce. */
  readonly nc: Map<string, number>;
  /** Last challenge answered, keyed by credentialKey(header, realm). */
  readonly challenges: Map<string, DigestChallenge>;
  /** Most entries in each map (default 256). */
  readonly limit: number;
}

export const DEFAULT_CLIENT_STATE_LIMIT = 256;

export function createClientAuthState(limit: number = DEFAULT_CLIENT_STATE_LIMIT): ClientAuthState {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  return { nc: new Map(), challenges: new Map(), limit };
}

export function credentialKey(header: CredentialHeaderName, realm: string): string {
  return `${header}\n${realm}`;
}

/** Sets key to value as the most recently used entry, evicting the least recently used beyond `limit`. */
export function remember<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > limit) {
    const oldest = map.keys().next();
    if (oldest.done === true) break;
    map.delete(oldest.value);
  }
}

/** The next nonce-count for `nonce` as 8 lower-case hex digits (00000001 for a new nonce). */
export function nextNonceCount(state: ClientAuthState, nonce: string): string {
  const n = ((state.nc.get(nonce) ?? 0) % 0xffffffff) + 1;
  remember(state.nc, nonce, n, state.limit);
  return n.toString(16).padStart(8, '0');
}

/** A fresh client nonce: 128 random bits, hex. */
export function randomCnonce(): string {
  return randomBytes(16).toString('hex');
}
