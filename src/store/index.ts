export { createStore } from './store.ts';
export type { Store, StoreOptions } from './store.ts';
export { isUniqueViolation } from './dialect.ts';
export type { DialectName } from './dialect.ts';
export { RowTable } from './table.ts';
export type { ListQuery, PageResult, Range, Where, ChangeAction, ChangeListener } from './table.ts';
export type {
  AccountRow, KeyRow, ApplicationRow, IncomingNumberRow, CallRow, BaseRow, Value,
  SipDomainRow, CredentialListRow, CredentialRow, DomainMappingRow, RegistrationRow,
  NotificationRow, RecordingRow,
} from './tables.ts';
export { newAccountRow, newKeyRow, newNumberRow, hashSecret, secretMatches, formatNumber, E164_RE } from './records.ts';
