import type { Range } from '../../../store/index.ts';
import type { ParamSpec, Params } from '../../params.ts';
import { dateFilters, rangesFor } from '../../scoped.ts';

/** `DateCreated` is that UTC day; `DateCreated<` strictly before; `DateCreated>` at or after (as Calls' StartTime). */
const dateCreated = dateFilters('DateCreated', 'date_created');

/** Accepted and without effect: deleting a recording removes it (nothing is soft-deleted). */
const includeSoftDeleted: ParamSpec = { name: 'IncludeSoftDeleted', type: 'boolean' };

/** Filters of the account's list `…/Recordings.json`. */
export const ACCOUNT_FILTERS: readonly ParamSpec[] = [
  ...dateCreated.map((f) => f.spec),
  { name: 'CallSid', type: 'sid', prefix: 'CA' },
  { name: 'ConferenceSid', type: 'sid', prefix: 'CF' },
  includeSoftDeleted,
];

/** Filters of a call's list `…/Calls/{CallSid}/Recordings.json` (the SDK sends only these). */
export const CALL_FILTERS: readonly ParamSpec[] = dateCreated.map((f) => f.spec);

/** Query parameters of a fetch (the SDK's account-level fetch may send IncludeSoftDeleted). */
export const FETCH_PARAMS: readonly ParamSpec[] = [includeSoftDeleted];

/** Statuses whose audio is still being written: deleting them would pull the file from under the recorder. */
export const LIVE_STATUSES: readonly string[] = ['in-progress', 'paused', 'processing'];

export function dateCreatedRanges(p: Params): Range[] {
  return rangesFor(dateCreated, p);
}
