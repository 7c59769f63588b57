import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as sip from '../index.ts';

it('the SIP module exports the digest API', () => {
  for (const name of ['DigestServer', 'authorize', 'createClientAuthState', 'parseChallenges', 'parseCredentials', 'formatChallenge', 'formatCredentials', 'computeHa1', 'computeDigestResponse']) {
    assert.equal(typeof (sip as Record<string, unknown>)[name], 'function', name);
  }
});
