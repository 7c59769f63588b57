// SDP text → SessionDescription. sdp-transform does the line grammar; this file checks what it
// produced (it is lenient: a line that does not match its grammar is dropped or half-filled) and
// turns it into the typed model. Values are read as `unknown` because sdp-transform's runtime
// types differ from its declarations (a number-looking token becomes a number, "" stays "").

import { parse } from 'sdp-transform';
import type { MediaDescription as RawMedia, SessionDescription as RawSession } from 'sdp-transform';
import { sdpFail, type SdpResult } from './errors.ts';
import { staticPayload } from './codecs.ts';
import type {
  Connection,
  Direction,
  IpVersion,
  MediaDescription,
  Origin,
  PayloadType,
  RtcpAttribute,
  SessionDescription,
} from './model.ts';

const DIRECTIONS: readonly string[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

/** Parses an SDP body (CRLF or bare LF line ends). Never throws. */
export function parseSdp(text: string): SdpResult<SessionDescription> {
  if (!/^v=0[ \t]*\r?$/m.test(text.split('\n', 1)[0] ?? '')) return sdpFail('malformed', 'SDP must start with v=0');
  let raw: RawSession;
  try {
    raw = parse(text);
  } catch (err) {
    return sdpFail('malformed', `unreadable SDP: ${String(err)}`);
  }
  const origin = readOrigin(raw.origin);
  if (!origin) return sdpFail('malformed', 'missing or malformed o= line');
  const connection = raw.connection === undefined ? undefined : readConnection(raw.connection);
  if (connection === null) return sdpFail('malformed', 'malformed session-level c= line');
  const media: MediaDescription[] = [];
  for (const [i, m] of (raw.media ?? []).entries()) {
    const read = readMedia(m);
    if (typeof read === 'string') return sdpFail('malformed', `m= section ${i + 1}: ${read}`);
    media.push(read);
  }
  if (media.length === 0) return sdpFail('malformed', 'no m= line');
  return {
    ok: true,
    value: {
      origin,
      name: typeof raw.name === 'string' ? raw.name : '',
      ...(connection ? { connection } : {}),
      ...optionalDirection(raw.direction),
      media,
    },
  };
}

function readOrigin(o: RawSession['origin'] | undefined): Origin | undefined {
  if (!o) return undefined;
  const sessionId = digits(o.sessionId);
  const version = digits(o.sessionVersion);
  const ipVersion = ipVer(o.ipVer);
  if (sessionId === undefined || version === undefined || ipVersion === undefined) return undefined;
  return { username: String(o.username), sessionId, version, address: String(o.address), ipVersion };
}

/** Returns null when a c= line was there but unreadable. */
function readConnection(c: { version: unknown; ip: unknown }): Connection | null {
  const ipVersion = ipVer(c.version);
  const address = typeof c.ip === 'string' ? c.ip : '';
  if (ipVersion === undefined || address === '') return null;
  return { address, ipVersion };
}

function readMedia(m: RawMedia): MediaDescription | string {
  const type: unknown = m.type;
  const port = int(m.port, 0, 65535);
  const protocol: unknown = m.protocol;
  if (typeof type !== 'string' || type === '' || port === undefined || typeof protocol !== 'string' || protocol === '') {
    return 'malformed m= line (want "m=<media> <port> <proto> <fmt> …")';
  }
  const formats = String(m.payloads ?? '').split(/\s+/).filter((f) => f !== '');
  if (formats.length === 0) return 'm= line lists no formats';
  let connection: Connection | undefined;
  if (m.connection !== undefined) {
    const c = readConnection(m.connection);
    if (c === null) return 'malformed c= line';
    connection = c;
  }
  const rtcp = readRtcp(m.rtcp);
  const ptime = positive(m.ptime);
  const maxptime = positive(m.maxptime);
  return {
    type,
    port,
    protocol,
    formats,
    payloads: protocol.toUpperCase().includes('RTP') ? readPayloads(formats, m) : [],
    ...(connection ? { connection } : {}),
    ...optionalDirection(m.direction),
    ...(ptime !== undefined ? { ptime } : {}),
    ...(maxptime !== undefined ? { maxptime } : {}),
    ...(rtcp ? { rtcp } : {}),
  };
}

/** Payload types in m= line order, named by a=rtpmap, else by the static table. Non-numeric formats are skipped. */
function readPayloads(formats: readonly string[], m: RawMedia): PayloadType[] {
  const out: PayloadType[] = [];
  for (const f of formats) {
    const pt = /^\d{1,3}$/.test(f) ? int(Number(f), 0, 127) : undefined;
    if (pt === undefined) continue;
    const map = (m.rtp ?? []).find((r) => int(r.payload, 0, 127) === pt);
    const fmtp = (m.fmtp ?? []).find((r) => int(r.payload, 0, 127) === pt);
    const config = fmtp === undefined ? undefined : String(fmtp.config).trim();
    let encoding: { name: string; clockRate?: number; channels?: number } | undefined;
    if (map) {
      const clockRate = positive(map.rate);
      const channels = positive(map.encoding);
      encoding = { name: String(map.codec), ...(clockRate ? { clockRate } : {}), ...(channels ? { channels } : {}) };
    } else {
      encoding = staticPayload(pt);
    }
    out.push({ pt, ...encoding, ...(config ? { fmtp: config } : {}) });
  }
  return out;
}

function readRtcp(r: RawMedia['rtcp']): RtcpAttribute | undefined {
  if (!r) return undefined;
  const port = int(r.port, 1, 65535);
  if (port === undefined) return undefined;
  const address: unknown = r.address;
  return typeof address === 'string' && address !== '' ? { port, address } : { port };
}

function optionalDirection(d: unknown): { direction?: Direction } {
  return isDirection(d) ? { direction: d } : {};
}

function isDirection(d: unknown): d is Direction {
  return typeof d === 'string' && DIRECTIONS.includes(d);
}

function ipVer(v: unknown): IpVersion | undefined {
  const n = Number(v);
  return n === 4 || n === 6 ? n : undefined;
}

function digits(v: unknown): string | undefined {
  const s = String(v ?? '');
  return /^\d+$/.test(s) ? s : undefined;
}

function int(v: unknown, min: number, max: number): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

function positive(v: unknown): number | undefined {
  const n = Number(v);
  return typeof v !== 'boolean' && v !== '' && v !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}
