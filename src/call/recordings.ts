// Recording records: a row when recording starts (in-progress), completed with its duration when
// the media engine finalised the file, and the recording status callbacks (§3.3). The audio is in
// recording storage under the SID, where the REST API serves it.

import { rfc2822, newSid, type Clock } from '../core/index.ts';
import type { RecordResult } from '../media/host/index.ts';
import type { RecordingRow, Store } from '../store/index.ts';
import type { CallbackSink, CallLeg } from './leg.ts';
import { API_VERSION } from './params.ts';
import type { WebhookTarget } from './webhook-target.ts';

export interface RecordingCallback extends WebhookTarget {
  /** in-progress, completed, absent. */
  events: ReadonlySet<string>;
}

export interface RecordingStart {
  source: 'RecordVerb' | 'DialVerb' | 'OutboundAPI';
  channels: 1 | 2;
  track?: 'inbound' | 'outbound' | 'both';
  callback?: RecordingCallback;
}

export interface RecordingsDeps {
  store: Store;
  clock: Clock;
  callbacks: CallbackSink;
  /** Base URL of the REST API, for RecordingUrl. */
  publicUrl: () => string;
}

interface Pending {
  row: RecordingRow;
  leg: CallLeg;
  start: RecordingStart;
}

export class RecordingsService {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly deps: RecordingsDeps) {}

  /** The media URL apps get (`RecordingUrl`, no extension: Twilio serves WAV there). */
  url(row: Pick<RecordingRow, 'account_sid' | 'sid'>): string {
    return `${this.deps.publicUrl().replace(/\/$/, '')}/${API_VERSION}/Accounts/${row.account_sid}/Recordings/${row.sid}`;
  }

  /** Creates the Recording record (in-progress); returns its SID, the media engine's recording id. */
  async begin(leg: CallLeg, start: RecordingStart): Promise<string> {
    const now = this.deps.clock.now();
    const row: RecordingRow = {
      sid: newSid('RE'), account_sid: leg.row.account_sid, call_sid: leg.sid, conference_sid: null, status: 'in-progress',
      source: start.source, channels: start.channels, duration: null, start_time: now, error_code: null, media_key: null,
      date_created: now, date_updated: now,
    };
    await this.deps.store.recordings.insert(row);
    this.pending.set(row.sid, { row, leg, start });
    this.callback(row, leg, start, 'in-progress');
    return row.sid;
  }

  /** Completes it from what the engine reports; an empty recording is 'absent'. Returns the row. */
  async complete(sid: string, result: RecordResult | undefined): Promise<RecordingRow | undefined> {
    const p = this.pending.get(sid);
    if (!p) return undefined;
    this.pending.delete(sid);
    const now = this.deps.clock.now();
    const duration = result ? Math.round(result.durationSec) : 0;
    const status = result && result.durationSec > 0 ? 'completed' : result ? 'absent' : 'failed';
    const patch = { status, duration, media_key: result ? sid : null, error_code: status === 'failed' ? 12400 : null, date_updated: now };
    const row = (await this.deps.store.recordings.update({ sid }, patch)) ?? { ...p.row, ...patch };
    this.callback(row, p.leg, p.start, status === 'completed' ? 'completed' : status === 'absent' ? 'absent' : 'completed');
    return row;
  }

  private callback(row: RecordingRow, leg: CallLeg, start: RecordingStart, event: string): void {
    const cb = start.callback;
    if (!cb || !cb.events.has(event)) return;
    const params: Record<string, string> = {
      AccountSid: row.account_sid,
      CallSid: leg.sid,
      RecordingSid: row.sid,
      RecordingUrl: this.url(row),
      RecordingStatus: row.status,
      RecordingDuration: row.duration === null ? '-1' : String(row.duration),
      RecordingChannels: String(row.channels),
      RecordingStartTime: rfc2822(row.start_time),
      RecordingSource: row.source,
      RecordingTrack: start.track ?? 'both',
      ErrorCode: String(row.error_code ?? 0),
    };
    this.deps.callbacks.send(`${leg.sid}:${row.sid}`, { url: cb.url, method: cb.method, params, authToken: leg.authToken });
  }
}
