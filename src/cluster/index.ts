export { storeLocation, storeSipDirectory, purgeExpiredRegistrations } from './location.ts';
export { addressList } from './acl.ts';
