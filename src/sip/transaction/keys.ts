// Transaction matching keys, so every lookup is one Map.get:
//   client transactions, §17.1.3: top Via branch + CSeq method;
//   server transactions, §17.2.3: top Via branch + sent-by + method (ACK counts as INVITE);
//   RFC 2543 requests (no "z9hG4bK" branch), §17.2.3 last paragraphs: Request-URI,
//   To tag, From tag, Call-ID, CSeq and top Via. An ACK carries the tag of the
//   response instead of the INVITE's, so the layer looks it up under the INVITE's
//   possible To tags (none, or the ACK's for a re-INVITE) and then compares the tag
//   of the response the transaction sent.
// A space never occurs in a branch token, and a 2543 key starts with "\n", so the
// two server key forms can share one map without colliding.

import { getCSeq, getCallId, getFrom } from '../accessors.ts';
import type { SipRequest } from '../message.ts';
import type { ViaHeader } from '../via.ts';

/** §17.1.3: a response matches the client transaction whose key it yields; ACK belongs to the INVITE. */
export function clientKey(branch: string, method: string): string {
  return `${branch} ${method === 'ACK' ? 'INVITE' : method}`;
}

/** sent-by of a Via (§20.42): host case-insensitively, port as written (absent ≠ 5060). */
function sentBy(via: ViaHeader): string {
  return via.port === undefined ? via.host.toLowerCase() : `${via.host.toLowerCase()}:${via.port}`;
}

/** §17.2.3 for an RFC 3261 branch. `method` is the method to match (ACK is mapped to INVITE). */
export function serverKey(branch: string, via: ViaHeader, method: string): string {
  return `${branch} ${sentBy(via)} ${method === 'ACK' ? 'INVITE' : method}`;
}

/**
 * §17.2.3 RFC 2543 fallback. `method` is the method to match: the request's own,
 * INVITE for an ACK, INVITE for a CANCEL's target (§9.2); `toTag` the To tag the
 * matching transaction's request carries ('' for none).
 */
export function rfc2543Key(request: SipRequest, via: ViaHeader, method: string, toTag: string): string {
  const fromTag = getFrom(request).tag ?? '';
  const topVia = `${via.transport} ${sentBy(via)} ${via.branch ?? ''}`;
  const m = method === 'ACK' ? 'INVITE' : method;
  return `\n${request.uri}\n${getCallId(request)}\n${getCSeq(request).seq}\n${m}\n${fromTag}\n${toTag}\n${topVia}`;
}
