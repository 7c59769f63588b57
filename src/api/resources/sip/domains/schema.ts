import type { ParamSpec } from '../../../params.ts';

/** Settings of a SIP domain, on create and update. `Secure` and `EmergencyCallingEnabled` may only be false. */
const settings: readonly ParamSpec[] = [
  { name: 'FriendlyName', type: 'string', max: 64 },
  { name: 'VoiceUrl', type: 'url' },
  { name: 'VoiceMethod', type: 'method' },
  { name: 'VoiceFallbackUrl', type: 'url' },
  { name: 'VoiceFallbackMethod', type: 'method' },
  { name: 'VoiceStatusCallbackUrl', type: 'url' },
  { name: 'VoiceStatusCallbackMethod', type: 'method' },
  { name: 'SipRegistration', type: 'boolean' },
  { name: 'Secure', type: 'boolean' },
  { name: 'EmergencyCallingEnabled', type: 'boolean' },
];

export const createDomainParams: readonly ParamSpec[] = [{ name: 'DomainName', type: 'string', required: true }, ...settings];

export const updateDomainParams: readonly ParamSpec[] = [{ name: 'DomainName', type: 'string' }, ...settings];
