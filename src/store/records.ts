import { createHash, timingSafeEqual } from 'node:crypto';
import { newSecret, newSid } from '../core/index.ts';
import type { AccountRow, IncomingNumberRow, KeyRow } from './tables.ts';

// Row builders shared by the REST API, the CLI and first-start bootstrap, so every way of making
// an account, key or number fills the same defaults.

export function newAccountRow(input: { friendlyName?: string; ownerAccountSid?: string | null; sid?: string; authToken?: string; now: number }): AccountRow {
  const sid = input.sid || newSid('AC');
  return {
    sid,
    owner_account_sid: input.ownerAccountSid ?? null,
    friendly_name: input.friendlyName || `SubAccount Created at ${new Date(input.now).toISOString().slice(0, 16).replace('T', ' ')}`,
    status: 'active',
    type: 'Full',
    auth_token: input.authToken || newSecret(),
    date_created: input.now,
    date_updated: input.now,
  };
}

/**
 * Key secrets are 128 random bits, so a plain SHA-256 is enough to keep them from being readable
 * in the store (slow hashes are for low-entropy passwords) and keeps authentication cheap.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newKeyRow(input: { accountSid: string; friendlyName?: string; now: number }): { row: KeyRow; secret: string } {
  const secret = newSecret();
  const row: KeyRow = {
    sid: newSid('SK'),
    account_sid: input.accountSid,
    friendly_name: input.friendlyName ?? '',
    secret_hash: hashSecret(secret),
    date_created: input.now,
    date_updated: input.now,
  };
  return { row, secret };
}

export function newNumberRow(input: { accountSid: string; phoneNumber: string; now: number } & Partial<IncomingNumberRow>): IncomingNumberRow {
  const { accountSid, phoneNumber, now, ...rest } = input;
  return {
    sid: newSid('PN'),
    account_sid: accountSid,
    phone_number: phoneNumber,
    friendly_name: formatNumber(phoneNumber),
    voice_url: null,
    voice_method: 'POST',
    voice_fallback_url: null,
    voice_fallback_method: 'POST',
    status_callback: null,
    status_callback_method: 'POST',
    voice_application_sid: null,
    voice_caller_id_lookup: 0,
    voice_receive_mode: 'voice',
    trunk_sid: null,
    sms_url: null,
    sms_method: 'POST',
    sms_fallback_url: null,
    sms_fallback_method: 'POST',
    sms_application_sid: null,
    date_created: now,
    date_updated: now,
    ...rest,
  };
}

/** `+15551230000` → `(555) 123-0000` for NANP numbers, as Twilio formats friendly names; others unchanged. */
export function formatNumber(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

export const E164_RE = /^\+[1-9]\d{7,14}$/;
