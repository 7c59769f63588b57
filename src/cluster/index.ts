export { storeLocation, storeSipDirectory, purgeExpiredRegistrations } from './location.ts';
