import { randomBytes } from 'node:crypto';

/** SID prefixes in use (twilio-surface §2). A SID is two letters and 32 lowercase hex digits. */
export type SidPrefix = 'AC' | 'SK' | 'AP' | 'PN' | 'CA' | 'RE' | 'NO' | 'SD' | 'CL' | 'CR' | 'QU' | 'CF' | 'UT' | 'RG' | 'MP';

const SID_RE = /^[A-Z]{2}[0-9a-f]{32}$/;

export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}

export function isSid(value: string, prefix?: SidPrefix): boolean {
  return SID_RE.test(value) && (prefix === undefined || value.startsWith(prefix));
}

/** A random secret (auth tokens, key secrets): 32 hex digits like Twilio's. */
export function newSecret(): string {
  return randomBytes(16).toString('hex');
}
