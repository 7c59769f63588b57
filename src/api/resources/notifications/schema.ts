import type { Range } from '../../../store/index.ts';
import type { ParamSpec, Params } from '../../params.ts';

/** `0` error, `1` warning (the SDK sends the number). */
export const LOG_LEVELS = ['0', '1'] as const;

/** List filters, on the account's list and on a call's. */
export const NOTIFICATION_FILTERS: readonly ParamSpec[] = [
  { name: 'Log', type: 'enum', values: LOG_LEVELS },
  { name: 'MessageDate', type: 'date' },
  { name: 'MessageDate<', type: 'date' },
  { name: 'MessageDate>', type: 'date' },
];

const DAY = 86_400_000;

/** `MessageDate` is that UTC day; `MessageDate<` strictly before; `MessageDate>` at or after (as Calls' StartTime). */
export function messageDateRanges(p: Params): Range[] {
  const column = 'message_date';
  const out: Range[] = [];
  const on = p.MessageDate;
  if (typeof on === 'number') {
    const day = on - (((on % DAY) + DAY) % DAY);
    out.push({ column, op: '>=', value: day }, { column, op: '<', value: day + DAY });
  }
  const before = p['MessageDate<'];
  if (typeof before === 'number') out.push({ column, op: '<', value: before });
  const after = p['MessageDate>'];
  if (typeof after === 'number') out.push({ column, op: '>=', value: after });
  return out;
}
