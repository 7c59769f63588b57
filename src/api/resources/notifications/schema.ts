import type { Range } from '../../../store/index.ts';
import type { ParamSpec, Params } from '../../params.ts';
import { dateFilters, rangesFor } from '../../scoped.ts';

/** `0` error, `1` warning (the SDK sends the number). */
export const LOG_LEVELS = ['0', '1'] as const;

/** `MessageDate` is that UTC day; `MessageDate<` strictly before; `MessageDate>` at or after (as Calls' StartTime). */
const messageDate = dateFilters('MessageDate', 'message_date');

/** List filters, on the account's list and on a call's. */
export const NOTIFICATION_FILTERS: readonly ParamSpec[] = [{ name: 'Log', type: 'enum', values: LOG_LEVELS }, ...messageDate.map((f) => f.spec)];

export function messageDateRanges(p: Params): Range[] {
  return rangesFor(messageDate, p);
}
