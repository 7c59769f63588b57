// Via (RFC 3261 §20.42, §25.1 via-parm; rport from RFC 3581).

import { TOKEN, fail, parseDigits, skipWs, spanClass } from './chars.ts';
import { attempt } from './errors.ts';
import type { Result } from './errors.ts';
import { formatHostPort, hostType, isIPv4, isIPv6Address } from './host.ts';
import type { HostType } from './host.ts';
import { formatParams, readParams } from './params.ts';
import type { HeaderParam } from './params.ts';

/** RFC 3261 §8.1.1.7: branch IDs of RFC 3261 elements start with this cookie. */
export const BRANCH_MAGIC_COOKIE = 'z9hG4bK';

export interface ViaHeader {
  /** protocol-name, "SIP" in practice. */
  protocol: string;
  /** protocol-version, "2.0" in practice. */
  version: string;
  /** Upper-cased transport token: UDP, TCP, TLS, SCTP, WS, WSS or an extension. */
  transport: string;
  host: string;
  hostType: HostType;
  port: number | undefined;
  params: HeaderParam[];
  branch: string | undefined;
  /** received (RFC 3261 §18.2.1), an IP address. */
  received: string | undefined;
  /** True when rport is present (with or without a value, RFC 3581 §4). */
  hasRport: boolean;
  rport: number | undefined;
  maddr: string | undefined;
  ttl: number | undefined;
}

/** via-parm; throws SipParseError. Use parseVia for a Result. */
export function readVia(s: string): ViaHeader {
  let i = skipWs(s, 0);
  const parts: string[] = [];
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport; SLASH = SWS "/" SWS
  for (let n = 0; n < 3; n++) {
    if (n > 0) {
      if (s.charCodeAt(i) !== 0x2f) fail('malformed Via sent-protocol');
      i = skipWs(s, i + 1);
    }
    const end = spanClass(s, i, TOKEN);
    if (end === i) fail('malformed Via sent-protocol');
    parts.push(s.slice(i, end));
    i = n < 2 ? skipWs(s, end) : end;
  }
  // LWS before sent-by is mandatory
  const afterProto = skipWs(s, i);
  if (afterProto === i) fail('missing whitespace before Via sent-by');
  i = afterProto;
  let hostEnd: number;
  if (s.charCodeAt(i) === 0x5b) {
    hostEnd = s.indexOf(']', i) + 1;
    if (hostEnd === 0) fail('unterminated IPv6 reference in Via');
  } else {
    hostEnd = spanClass(s, i, TOKEN);
  }
  const host = s.slice(i, hostEnd);
  const type = hostType(host);
  if (type === undefined) fail(`invalid Via sent-by host "${host}"`);
  i = skipWs(s, hostEnd);
  let port: number | undefined;
  if (s.charCodeAt(i) === 0x3a) {
    // COLON = SWS ":" SWS
    const start = skipWs(s, i + 1);
    let end = start;
    while (end < s.length && s.charCodeAt(end) >= 0x30 && s.charCodeAt(end) <= 0x39) end++;
    port = parseDigits(s.slice(start, end), 65535);
    if (port < 0) fail('invalid Via port');
    i = end;
  }
  const params = readParams(s, i, 'Via');
  const via: ViaHeader = {
    protocol: parts[0]!,
    version: parts[1]!,
    transport: parts[2]!.toUpperCase(),
    host,
    hostType: type,
    port,
    params,
    branch: undefined,
    received: undefined,
    hasRport: false,
    rport: undefined,
    maddr: undefined,
    ttl: undefined,
  };
  for (const p of params) applyViaParam(via, p);
  return via;
}

function applyViaParam(via: ViaHeader, p: HeaderParam): void {
  const name = p.name.toLowerCase();
  const v = p.value;
  switch (name) {
    case 'branch':
      if (v === undefined || v.charCodeAt(0) === 0x22) fail('Via branch must be a token');
      via.branch = v;
      break;
    case 'received': {
      const ip = v !== undefined && v.charCodeAt(0) === 0x5b ? v.slice(1, -1) : v;
      if (ip === undefined || !(isIPv4(ip) || isIPv6Address(ip))) fail('Via received must be an IP address');
      via.received = v;
      break;
    }
    case 'rport':
      via.hasRport = true;
      if (v !== undefined) {
        const n = parseDigits(v, 65535);
        if (n < 0) fail('invalid Via rport');
        via.rport = n;
      }
      break;
    case 'ttl': {
      const n = v === undefined ? -1 : parseDigits(v, 255);
      if (n < 0) fail('invalid Via ttl');
      via.ttl = n;
      break;
    }
    case 'maddr':
      if (v === undefined || hostType(v) === undefined) fail('invalid Via maddr');
      via.maddr = v;
      break;
    default:
      break;
  }
}

export function parseVia(s: string): Result<ViaHeader> {
  return attempt(() => readVia(s));
}

/** True for an RFC 3261 branch: the magic cookie followed by at least one char (§8.1.1.7, RFC 4475 §3.2.1). */
export function isRfc3261Branch(branch: string | undefined): boolean {
  return branch !== undefined && branch.length > BRANCH_MAGIC_COOKIE.length && branch.startsWith(BRANCH_MAGIC_COOKIE);
}

export function formatVia(v: Pick<ViaHeader, 'protocol' | 'version' | 'transport' | 'host' | 'port' | 'params'>): string {
  return `${v.protocol}/${v.version}/${v.transport} ${formatHostPort(v.host, v.port)}${formatParams(v.params)}`;
}
