import { rfc2822 } from '../../../core/index.ts';
import { formatNumber, type CallRow } from '../../../store/index.ts';
import { accountPath, dates } from '../../scoped.ts';

const SUBRESOURCES = [
  'notifications', 'recordings', 'events', 'payments', 'siprec', 'streams', 'transcriptions',
  'user_defined_messages', 'user_defined_message_subscriptions',
] as const;

const camel = (s: string) => s.split('_').map((w) => w[0]?.toUpperCase() + w.slice(1)).join('');

export function presentCall(row: CallRow): Record<string, unknown> {
  const base = `${accountPath(row.account_sid)}/Calls/${row.sid}`;
  return {
    sid: row.sid,
    account_sid: row.account_sid,
    parent_call_sid: row.parent_call_sid,
    ...dates(row),
    to: row.to_address,
    to_formatted: formatNumber(row.to_address),
    from: row.from_address,
    from_formatted: formatNumber(row.from_address),
    phone_number_sid: row.phone_number_sid,
    status: row.status,
    start_time: row.start_time === null ? null : rfc2822(row.start_time),
    end_time: row.end_time === null ? null : rfc2822(row.end_time),
    duration: row.duration === null ? null : String(row.duration),
    price: null,
    price_unit: 'USD',
    direction: row.direction,
    answered_by: row.answered_by,
    api_version: '2010-04-01',
    forwarded_from: row.forwarded_from,
    group_sid: null,
    caller_name: row.caller_name,
    queue_time: String(row.queue_time),
    trunk_sid: row.trunk_sid,
    uri: `${base}.json`,
    subresource_uris: Object.fromEntries(SUBRESOURCES.map((s) => [s, `${base}/${camel(s)}.json`])),
  };
}
