import type { ParamSpec } from '../../../params.ts';

/** Create and update both take exactly a FriendlyName (required, at most 64 characters). */
export const credentialListParams: readonly ParamSpec[] = [{ name: 'FriendlyName', type: 'string', max: 64, required: true }];
