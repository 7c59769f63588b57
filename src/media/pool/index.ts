export { MediaPool } from './pool.ts';
export type { MediaPoolEvents, MediaPoolOptions, PoolLogger, WorkerExit, WorkerInfo, WorkerStatus } from './options.ts';
export { splitPorts } from './slices.ts';
export type { PortSlice } from './slices.ts';
export { isWorkerMessage, isWorkerRequest, reviveError, serializeError } from './messages.ts';
export type {
  CommandArgs, CommandRequest, CommandValue, ControlRequest, SerializedError, WorkerConfig, WorkerMessage, WorkerReply, WorkerRequest,
} from './messages.ts';
