import type { Filter } from '../../scoped.ts';
import type { ParamSpec } from '../../params.ts';
import { voiceParams } from '../voice-params.ts';

const common: readonly ParamSpec[] = [
  ...voiceParams,
  { name: 'VoiceApplicationSid', type: 'sid', prefix: 'AP', code: 21218 },
  { name: 'SmsApplicationSid', type: 'sid', prefix: 'AP', code: 21218 },
  { name: 'VoiceReceiveMode', type: 'enum', values: ['voice', 'fax'] },
  { name: 'TrunkSid', type: 'string', max: 34 },
];

export const createNumberParams: readonly ParamSpec[] = [
  { name: 'PhoneNumber', type: 'e164', required: true, code: 21421 },
  ...common,
];

/** Update also takes AccountSid: move the number to another account the caller controls. */
export const updateNumberParams: readonly ParamSpec[] = [...common, { name: 'AccountSid', type: 'sid', prefix: 'AC' }];

export const numberFilters: readonly Filter[] = [
  { spec: { name: 'PhoneNumber', type: 'e164', code: 21421 }, column: 'phone_number' },
  { spec: { name: 'FriendlyName', type: 'string', max: 64 }, column: 'friendly_name' },
  // Beta=true means "include beta numbers too" (Twilio's default), and none of ours is beta: either value lists all.
  { spec: { name: 'Beta', type: 'boolean' } },
  { spec: { name: 'Origin', type: 'enum', values: ['twilio', 'hosted'] }, constant: 'hosted' },
];
