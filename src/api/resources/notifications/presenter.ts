import { rfc2822 } from '../../../core/index.ts';
import type { NotificationRow } from '../../../store/index.ts';
import { accountPath, dates } from '../../scoped.ts';

export interface NotificationView {
  /** The instance view carries the webhook's request and response; list items leave them out (as Twilio). */
  detail: boolean;
  /** Reached through `…/Calls/{CallSid}/Notifications`: the `uri` stays under the call. */
  underCall: boolean;
}

export function presentNotification(row: NotificationRow, view: NotificationView): Record<string, unknown> {
  const parent = view.underCall && row.call_sid ? `${accountPath(row.account_sid)}/Calls/${row.call_sid}` : accountPath(row.account_sid);
  return {
    sid: row.sid,
    account_sid: row.account_sid,
    call_sid: row.call_sid,
    api_version: row.api_version,
    ...dates(row),
    error_code: row.error_code,
    log: row.log,
    message_date: rfc2822(row.message_date),
    message_text: row.message_text,
    more_info: row.more_info,
    request_method: row.request_method,
    request_url: row.request_url,
    ...(view.detail
      ? { request_variables: row.request_variables, response_body: row.response_body, response_headers: row.response_headers }
      : {}),
    uri: `${parent}/Notifications/${row.sid}.json`,
  };
}
