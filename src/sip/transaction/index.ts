// Public surface of the SIP transaction layer (RFC 3261 §17, §9 CANCEL, §13.3.1.4).
// A pure engine: send() and the Scheduler are injected; no sockets.

export { TransactionLayer } from './layer.ts';
export type { ReceiveResult, TransactionLayerOptions, TransactionLayerStats } from './layer.ts';

export { InviteClientTransaction } from './invite-client.ts';
export type { InviteClientState } from './invite-client.ts';
export { NonInviteClientTransaction } from './non-invite-client.ts';
export type { NonInviteClientState } from './non-invite-client.ts';
export { InviteServerTransaction } from './invite-server.ts';
export type { InviteServerState } from './invite-server.ts';
export { NonInviteServerTransaction } from './non-invite-server.ts';
export type { NonInviteServerState } from './non-invite-server.ts';

export { Invite2xxRetransmitter } from './uas-2xx.ts';
export type { Invite2xxHandlers, Invite2xxState } from './uas-2xx.ts';

export { buildAck, buildCancel } from './build.ts';
export { BranchGenerator } from './branch.ts';
export { createTransactionContext } from './context.ts';
export { DEFAULT_TIMERS, resolveTimers } from './timers.ts';
export type { TimerConfig } from './timers.ts';
export type {
  ClientTransaction,
  ClientTransactionHandlers,
  SendFn,
  ServerTransaction,
  ServerTransactionHandlers,
  Transaction,
  TransactionContext,
  TransactionCounters,
  TransactionHandlers,
  TransactionKind,
} from './types.ts';
