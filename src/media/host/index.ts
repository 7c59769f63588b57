export { MediaHost } from './host.ts';
export type { MediaHostOptions } from './host.ts';
export { MediaCommandError, isMediaCommandError } from './protocol.ts';
export type {
  BridgeOptions, CreateEndpointOptions, EndpointId, EndpointInfo, ListenOptions, ListenResult, MediaCommand, MediaControl, MediaEvent, MediaLoad, PlayItem,
  PlayOptions, PlayResult, RecordOptions, RecordResult,
} from './protocol.ts';
