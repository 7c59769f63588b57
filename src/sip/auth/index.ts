// Public surface of SIP digest authentication (RFC 3261 §22, RFC 2617,
// RFC 7616, RFC 8760). A pure engine: no sockets; time from an injected Clock,
// users from an injected lookup.

export {
  DIGEST_ALGORITHMS,
  algorithmStrength,
  computeDigestResponse,
  computeHa1,
  hexDigestsEqual,
  parseAlgorithm,
} from './algorithms.ts';
export type { DigestAlgorithm, DigestHashName, DigestResponseInput } from './algorithms.ts';
export { authParam, parseAuthItems } from './auth-params.ts';
export type { AuthItem, AuthParam } from './auth-params.ts';
export { formatChallenge, formatCredentials, parseChallenges, parseCredentials } from './digest-header.ts';
export type { DigestChallenge, DigestChallengeInit, DigestCredentials, DigestCredentialsInit } from './digest-header.ts';
export { NonceCountTracker } from './replay.ts';
export type { NonceCountCheck, NonceCountTrackerOptions } from './replay.ts';
export { normaliseDigestUri, sameDigestUri } from './uri-match.ts';
export { DEFAULT_NONCE_TTL_MS, DEFAULT_SERVER_ALGORITHMS, DigestServer } from './server.ts';
export type {
  DigestChallengeOptions,
  DigestLookup,
  DigestSecret,
  DigestServerOptions,
  DigestVerifyFailureReason,
  DigestVerifyOptions,
  DigestVerifyResult,
} from './server.ts';
export { createClientAuthState } from './client-state.ts';
export type { ClientAuthState, CredentialHeaderName } from './client-state.ts';
export { authorize } from './client.ts';
export type { AuthorizeFailureReason, AuthorizeOptions, AuthorizeResult, DigestUserCredentials } from './client.ts';
export { DigestServerPool } from './pool.ts';
export type { DigestServerPoolOptions } from './pool.ts';
