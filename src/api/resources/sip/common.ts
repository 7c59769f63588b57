import { SwitchboardError, isSid, type ErrorCode } from '../../../core/index.ts';
import type { AccountRow, CredentialListRow, SipDomainRow, Store } from '../../../store/index.ts';
import { notFound } from '../../auth.ts';
import { accountPath } from '../../scoped.ts';

// Shared by the SIP resources (twilio-surface §2.10): their paths, error codes and parent lookups.

/** Codes for SIP validation failures, Twilio's: the message names the parameter. */
export const DOMAIN_INVALID: ErrorCode = 21231;
export const CREDENTIAL_LIST_INVALID: ErrorCode = 21240;
export const CREDENTIAL_INVALID: ErrorCode = 21243;

export const sipPath = (accountSid: string): string => `${accountPath(accountSid)}/SIP`;
export const domainPath = (accountSid: string, domainSid: string): string => `${sipPath(accountSid)}/Domains/${domainSid}`;
export const listPath = (accountSid: string, listSid: string): string => `${sipPath(accountSid)}/CredentialLists/${listSid}`;

/** The account's domain named by the path, else 20404. */
export async function domainOf(store: Store, account: AccountRow, sid: string | undefined, path: string): Promise<SipDomainRow> {
  const row = sid && isSid(sid, 'SD') ? await store.sipDomains.get({ sid, account_sid: account.sid }) : undefined;
  if (!row) throw notFound(path);
  return row;
}

/** The account's credential list with this SID, else 20404 (another account's list does not exist for this one). */
export async function credentialListOf(store: Store, account: AccountRow, sid: string | undefined, path: string): Promise<CredentialListRow> {
  const row = sid && isSid(sid, 'CL') ? await store.credentialLists.get({ sid, account_sid: account.sid }) : undefined;
  if (!row) throw notFound(path);
  return row;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A SIP domain name: a DNS name of at most 255 characters with at least two labels of letters,
 * digits and inner hyphens (Twilio also requires the `.sip.twilio.com` suffix; we take any name
 * the operator points at us). Stored lower-cased, as the SIP edge compares it.
 */
export function domainName(raw: string): string {
  const name = raw.toLowerCase();
  const labels = name.split('.');
  if (name.length > 255 || labels.length < 2 || !labels.every((l) => LABEL.test(l))) {
    throw new SwitchboardError(
      DOMAIN_INVALID,
      `Invalid DomainName: "${raw.slice(0, 300)}" is not a DNS name of two or more labels (letters, digits and inner hyphens, each at most 63 characters)`,
    );
  }
  return name;
}

/** Twilio's rule for SIP credential passwords: 12 or more characters, a digit, an upper- and a lower-case letter. */
export function checkPassword(password: string): void {
  if (password.length < 12 || !/\d/.test(password) || !/[A-Z]/.test(password) || !/[a-z]/.test(password)) {
    throw new SwitchboardError(
      CREDENTIAL_INVALID,
      'Invalid Password: it must have at least 12 characters, including a digit, an upper-case and a lower-case letter',
    );
  }
}

/** Digest usernames travel as quoted strings: no white space, control characters, quotes or backslashes. */
export function checkUsername(username: string): void {
  if (username === '' || /[\s"\\\p{Cc}]/u.test(username)) {
    throw new SwitchboardError(CREDENTIAL_INVALID, 'Invalid Username: 1 to 32 characters without spaces, control characters, quotes or backslashes');
  }
}
