import type { ParamSpec } from '../../../params.ts';

const password: ParamSpec = { name: 'Password', type: 'string', required: true };

export const createCredentialParams: readonly ParamSpec[] = [
  { name: 'Username', type: 'string', max: 32, required: true },
  password,
];

/** Only the password changes; the username is fixed at creation, as in Twilio. */
export const updateCredentialParams: readonly ParamSpec[] = [{ ...password, required: false }];
