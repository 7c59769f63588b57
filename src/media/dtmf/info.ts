// DTMF carried in SIP INFO bodies (no RFC; the de facto formats phones and carriers send):
//   application/dtmf-relay   "Signal=5\r\nDuration=160"   (Duration in ms, optional)
//   application/dtmf         "5"
// Signal is a key (0-9 * # A-D, any case), an event code 0–16 (10 = *, 11 = #, 16 = flash) or
// '!' (flash, as Cisco sends). Case, whitespace and line endings are free; unknown lines are ignored.

import { DtmfError, eventForKey, signalForEvent, type DtmfSignal } from './types.ts';

export interface DtmfInfo {
  readonly signal: DtmfSignal;
  /** Duration in ms: the body's, or the default when it has none. */
  readonly durationMs: number;
  /** False when the body had no Duration and durationMs is the default. */
  readonly durationGiven: boolean;
}

export interface DtmfInfoOptions {
  /** Duration when the body has none (default 250 ms). */
  defaultDurationMs?: number;
  /** Largest Duration accepted (default 60000 ms). */
  maxDurationMs?: number;
}

export const DTMF_INFO_CONTENT_TYPES = ['application/dtmf-relay', 'application/dtmf'] as const;

/** True when an INFO with this Content-Type carries DTMF (parameters and case ignored). */
export function isDtmfInfoContentType(contentType: string): boolean {
  return (DTMF_INFO_CONTENT_TYPES as readonly string[]).includes(mediaType(contentType));
}

/** Reads one INFO body; throws DtmfError (ERR_DTMF_INFO_*) when it holds no valid DTMF. */
export function parseDtmfInfo(contentType: string, body: string | Uint8Array, options: DtmfInfoOptions = {}): DtmfInfo {
  const text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: false }).decode(body);
  const type = mediaType(contentType);
  // Some senders label a dtmf-relay body application/dtmf: read it as dtmf-relay then.
  if (type === 'application/dtmf' && !text.includes('=')) return withDuration(parseSignal(text.trim()), undefined, options);
  if (type !== 'application/dtmf-relay' && type !== 'application/dtmf') {
    throw new DtmfError('ERR_DTMF_INFO_CONTENT_TYPE', `Content-Type ${JSON.stringify(contentType)} is not application/dtmf-relay or application/dtmf`);
  }
  const fields = new Map<string, string>();
  for (const line of text.split(/\r\n|\r|\n/)) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const name = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    const seen = fields.get(name);
    if (seen !== undefined && seen !== value) {
      throw new DtmfError(name === 'duration' ? 'ERR_DTMF_INFO_DURATION' : 'ERR_DTMF_INFO_SIGNAL', `conflicting ${name} lines`);
    }
    fields.set(name, value);
  }
  const signal = fields.get('signal');
  if (signal === undefined) throw new DtmfError('ERR_DTMF_INFO_SIGNAL', 'dtmf-relay body has no Signal= line');
  return withDuration(parseSignal(signal), fields.get('duration'), options);
}

function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function parseSignal(raw: string): DtmfSignal {
  if (raw === '!') return 'flash';
  if (/^\d{1,2}$/.test(raw)) {
    const signal = signalForEvent(Number(raw));
    if (signal !== undefined) return signal;
  } else if (raw.length === 1 && eventForKey(raw) !== undefined) {
    return raw.toUpperCase() as DtmfSignal;
  }
  throw new DtmfError('ERR_DTMF_INFO_SIGNAL', `signal ${JSON.stringify(raw)} is not a DTMF key, event 0-16 or '!'`);
}

function withDuration(signal: DtmfSignal, raw: string | undefined, options: DtmfInfoOptions): DtmfInfo {
  const { defaultDurationMs = 250, maxDurationMs = 60000 } = options;
  if (raw === undefined) return { signal, durationMs: defaultDurationMs, durationGiven: false };
  const ms = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(ms >= 0 && ms <= maxDurationMs)) {
    throw new DtmfError('ERR_DTMF_INFO_DURATION', `Duration ${JSON.stringify(raw)} is not a whole number of ms in 0..${maxDurationMs}`);
  }
  return { signal, durationMs: ms, durationGiven: true };
}
