export { buildApi } from './server.ts';
export type { ApiOptions } from './server.ts';
export type { ApiDeps } from './context.ts';
