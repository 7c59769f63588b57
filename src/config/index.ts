export { loadConfig } from './load.ts';
export type { ConfigSources, ConfigResult } from './load.ts';
export { fields as configFields, LOG_LEVELS } from './schema.ts';
export type { Config, TrunkConfig, FieldSpec } from './schema.ts';
