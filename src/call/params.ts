// The parameters every webhook of a call carries (twilio-surface.md §3.2), built from its row.

import type { CallRow } from '../store/index.ts';

export const API_VERSION = '2010-04-01';

/** Extra per-leg facts that are not columns of the call row. */
export interface LegFacts {
  /** SIP details of an inbound call (SipCallId, SipSourceIp, SipDomain …). */
  sip?: Record<string, string>;
  applicationSid?: string;
}

export function callParams(row: CallRow, facts: LegFacts = {}): Record<string, string> {
  const p: Record<string, string> = {
    AccountSid: row.account_sid,
    ApiVersion: API_VERSION,
    CallSid: row.sid,
    CallStatus: row.status,
    Called: row.to_address,
    Caller: row.from_address,
    Direction: row.direction,
    From: row.from_address,
    To: row.to_address,
  };
  if (row.parent_call_sid) p.ParentCallSid = row.parent_call_sid;
  if (row.forwarded_from) p.ForwardedFrom = row.forwarded_from;
  if (row.caller_name) p.CallerName = row.caller_name;
  if (facts.applicationSid) p.ApplicationSid = facts.applicationSid;
  return { ...p, ...facts.sip };
}
