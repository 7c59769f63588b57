// Helpers shared by the offer/answer tests.

import assert from 'node:assert/strict';
import { answer } from './answer.ts';
import type { SdpErrorCode } from './errors.ts';
import type { LocalMedia } from './local.ts';
import type { PreviousExchange } from './negotiate.ts';
import { parseSdp } from './parse.ts';
import { sdp } from './peers.fixture.ts';

export const LOCAL: LocalMedia = { address: '203.0.113.5', port: 40000, codecs: ['PCMU', 'PCMA'], telephoneEvent: true, sessionId: '1000' };

export function answered(offer: string, local: LocalMedia = LOCAL, previous?: PreviousExchange) {
  const r = answer(offer, local, previous);
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  assert.ok(parseSdp(r.sdp).ok, 'our answer parses');
  return r;
}

export function refused(offer: string, code: SdpErrorCode, local: LocalMedia = LOCAL): string {
  const r = answer(offer, local);
  if (r.ok) assert.fail(`expected ${code}, got an answer:\n${r.sdp}`);
  assert.equal(r.error.code, code, r.error.message);
  assert.equal(r.error.name, 'SdpError');
  return r.error.message;
}

export const mLines = (text: string): string[] => text.split('\r\n').filter((l) => l.startsWith('m='));

/** An audio offer from 192.0.2.20:5004 with the given extra lines after the m= line. */
export function offer(mline: string, ...attrs: string[]): string {
  return sdp('v=0', 'o=peer 1 1 IN IP4 192.0.2.20', 's=-', 'c=IN IP4 192.0.2.20', 't=0 0', mline, ...attrs);
}
