import type { ParamSpec } from '../../params.ts';
import { voiceParams } from '../voice-params.ts';

export const applicationParams: readonly ParamSpec[] = [
  ...voiceParams,
  { name: 'SmsStatusCallback', type: 'url' },
  { name: 'MessageStatusCallback', type: 'url' },
  { name: 'PublicApplicationConnectEnabled', type: 'boolean' },
];

export const applicationFilters = [{ spec: { name: 'FriendlyName', type: 'string', max: 64 }, column: 'friendly_name' }] as const;
