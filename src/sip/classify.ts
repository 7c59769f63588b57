// Policy checks on a well-formed request, in the order of RFC 3261 §8.2 (UAS) or
// §16.3 (proxy): method (501/405), Request-URI scheme (416), extensions (420),
// hops (483), content (415) and acceptable response types (406). The parser
// accepts these messages; this returns the response the server core should send.

import { getContentType, getMaxForwards, getRequestUri } from './accessors.ts';
import { trimWs } from './chars.ts';
import { SipParseError } from './errors.ts';
import { getHeaders } from './message.ts';
import type { HeaderInit, SipRequest } from './message.ts';
import { findParam } from './params.ts';
import { reasonPhrase } from './response.ts';
import { readMediaType } from './values.ts';

export interface RequestPolicy {
  /** 'uas' (default) follows §8.2; 'proxy' follows §16.3. */
  role?: 'uas' | 'proxy';
  /** Methods this element implements; others get 501 (default: the RFC 3261 set plus common extensions). */
  knownMethods?: readonly string[];
  /** Methods accepted here; known but not allowed get 405 (default: knownMethods). */
  allowedMethods?: readonly string[];
  /** Request-URI schemes served (default sip, sips, tel); others get 416. */
  supportedSchemes?: readonly string[];
  /** Option tags understood (Require / Proxy-Require); others get 420. */
  supportedExtensions?: readonly string[];
  /** Body types understood (default application/sdp); others get 415. */
  acceptedContentTypes?: readonly string[];
  /** Content codings understood (default identity only); others get 415. */
  acceptedEncodings?: readonly string[];
  /** Types this element would put in a response body to INVITE (default application/sdp); checked against Accept for 406. */
  responseContentTypes?: readonly string[];
}

export interface Rejection {
  status: number;
  reason: string;
  /** Extra headers the response must carry (Allow, Unsupported, Accept …). */
  headers: HeaderInit[];
}

export const DEFAULT_METHODS: readonly string[] = [
  'ACK', 'BYE', 'CANCEL', 'INFO', 'INVITE', 'MESSAGE', 'NOTIFY', 'OPTIONS', 'PRACK', 'PUBLISH', 'REFER',
  'REGISTER', 'SUBSCRIBE', 'UPDATE',
];

function reject(status: number, headers: HeaderInit[] = []): Rejection {
  return { status, reason: reasonPhrase(status), headers };
}

function optionTags(req: SipRequest, name: string): string[] {
  return getHeaders(req, name)
    .map(trimWs)
    .filter((t) => t.length > 0);
}

function unsupported(tags: string[], supported: readonly string[]): string[] {
  const known = new Set(supported.map((t) => t.toLowerCase()));
  return tags.filter((t) => !known.has(t.toLowerCase()));
}

/** True when `type/subtype` is acceptable under the Accept values (RFC 3261 §20.1; q=0 excludes). */
export function isAcceptable(mediaType: string, acceptValues: readonly string[]): boolean {
  const want = readMediaType(mediaType, 'media type');
  for (const value of acceptValues) {
    if (trimWs(value).length === 0) continue;
    const range = readMediaType(value, 'Accept');
    const q = findParam(range.params, 'q');
    if (q?.value !== undefined && Number(q.value) === 0) continue;
    const typeOk = range.type === '*' || range.type === want.type;
    const subOk = range.subtype === '*' || range.subtype === want.subtype;
    if (typeOk && subOk) return true;
  }
  return false;
}

function contentRejection(req: SipRequest, policy: RequestPolicy): Rejection | undefined {
  if (req.body.length === 0) return undefined;
  const accepted = policy.acceptedContentTypes ?? ['application/sdp'];
  const ct = getContentType(req);
  const type = ct === undefined ? '' : `${ct.type}/${ct.subtype}`;
  if (!accepted.some((a) => a.toLowerCase() === type)) {
    return reject(415, [{ name: 'Accept', value: accepted.join(', ') }]);
  }
  const encodings = (policy.acceptedEncodings ?? ['identity']).map((e) => e.toLowerCase());
  for (const enc of getHeaders(req, 'Content-Encoding')) {
    if (!encodings.includes(trimWs(enc).toLowerCase())) {
      return reject(415, [{ name: 'Accept-Encoding', value: encodings.join(', ') }]);
    }
  }
  return undefined;
}

function proxyChecks(req: SipRequest, policy: RequestPolicy): Rejection | undefined {
  // §16.3 step 2: URI scheme check
  const schemes = policy.supportedSchemes ?? ['sip', 'sips', 'tel'];
  if (!schemes.includes(getRequestUri(req).scheme)) return reject(416);
  // §16.3 step 3: Max-Forwards check
  if (getMaxForwards(req) === 0) return reject(483);
  // §16.3 step 5: Proxy-Require check
  const bad = unsupported(optionTags(req, 'Proxy-Require'), policy.supportedExtensions ?? []);
  if (bad.length > 0) return reject(420, [{ name: 'Unsupported', value: bad.join(', ') }]);
  return undefined;
}

/**
 * What the server core should answer before processing `req`, or undefined
 * when the request may be processed. Never throws: a field that only fails to
 * parse here (e.g. a malformed Accept) yields 400.
 */
export function classifyRequest(req: SipRequest, policy: RequestPolicy = {}): Rejection | undefined {
  try {
    return policy.role === 'proxy' ? proxyChecks(req, policy) : uasChecks(req, policy);
  } catch (err) {
    if (err instanceof SipParseError) return reject(400);
    throw err;
  }
}

function uasChecks(req: SipRequest, policy: RequestPolicy): Rejection | undefined {
  const known = policy.knownMethods ?? DEFAULT_METHODS;
  const allowed = policy.allowedMethods ?? known;
  const allow = [{ name: 'Allow', value: allowed.join(', ') }];
  // §8.2.1 method inspection
  if (!known.includes(req.method)) return reject(501, allow);
  if (!allowed.includes(req.method)) return reject(405, allow);
  // §8.2.2.1 Request-URI scheme
  const schemes = policy.supportedSchemes ?? ['sip', 'sips', 'tel'];
  if (!schemes.includes(getRequestUri(req).scheme)) return reject(416);
  // §8.2.2.3 Require (never rejected for ACK or CANCEL)
  if (req.method !== 'ACK' && req.method !== 'CANCEL') {
    const bad = unsupported(optionTags(req, 'Require'), policy.supportedExtensions ?? []);
    if (bad.length > 0) return reject(420, [{ name: 'Unsupported', value: bad.join(', ') }]);
  }
  // §8.2.3 content processing
  const content = contentRejection(req, policy);
  if (content !== undefined) return content;
  // §21.4.7 406: an INVITE whose Accept excludes every type we could answer with
  const accept = getHeaders(req, 'Accept');
  if (req.method === 'INVITE' && accept.length > 0) {
    const offers = policy.responseContentTypes ?? ['application/sdp'];
    if (!offers.some((t) => isAcceptable(t, accept))) return reject(406);
  }
  return undefined;
}
