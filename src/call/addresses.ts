// Call addresses as Twilio's API writes them: E.164 numbers, `sip:` URIs and `client:` identities,
// and the normalisation of what arrives in a SIP Request-URI or From header.

import { E164_RE } from '../store/index.ts';

export type CallAddress =
  | { kind: 'number'; value: string }
  | { kind: 'sip'; value: string }
  | { kind: 'client'; value: string; identity: string };

const CLIENT_RE = /^client:([A-Za-z0-9_.@-]{1,121})$/;
const SIP_RE = /^sips?:[^\s<>"]+$/i;

/** Parses a `To`/`From` parameter or `<Dial>` noun; undefined when it is none of the three kinds. */
export function parseAddress(raw: string): CallAddress | undefined {
  const s = raw.trim();
  if (SIP_RE.test(s)) return { kind: 'sip', value: s };
  const client = CLIENT_RE.exec(s);
  if (client?.[1]) return { kind: 'client', value: s, identity: client[1] };
  const number = normalizeNumber(s);
  return number ? { kind: 'number', value: number } : undefined;
}

/**
 * A phone number in E.164, from what people and carriers write: `+1 (555) 123-4567`, `15551234567`,
 * `tel:+1555…`. Digits without a plus are taken as already including the country code.
 */
export function normalizeNumber(raw: string): string | undefined {
  const s = raw.trim().replace(/^tel:/i, '').replace(/[\s().-]/g, '');
  const candidate = s.startsWith('+') ? s : /^\d+$/.test(s) ? `+${s}` : s;
  return E164_RE.test(candidate) ? candidate : undefined;
}

/** What an inbound call's `From` becomes: E.164 when the user part is a number, else the SIP URI. */
export function fromSipUser(user: string | undefined, host: string): string {
  const number = user ? normalizeNumber(user) : undefined;
  if (number) return number;
  return user ? `sip:${user}@${host}` : `sip:${host}`;
}
