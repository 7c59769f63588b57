import type { ParamSpec, Params } from '../params.ts';
import { bool01, str, url } from '../params.ts';

/** Voice/SMS URL settings shared by Applications and IncomingPhoneNumbers (twilio-surface §2.3–2.4). */
export const voiceParams: readonly ParamSpec[] = [
  { name: 'FriendlyName', type: 'string', max: 64 },
  { name: 'ApiVersion', type: 'enum', values: ['2010-04-01', '2008-08-01'] },
  { name: 'VoiceUrl', type: 'url' },
  { name: 'VoiceMethod', type: 'method' },
  { name: 'VoiceFallbackUrl', type: 'url' },
  { name: 'VoiceFallbackMethod', type: 'method' },
  { name: 'StatusCallback', type: 'url' },
  { name: 'StatusCallbackMethod', type: 'method' },
  { name: 'VoiceCallerIdLookup', type: 'boolean' },
  { name: 'SmsUrl', type: 'url' },
  { name: 'SmsMethod', type: 'method' },
  { name: 'SmsFallbackUrl', type: 'url' },
  { name: 'SmsFallbackMethod', type: 'method' },
];

/** Column values from the shared params; absent params stay undefined (left as they are). */
export function voiceColumns(p: Params) {
  return {
    friendly_name: str(p, 'FriendlyName'),
    voice_url: url(p, 'VoiceUrl'),
    voice_method: str(p, 'VoiceMethod'),
    voice_fallback_url: url(p, 'VoiceFallbackUrl'),
    voice_fallback_method: str(p, 'VoiceFallbackMethod'),
    status_callback: url(p, 'StatusCallback'),
    status_callback_method: str(p, 'StatusCallbackMethod'),
    voice_caller_id_lookup: bool01(p, 'VoiceCallerIdLookup'),
    sms_url: url(p, 'SmsUrl'),
    sms_method: str(p, 'SmsMethod'),
    sms_fallback_url: url(p, 'SmsFallbackUrl'),
    sms_fallback_method: str(p, 'SmsFallbackMethod'),
  };
}

/** Drops undefined entries so they do not overwrite defaults. */
export function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
