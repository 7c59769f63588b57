import { newSid, SwitchboardError } from '../../../../core/index.ts';
import type { SipDomainRow } from '../../../../store/index.ts';
import { bool01, str, url, type Params } from '../../../params.ts';
import { defined } from '../../voice-params.ts';
import { DOMAIN_INVALID, domainName } from '../common.ts';
import { sipRoutes } from '../crud.ts';
import { presentDomain } from './presenter.ts';
import { createDomainParams, updateDomainParams } from './schema.ts';

/** Features Switchboard's SIP domains do not have may be asked for only as off. */
function refuseUnsupported(p: Params): void {
  for (const name of ['Secure', 'EmergencyCallingEnabled']) {
    if (p[name] === true) throw new SwitchboardError(DOMAIN_INVALID, `Invalid ${name}: Switchboard SIP domains do not support ${name}=true`);
  }
}

function columns(p: Params) {
  refuseUnsupported(p);
  const name = str(p, 'DomainName');
  return {
    domain_name: name === undefined ? undefined : domainName(name),
    friendly_name: str(p, 'FriendlyName'),
    voice_url: url(p, 'VoiceUrl'),
    voice_method: str(p, 'VoiceMethod'),
    voice_fallback_url: url(p, 'VoiceFallbackUrl'),
    voice_fallback_method: str(p, 'VoiceFallbackMethod'),
    voice_status_callback_url: url(p, 'VoiceStatusCallbackUrl'),
    voice_status_callback_method: str(p, 'VoiceStatusCallbackMethod'),
    sip_registration: bool01(p, 'SipRegistration'),
  };
}

/** SIP domains: `…/SIP/Domains.json`, `…/SIP/Domains/{SD}.json`. A domain name is unique across the platform. */
export const sipDomainRoutes = sipRoutes<SipDomainRow>({
  path: 'SIP/Domains',
  key: 'domains',
  prefix: 'SD',
  table: (store) => store.sipDomains,
  scope: async (_ctx, account) => ({ account_sid: account.sid }),
  present: presentDomain,
  create: {
    params: createDomainParams,
    build(p, scope, ctx) {
      const now = ctx.deps.clock.now();
      return {
        sid: newSid('SD'), account_sid: scope.account_sid as string, domain_name: '', friendly_name: '',
        voice_url: null, voice_method: 'POST', voice_fallback_url: null, voice_fallback_method: 'POST',
        voice_status_callback_url: null, voice_status_callback_method: 'POST', sip_registration: 0,
        date_created: now, date_updated: now,
        ...defined(columns(p)),
      };
    },
  },
  update: { params: updateDomainParams, patch: (p) => defined(columns(p)) },
  cascade: async (row, store) => {
    await store.domainMappings.deleteMany({ domain_sid: row.sid });
  },
  conflict: (ctx) => {
    const name = typeof ctx.body.DomainName === 'string' ? ctx.body.DomainName.toLowerCase() : '';
    return new SwitchboardError(DOMAIN_INVALID, `DomainName ${name} is already in use; SIP domain names are unique across the platform`);
  },
});
