// DTMF keys, their RFC 4733 event codes (§3.2, Table 1) and the one error type of this folder.

/** A DTMF key: the 12 keypad keys plus the 4 extended keys A–D. */
export type DtmfKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

/** What a detector reports: a key, or a hook flash (RFC 4733 event 16), which is no digit. */
export type DtmfSignal = DtmfKey | 'flash';

/** RFC 4733 §3.2 event codes 0–15, in order. */
export const DTMF_KEYS: readonly DtmfKey[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'];

/** RFC 4733 §3.2: event 16 is "flash". */
export const FLASH_EVENT = 16;

/** The event code of a key ('a'–'d' are accepted for 'A'–'D'); undefined for anything else. */
export function eventForKey(key: string): number | undefined {
  const i = DTMF_KEYS.indexOf(key.toUpperCase() as DtmfKey);
  return i < 0 ? undefined : i;
}

/** The signal of an event code 0–16; undefined for other codes (tones, line events). */
export function signalForEvent(event: number): DtmfSignal | undefined {
  if (event === FLASH_EVENT) return 'flash';
  return DTMF_KEYS[event];
}

/** A key press began. Every detector reports it once per press. */
export interface DtmfStart {
  readonly type: 'start';
  readonly signal: DtmfSignal;
  /** Arrival (RTP, INFO) or stream time (in-band) in ms, as passed in. */
  readonly atMs: number;
}

/** Why an event was considered over. */
export type DtmfEndReason =
  /** RFC 4733 E bit seen, or in-band tone gone for the minimum gap. */
  | 'end'
  /** No packet for the event within the receiver's timeout (all end packets lost). */
  | 'timeout'
  /** A packet of another event arrived first (RFC 4733 §2.5.2.2: a new event ends the old one). */
  | 'superseded'
  /** The detector was flushed (stream ended). */
  | 'flush';

/** A key press ended. Every detector reports it once per press, after its start. */
export interface DtmfEnd {
  readonly type: 'end';
  readonly signal: DtmfSignal;
  readonly atMs: number;
  /** Duration of the press in ms, as far as it is known (the largest duration field seen for RTP). */
  readonly durationMs: number;
  readonly reason: DtmfEndReason;
}

export type DtmfErrorCode =
  /** SIP INFO with a content type other than application/dtmf-relay or application/dtmf. */
  | 'ERR_DTMF_INFO_CONTENT_TYPE'
  /** SIP INFO body without a readable signal. */
  | 'ERR_DTMF_INFO_SIGNAL'
  /** SIP INFO Duration that is not a whole number of ms in range. */
  | 'ERR_DTMF_INFO_DURATION'
  /** A digit string to send holds a character that is not a key or a pause. */
  | 'ERR_DTMF_DIGITS'
  /** A telephone-event payload or option out of range. */
  | 'ERR_DTMF_PAYLOAD'
  /** A capture file the pcap reader cannot read. */
  | 'ERR_PCAP';

/** The one error type of src/media/dtmf/: a stable code plus a human-readable reason. */
export class DtmfError extends Error {
  override readonly name = 'DtmfError';
  readonly code: DtmfErrorCode;

  constructor(code: DtmfErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
