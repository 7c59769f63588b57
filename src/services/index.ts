export { startPlatform, openStore, ensureMainAccount, changePublisher } from './platform.ts';
export type { Platform } from './platform.ts';
