export { storeLocation, storeSipDirectory, purgeExpiredRegistrations } from './location.ts';
export { addressList } from './acl.ts';
export { Admission, AdmissionAbortedError } from './admission.ts';
export type { AdmissionRequest, Limits, Ticket } from './admission.ts';
