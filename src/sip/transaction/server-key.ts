// The matching key a server transaction is filed under (§17.2.3, keys.ts).

import { getTo, getTopVia } from '../accessors.ts';
import type { SipRequest } from '../message.ts';
import { isRfc3261Branch } from '../via.ts';
import { rfc2543Key, serverKey } from './keys.ts';

export interface ServerIdentity {
  key: string;
  branch: string;
  /** True when the top Via branch lacks the magic cookie and §17.2.3's RFC 2543 rules apply. */
  rfc2543: boolean;
}

export function serverIdentity(request: SipRequest): ServerIdentity {
  const via = getTopVia(request);
  if (via === undefined) throw new TypeError('request has no Via header field');
  const branch = via.branch ?? '';
  if (isRfc3261Branch(via.branch)) return { key: serverKey(branch, via, request.method), branch, rfc2543: false };
  return { key: rfc2543Key(request, via, request.method, getTo(request).tag ?? ''), branch, rfc2543: true };
}
