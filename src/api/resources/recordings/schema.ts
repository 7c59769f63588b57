import type { Range } from '../../../store/index.ts';
import type { ParamSpec, Params } from '../../params.ts';

const dateCreated: readonly ParamSpec[] = [
  { name: 'DateCreated', type: 'date' },
  { name: 'DateCreated<', type: 'date' },
  { name: 'DateCreated>', type: 'date' },
];

/** Accepted and without effect: deleting a recording removes it (nothing is soft-deleted). */
const includeSoftDeleted: ParamSpec = { name: 'IncludeSoftDeleted', type: 'boolean' };

/** Filters of the account's list `…/Recordings.json`. */
export const ACCOUNT_FILTERS: readonly ParamSpec[] = [
  ...dateCreated,
  { name: 'CallSid', type: 'sid', prefix: 'CA' },
  { name: 'ConferenceSid', type: 'sid', prefix: 'CF' },
  includeSoftDeleted,
];

/** Filters of a call's list `…/Calls/{CallSid}/Recordings.json` (the SDK sends only these). */
export const CALL_FILTERS: readonly ParamSpec[] = dateCreated;

/** Query parameters of a fetch (the SDK's account-level fetch may send IncludeSoftDeleted). */
export const FETCH_PARAMS: readonly ParamSpec[] = [includeSoftDeleted];

/** Statuses whose audio is still being written: deleting them would pull the file from under the recorder. */
export const LIVE_STATUSES: readonly string[] = ['in-progress', 'paused', 'processing'];

const DAY = 86_400_000;

/** `DateCreated` is that UTC day; `DateCreated<` strictly before; `DateCreated>` at or after (as Calls' StartTime). */
export function dateCreatedRanges(p: Params): Range[] {
  const column = 'date_created';
  const out: Range[] = [];
  const on = p.DateCreated;
  if (typeof on === 'number') {
    const day = on - (((on % DAY) + DAY) % DAY);
    out.push({ column, op: '>=', value: day }, { column, op: '<', value: day + DAY });
  }
  const before = p['DateCreated<'];
  if (typeof before === 'number') out.push({ column, op: '<', value: before });
  const after = p['DateCreated>'];
  if (typeof after === 'number') out.push({ column, op: '>=', value: after });
  return out;
}
