import { rfc2822 } from '../../../core/index.ts';
import type { RecordingRow } from '../../../store/index.ts';
import { accountPath, dates } from '../../scoped.ts';

/** The fields both views share (Twilio's account and call Recording resources). */
function common(row: RecordingRow): Record<string, unknown> {
  return {
    sid: row.sid,
    account_sid: row.account_sid,
    api_version: '2010-04-01',
    call_sid: row.call_sid,
    conference_sid: row.conference_sid,
    ...dates(row),
    start_time: rfc2822(row.start_time),
    // Twilio shows "-1" until a recording has a length.
    duration: row.duration === null ? '-1' : String(row.duration),
    price: null,
    price_unit: 'USD',
    status: row.status,
    channels: row.channels,
    source: row.source,
    error_code: row.error_code,
    encryption_details: null,
  };
}

/** `…/Recordings/{Sid}.json`: with `media_url`, absolute on the base URL the request came in on. */
export function presentRecording(row: RecordingRow, baseUrl: string): Record<string, unknown> {
  const path = `${accountPath(row.account_sid)}/Recordings/${row.sid}`;
  return {
    ...common(row),
    uri: `${path}.json`,
    media_url: `${baseUrl}${path}`,
    subresource_uris: { add_on_results: `${path}/AddOnResults.json`, transcriptions: `${path}/Transcriptions.json` },
  };
}

/**
 * `…/Calls/{CallSid}/Recordings/{Sid}.json`: Twilio's call view has `track` and no media_url or
 * subresource_uris. The store keeps no track, so it is `both`.
 */
export function presentCallRecording(row: RecordingRow, callSid: string): Record<string, unknown> {
  return {
    ...common(row),
    uri: `${accountPath(row.account_sid)}/Calls/${callSid}/Recordings/${row.sid}.json`,
    track: 'both',
  };
}
