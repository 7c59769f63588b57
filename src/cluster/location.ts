import { newSid } from '../core/index.ts';
import type { Binding, LocationStore, RegistrarDomain } from '../sip/registrar/registrar.ts';
import type { RegistrationRow, Store } from '../store/index.ts';

// The location service and SIP directory over the store, so every node sees the same
// registrations and credentials (issue: "bindings stored in the store so any node can find them").

const toBinding = (r: RegistrationRow): Binding => ({
  contact: r.contact_uri, expiresAt: r.expires_at, callId: r.call_id, cseq: r.cseq, q: r.q, source: r.source, userAgent: r.user_agent,
});

export function storeLocation(store: Store, clock: { now(): number }): LocationStore {
  return {
    async list(aor, now) {
      const { rows } = await store.registrations.list({ where: { aor }, ranges: [{ column: 'expires_at', op: '>', value: now }], pageSize: 100 });
      return rows.map(toBinding).sort((a, b) => b.q - a.q);
    },
    async save(accountSid, aor, b) {
      const patch = {
        expires_at: b.expiresAt, call_id: b.callId, cseq: b.cseq, q: b.q, source: b.source, user_agent: b.userAgent, date_updated: clock.now(),
      };
      const updated = await store.registrations.update({ aor, contact_uri: b.contact }, patch);
      if (!updated) {
        await store.registrations.insert({ sid: newSid('RG'), account_sid: accountSid, aor, contact_uri: b.contact, date_created: clock.now(), ...patch });
      }
    },
    async remove(aor, contact) {
      await store.registrations.deleteMany(contact === undefined ? { aor } : { aor, contact_uri: contact });
    },
  };
}

/**
 * SIP domains and their credential lists: resolves a domain name to the account that owns it and a
 * password lookup over the credential lists mapped to the domain for `kind`.
 */
export function storeSipDirectory(store: Store) {
  return {
    async resolveDomain(domainName: string, kind: 'registrations' | 'calls'): Promise<RegistrarDomain | undefined> {
      const domain = await store.sipDomains.get({ domain_name: domainName });
      if (!domain || (kind === 'registrations' && domain.sip_registration !== 1)) return undefined;
      return {
        accountSid: domain.account_sid,
        lookup: async (username: string) => {
          const { rows: maps } = await store.domainMappings.list({ where: { domain_sid: domain.sid, kind }, pageSize: 100 });
          for (const m of maps) {
            const cred = await store.credentials.get({ credential_list_sid: m.credential_list_sid, username });
            if (cred) return { password: cred.password };
          }
          return undefined;
        },
      };
    },
  };
}

/** Removes lapsed bindings; run periodically by the composition root. Returns how many. */
export async function purgeExpiredRegistrations(store: Store, now: number): Promise<number> {
  return store.registrations.deleteMany({}, [{ column: 'expires_at', op: '<=', value: now }]);
}
