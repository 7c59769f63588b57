import type { CallRow } from '../../../store/index.ts';
import type { Filter } from '../../scoped.ts';
import { scopedRoutes } from '../../scoped.ts';
import { callControlRoutes } from './control.ts';
import { presentCall } from './presenter.ts';

export const CALL_STATUSES = ['queued', 'ringing', 'in-progress', 'canceled', 'completed', 'failed', 'busy', 'no-answer'] as const;

const address = { type: 'string', max: 256 } as const;
const filters: readonly Filter[] = [
  { spec: { name: 'To', ...address }, column: 'to_address' },
  { spec: { name: 'From', ...address }, column: 'from_address' },
  { spec: { name: 'ParentCallSid', type: 'sid', prefix: 'CA' }, column: 'parent_call_sid' },
  { spec: { name: 'Status', type: 'enum', values: CALL_STATUSES }, column: 'status' },
  ...(['StartTime', 'EndTime'] as const).flatMap((name) =>
    (['=', '<', '>'] as const).map((op) => ({
      spec: { name: op === '=' ? name : `${name}${op}`, type: 'date' as const },
      column: name === 'StartTime' ? 'start_time' : 'end_time',
      range: op,
    })),
  ),
];

/** Call records: list and fetch; placing and controlling calls goes to the call router (control.ts). */
export const callRoutes = [...scopedRoutes<CallRow>({
  collection: 'Calls',
  key: 'calls',
  prefix: 'CA',
  table: (store) => store.calls,
  present: presentCall,
  filters,
}), ...callControlRoutes];
