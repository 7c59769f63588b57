import { timingSafeEqual } from 'node:crypto';
import { SwitchboardError, isSid } from '../core/index.ts';
import { secretMatches, type AccountRow, type Store } from '../store/index.ts';

/** Who is calling: the account the credentials belong to, and whether they were an API key. */
export interface Principal {
  account: AccountRow;
  keySid: string | null;
}

function authError(message: string): SwitchboardError {
  return new SwitchboardError(20003, `Authentication Error - ${message}`);
}

function equalStrings(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** HTTP Basic with AccountSid:AuthToken, or KeySid:Secret (the SDK's `accountSid` option picks the path account). */
export async function authenticate(store: Store, header: string | undefined): Promise<Principal> {
  if (!header || !/^Basic /i.test(header)) throw authError('No credentials provided');
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw authError('invalid username');
  const user = decoded.slice(0, colon);
  const pass = decoded.slice(colon + 1);
  let principal: Principal | undefined;
  if (isSid(user, 'AC')) {
    const account = await store.accounts.get({ sid: user });
    if (account && equalStrings(pass, account.auth_token)) principal = { account, keySid: null };
  } else if (isSid(user, 'SK')) {
    const key = await store.keys.get({ sid: user });
    if (key && secretMatches(pass, key.secret_hash)) {
      const account = await store.accounts.get({ sid: key.account_sid });
      if (account) principal = { account, keySid: key.sid };
    }
  }
  if (!principal) throw authError('invalid username');
  if (principal.account.status !== 'active') {
    throw new SwitchboardError(20005, `Account ${principal.account.sid} is ${principal.account.status}`);
  }
  return principal;
}

/**
 * The account a path names, if these credentials may act on it: their own account, or one of its
 * subaccounts. Anything else is 20404, as if it did not exist (no 403 that confirms existence).
 */
export async function accountInScope(store: Store, principal: Principal, accountSid: string, path: string): Promise<AccountRow> {
  if (accountSid === principal.account.sid) return principal.account;
  const sub = isSid(accountSid, 'AC') ? await store.accounts.get({ sid: accountSid, owner_account_sid: principal.account.sid }) : undefined;
  if (!sub) throw notFound(path);
  return sub;
}

export function notFound(path: string): SwitchboardError {
  return new SwitchboardError(20404, `The requested resource ${path} was not found`);
}

/** Accounts and Keys are managed with the account's own credentials or a main key only (Twilio's standard-key rule). */
export function requireAccountCredentials(principal: Principal): void {
  if (principal.keySid) throw new SwitchboardError(20403, 'API keys cannot manage Accounts or Keys; use the AccountSid and AuthToken');
}
