// Test helpers for the TwiML parser's tests (not exported from index.ts).

import assert from 'node:assert/strict';
import { errorRegistry } from '../../core/index.ts';
import { registryCode, TwimlError, type TwimlCode } from './errors.ts';
import { parseTwiml } from './parse.ts';
import type { TwimlVerb } from './types.ts';

/** Parses a document that must hold exactly one verb and returns it. */
export function only(xml: string): TwimlVerb {
  const { verbs } = parseTwiml(xml);
  assert.equal(verbs.length, 1, `expected one verb in ${xml}`);
  const [verb] = verbs;
  assert.ok(verb);
  return verb;
}

/** Asserts that parsing `xml` throws a TwimlError for `code` (the Twilio code; `code` is its registry code). */
export function assertFails(xml: string, code: TwimlCode): TwimlError {
  let caught: unknown;
  try {
    parseTwiml(xml);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof TwimlError, `expected a TwimlError ${code} for ${xml}, got ${caught === undefined ? 'a document' : String(caught)}`);
  assert.equal(caught.twilioCode, code, `${xml}: ${caught.message}`);
  assert.equal(caught.code, registryCode(code));
  assert.ok(errorRegistry.has(caught.code), `${caught.code} is a registry code`);
  return caught;
}
