// Requests derived from an INVITE: the ACK for a non-2xx final (§17.1.1.3), built
// inside the INVITE client transaction, and CANCEL (§9.1), built by the TU.

import { getCSeq } from '../accessors.ts';
import { sameHeaderName } from '../header-names.ts';
import { RequestMessage, SIP_VERSION, header } from '../message.ts';
import type { SipHeader, SipMessage, SipRequest, SipResponse } from '../message.ts';

function first(msg: SipMessage, name: string): SipHeader {
  for (const h of msg.headers) if (sameHeaderName(h.name, name)) return h;
  throw new TypeError(`request has no ${name} header field`);
}

/** Top Via, Route set, Max-Forwards, From, To, Call-ID and CSeq with `method`: the shared shape of ACK and CANCEL. */
function derived(invite: SipRequest, method: string, to: string): SipRequest {
  const headers: SipHeader[] = [header('Via', first(invite, 'Via').value)];
  for (const h of invite.headers) if (sameHeaderName(h.name, 'Route')) headers.push(header('Route', h.value));
  headers.push(header('Max-Forwards', '70'));
  headers.push(header('From', first(invite, 'From').value));
  headers.push(header('To', to));
  headers.push(header('Call-ID', first(invite, 'Call-ID').value));
  headers.push(header('CSeq', `${getCSeq(invite).seq} ${method}`));
  return new RequestMessage(method, invite.uri, SIP_VERSION, headers, Buffer.alloc(0));
}

/**
 * ACK for a non-2xx final response (RFC 3261 §17.1.1.3): the INVITE's Request-URI,
 * Call-ID and From, the response's To (with its tag), a single Via equal to the
 * INVITE's top Via (same branch), the INVITE's CSeq number with method ACK, and the
 * INVITE's Route header fields.
 */
export function buildAck(invite: SipRequest, response: SipResponse): SipRequest {
  return derived(invite, 'ACK', first(response, 'To').value);
}

/**
 * CANCEL for a pending INVITE (RFC 3261 §9.1): same Request-URI, Call-ID, To, From
 * and CSeq number, a single Via equal to the INVITE's top Via (so it shares the
 * branch), the INVITE's Route header fields. Send it with TransactionLayer.sendRequest
 * to the INVITE's target, and only after a provisional response arrived (§9.1).
 */
export function buildCancel(invite: SipRequest): SipRequest {
  return derived(invite, 'CANCEL', first(invite, 'To').value);
}
