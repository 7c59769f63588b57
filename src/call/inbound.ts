// Where an admitted INVITE goes: the number (Request-URI user, as E.164) or, for a caller on a SIP
// domain, a number of the domain's own account or else the domain's voice URL. The app config
// (voice URL, fallback, status callback) comes from the number, its application, or the domain.

import type { ApplicationRow, IncomingNumberRow, SipDomainRow, Store } from '../store/index.ts';
import { fromSipUser, normalizeNumber } from './addresses.ts';
import type { WebhookTarget } from './webhook-target.ts';

/** Who the SIP edge admitted: a configured trunk's address, or an endpoint of a SIP domain. */
export type InboundSource = { kind: 'trunk'; trunk: string } | { kind: 'domain'; domain: SipDomainRow; username?: string };

export interface InboundRoute {
  accountSid: string;
  to: string;
  from: string;
  phoneNumberSid: string | null;
  voice: WebhookTarget;
  fallback?: WebhookTarget;
  statusCallback?: WebhookTarget;
  applicationSid?: string;
}

const method = (m: string): 'GET' | 'POST' => (m.toUpperCase() === 'GET' ? 'GET' : 'POST');

function fromNumber(n: IncomingNumberRow, app: ApplicationRow | undefined): Omit<InboundRoute, 'to' | 'from'> | undefined {
  const c = app ?? n;
  if (!c.voice_url) return undefined;
  return {
    accountSid: n.account_sid,
    phoneNumberSid: n.sid,
    voice: { url: c.voice_url, method: method(c.voice_method) },
    ...(c.voice_fallback_url ? { fallback: { url: c.voice_fallback_url, method: method(c.voice_fallback_method) } } : {}),
    ...(c.status_callback ? { statusCallback: { url: c.status_callback, method: method(c.status_callback_method) } } : {}),
    ...(app ? { applicationSid: app.sid } : {}),
  };
}

/** The route, or the SIP status to refuse with (404: nothing configured answers this target). */
export async function routeInbound(
  store: Store,
  source: InboundSource,
  requestUser: string | undefined,
  fromUser: string | undefined,
  fromHost: string,
): Promise<InboundRoute | { refuse: 404 }> {
  const e164 = requestUser ? normalizeNumber(requestUser) : undefined;
  let number = e164 ? await store.numbers.get({ phone_number: e164 }) : undefined;
  // A SIP-domain caller reaches its own account's numbers only.
  if (number && source.kind === 'domain' && number.account_sid !== source.domain.account_sid) number = undefined;
  const from = source.kind === 'domain' ? `sip:${fromUser ?? ''}@${source.domain.domain_name}` : fromSipUser(fromUser, fromHost);
  if (number) {
    const app = number.voice_application_sid ? await store.applications.get({ sid: number.voice_application_sid, account_sid: number.account_sid }) : undefined;
    const r = fromNumber(number, app);
    return r ? { ...r, to: number.phone_number, from } : { refuse: 404 };
  }
  if (source.kind !== 'domain' || !source.domain.voice_url) return { refuse: 404 };
  const d = source.domain;
  return {
    accountSid: d.account_sid,
    to: `sip:${requestUser ?? ''}@${d.domain_name}`,
    from,
    phoneNumberSid: null,
    voice: { url: d.voice_url!, method: method(d.voice_method) },
    ...(d.voice_fallback_url ? { fallback: { url: d.voice_fallback_url, method: method(d.voice_fallback_method) } } : {}),
    ...(d.voice_status_callback_url ? { statusCallback: { url: d.voice_status_callback_url, method: method(d.voice_status_callback_method) } } : {}),
  };
}
