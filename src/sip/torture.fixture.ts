// Test-only helpers: the RFC 4475 torture corpus under test/data/sip-torture/
// (provenance in its README.md). Not exported from index.ts.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SipMessage } from './message.ts';

export const TORTURE_DIR = fileURLToPath(new URL('../../test/data/sip-torture/', import.meta.url));

/** Names without the .sip extension, sorted. */
export function tortureNames(): string[] {
  return readdirSync(TORTURE_DIR)
    .filter((f) => f.endsWith('.sip'))
    .map((f) => f.slice(0, -4))
    .sort();
}

export function loadTorture(name: string): Buffer {
  return readFileSync(`${TORTURE_DIR}${name}.sip`);
}

/**
 * How a strict datagram parse must end for each corpus message ("accept": a
 * message, possibly rejected later by classifyRequest or dropped as a stray
 * response; "reject": a SipParseError). See test/data/sip-torture/README.md.
 */
export const TORTURE_OUTCOME: Readonly<Record<string, 'accept' | 'reject'>> = {
  // RFC 4475 §3.1.1 valid messages
  wsinv: 'accept', intmeth: 'accept', esc01: 'accept', escnull: 'accept', esc02: 'accept', lwsdisp: 'accept',
  longreq: 'accept', dblreq: 'accept', semiuri: 'accept', transports: 'accept', mpart01: 'accept',
  unreason: 'accept', noreason: 'accept',
  // §3.1.2 invalid messages
  badinv01: 'reject', clerr: 'reject', ncl: 'reject', scalar02: 'reject', scalarlg: 'reject', quotbal: 'reject',
  ltgtruri: 'reject', lwsruri: 'reject', lwsstart: 'reject', trws: 'reject', escruri: 'reject', baddate: 'reject',
  regbadct: 'reject', badaspec: 'reject', baddn: 'reject', badvers: 'reject', mismatch01: 'reject',
  mismatch02: 'reject', bigcode: 'reject',
  // §3.2 transaction layer
  badbranch: 'accept',
  // §3.3 application layer
  insuf: 'reject', unkscm: 'accept', novelsc: 'accept', unksm2: 'accept', bext01: 'accept', invut: 'accept',
  regaut01: 'accept', multi01: 'reject', mcl01: 'reject', bcast: 'accept', zeromf: 'accept', cparam01: 'accept',
  cparam02: 'accept', regescrt: 'accept', sdp01: 'accept',
  // §3.4 backward compatibility
  inv2543: 'accept',
  // in the archive, not described by the RFC text
  test: 'reject',
};

export function tortureNamesWith(outcome: 'accept' | 'reject'): string[] {
  return Object.keys(TORTURE_OUTCOME)
    .filter((n) => TORTURE_OUTCOME[n] === outcome)
    .sort();
}

/** The parts of a message that carry meaning (Content-Length is recomputed on output). */
export function semantic(m: SipMessage): unknown {
  const headers = m.headers.filter((h) => h.name !== 'Content-Length').map((h) => [h.name, h.value]);
  const start = m.type === 'request' ? [m.method, m.uri, m.version] : [m.status, m.reason, m.version];
  return { type: m.type, start, headers, body: m.body.toString('base64') };
}
