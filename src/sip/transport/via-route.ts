// Via processing at the transport (pure functions, no I/O):
// - RFC 3261 §18.2.1 + RFC 3581 §4: stamp received/rport on the top Via of a received request;
// - RFC 3261 §18.2.2 + RFC 3581 §4: where a response goes;
// - RFC 3261 §18.1.2: whether a received response's top Via names us.
//
// Not implemented (documented): maddr (§18.2.2 "if the sent-by ... maddr": multicast and
// maddr-directed responses are ignored, the response goes to received/sent-by as if maddr
// were absent) and RFC 3263 §5 DNS procedures for a domain sent-by: the host name is passed
// to the socket as it is, which resolves it with the OS resolver (A/AAAA only, no SRV).

import { viaOf } from '../accessors.ts';
import { sameHeaderName } from '../header-names.ts';
import type { SipHeader, SipMessage, SipResponse } from '../message.ts';
import type { HeaderParam } from '../params.ts';
import type { Remote, TransportName } from '../remote.ts';
import { formatVia } from '../via.ts';
import type { ViaHeader } from '../via.ts';
import { SipTransportError } from './errors.ts';
import { DEFAULT_SIP_PORT } from './types.ts';
import type { LocalAddress } from './types.ts';

/** "[::1]" -> "::1"; other hosts unchanged. */
export function stripBrackets(host: string): string {
  return host.charCodeAt(0) === 0x5b && host.charCodeAt(host.length - 1) === 0x5d ? host.slice(1, -1) : host;
}

/** A socket's peer address as SIP uses it: IPv4-mapped IPv6 ("::ffff:1.2.3.4") becomes IPv4. */
export function normalizeAddress(address: string): string {
  if (address.length > 7 && address.charCodeAt(0) === 0x3a && address.startsWith('::ffff:') && address.indexOf('.') > 0) {
    return address.slice(7);
  }
  return address;
}

/** Host comparison: brackets ignored, case-insensitive (domain names, IPv6 hex). */
export function sameHost(a: string, b: string): boolean {
  const x = stripBrackets(a);
  const y = stripBrackets(b);
  return x === y || (x.length === y.length && x.toLowerCase() === y.toLowerCase());
}

/** The Via transport token as a Remote transport, or undefined for TLS, SCTP, WS … (not implemented). */
export function viaTransport(token: string): TransportName | undefined {
  if (token === 'UDP') return 'udp';
  if (token === 'TCP') return 'tcp';
  return undefined;
}

function topViaEntry(msg: SipMessage): SipHeader | undefined {
  for (const h of msg.headers) if (h.name === 'Via' || sameHeaderName(h.name, 'Via')) return h;
  return undefined;
}

/** The parsed top Via, or undefined when absent or unreadable (never throws). */
export function readTopVia(msg: SipMessage): ViaHeader | undefined {
  const h = topViaEntry(msg);
  if (h === undefined) return undefined;
  try {
    return viaOf(h);
  } catch {
    return undefined;
  }
}

/**
 * RFC 3261 §18.2.1 and RFC 3581 §4, on a request just received from `source`: when the top
 * Via's sent-by host differs from the source address, add received=<source address>; when it
 * has rport without a value, set rport=<source port> and add received even if the host
 * matches. An existing received is replaced. Returns true when the Via was rewritten.
 * Also used on the transport's own error responses, so they carry what the request should have.
 */
export function stampVia(msg: SipMessage, source: Remote): boolean {
  const entry = topViaEntry(msg);
  if (entry === undefined) return false;
  let via: ViaHeader;
  try {
    via = viaOf(entry);
  } catch {
    return false;
  }
  const fillRport = via.hasRport && via.rport === undefined;
  // a received the sender wrote itself is replaced when it is not the real source
  const needReceived =
    via.hasRport || !sameHost(via.host, source.address) || (via.received !== undefined && !sameHost(via.received, source.address));
  if (!fillRport && (!needReceived || (via.received !== undefined && sameHost(via.received, source.address)))) {
    return false;
  }
  const params: HeaderParam[] = [];
  let hasReceived = false;
  for (const p of via.params) {
    const name = p.name.toLowerCase();
    if (name === 'rport' && fillRport) {
      params.push({ name: p.name, value: String(source.port) });
    } else if (name === 'received') {
      if (needReceived && !hasReceived) params.push({ name: p.name, value: source.address });
      hasReceived = true;
    } else {
      params.push(p);
    }
  }
  // via-received = "received" EQUAL (IPv4address / IPv6address): IPv6 without brackets
  if (needReceived && !hasReceived) params.push({ name: 'received', value: source.address });
  entry.value = formatVia({ ...via, params });
  return true;
}

