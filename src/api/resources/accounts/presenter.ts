import type { AccountRow } from '../../../store/index.ts';
import { accountPath, dates } from '../../scoped.ts';

const SUBRESOURCES: Record<string, string> = {
  addresses: 'Addresses', conferences: 'Conferences', signing_keys: 'SigningKeys', transcriptions: 'Transcriptions',
  connect_apps: 'ConnectApps', sip: 'SIP', authorized_connect_apps: 'AuthorizedConnectApps', usage: 'Usage',
  keys: 'Keys', applications: 'Applications', recordings: 'Recordings', short_codes: 'SMS/ShortCodes', calls: 'Calls',
  notifications: 'Notifications', incoming_phone_numbers: 'IncomingPhoneNumbers', queues: 'Queues', messages: 'Messages',
  outgoing_caller_ids: 'OutgoingCallerIds', available_phone_numbers: 'AvailablePhoneNumbers', balance: 'Balance',
};

/** A main account is its own owner, as in Twilio. */
export function presentAccount(row: AccountRow): Record<string, unknown> {
  const base = accountPath(row.sid);
  return {
    auth_token: row.auth_token,
    ...dates(row),
    friendly_name: row.friendly_name,
    owner_account_sid: row.owner_account_sid ?? row.sid,
    sid: row.sid,
    status: row.status,
    subresource_uris: Object.fromEntries(Object.entries(SUBRESOURCES).map(([k, v]) => [k, `${base}/${v}.json`])),
    type: row.type,
    uri: `${base}.json`,
  };
}