/**
 * RFC 3261 §18.2.2 (with RFC 3581 §4): where a response goes. `source` is the Remote the
 * request came from (what the transport gave onMessage); the response leaves on that transport.
 * - TCP source: that connection (§18.2.2 "using the existing connection"); the TCP transport
 *   re-routes to received/sent-by itself if the connection has closed by then;
 * - UDP (a UDP source, or no source and a UDP top Via): address = received, else the sent-by
 *   host; port = rport, else the sent-by port, else 5060. maddr is ignored (see the header).
 * Without a readable top Via, `source` itself is returned; with no source either (or no source
 * and a Via transport we lack), this throws SipTransportError ERR_SIP_TRANSPORT_NO_ROUTE.
 */
export function responseTarget(response: SipResponse, source?: Remote): Remote {
  if (source !== undefined && source.transport === 'tcp') return source;
  const via = readTopVia(response);
  const transport = source !== undefined ? source.transport : via === undefined ? undefined : viaTransport(via.transport);
  if (via === undefined || transport === undefined) {
    if (source !== undefined) return source;
    throw new SipTransportError(
      'ERR_SIP_TRANSPORT_NO_ROUTE',
      via === undefined ? 'response has no readable top Via' : `Via transport ${via.transport} is not supported`,
    );
  }
  return viaRoute(via, transport, source);
}

/** responseTarget without the throw: the error is returned, for send paths that report it. */
export function routeResponse(response: SipResponse, source: Remote | undefined): Remote | SipTransportError {
  try {
    return responseTarget(response, source);
  } catch (err) {
    return err instanceof SipTransportError ? err : new SipTransportError('ERR_SIP_TRANSPORT_NO_ROUTE', String(err));
  }
}

/** Reported as the target when a response could not be routed at all. */
export const NOWHERE: Remote = Object.freeze({ transport: 'udp', address: '', port: 0 });

/** The §18.2.2 destination from a Via alone (no connection reuse). */
export function viaRoute(via: ViaHeader, transport: TransportName, source?: Remote): Remote {
  const address = normalizeAddress(stripBrackets(via.received ?? via.host));
  let port = via.port ?? DEFAULT_SIP_PORT;
  if (transport === 'udp' && via.hasRport) {
    // rport=<n> as stamped on receipt; a bare rport (stamping skipped) means "the source port"
    if (via.rport !== undefined) port = via.rport;
    else if (source !== undefined && source.transport === 'udp') port = source.port;
  }
  return { transport, address, port };
}

interface SentByEntry {
  host: string;
  port: number | undefined;
}

/** RFC 3261 §18.1.2: does a response's top Via name a sent-by this element inserts? */
export class SentByMatcher {
  readonly #entries: SentByEntry[] | undefined;
  readonly #any: boolean;
  #local: LocalAddress = { address: '', port: 0 };

  constructor(sentBy: readonly string[] | 'any' | undefined) {
    this.#any = sentBy === 'any';
    this.#entries = sentBy === undefined || sentBy === 'any' ? undefined : sentBy.map(parseSentBy);
  }

  /** Called once the socket is bound. */
  setLocal(local: LocalAddress): void {
    this.#local = local;
  }

  matches(via: ViaHeader): boolean {
    if (this.#any) return true;
    const viaPort = via.port ?? DEFAULT_SIP_PORT;
    const entries = this.#entries;
    if (entries === undefined) {
      if (viaPort !== this.#local.port) return false;
      const bound = this.#local.address;
      return bound === '0.0.0.0' || bound === '::' || sameHost(via.host, bound);
    }
    for (const e of entries) {
      if ((e.port ?? this.#local.port) === viaPort && sameHost(e.host, via.host)) return true;
    }
    return false;
  }
}

function parseSentBy(value: string): SentByEntry {
  const close = value.lastIndexOf(']');
  const colon = value.lastIndexOf(':');
  // "host", "host:port", "[v6]", "[v6]:port"; a bare IPv6 address has several colons
  if (colon > close && (close >= 0 || value.indexOf(':') === colon)) {
    return { host: value.slice(0, colon), port: Number(value.slice(colon + 1)) };
  }
  return { host: value, port: undefined };
}
