import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GatherVerb } from '../twiml/index.ts';
import { listenOptions } from './speech.ts';

const verb = (o: Partial<GatherVerb>): GatherVerb => ({
  verb: 'Gather', input: ['speech'], method: 'POST', timeout: 5, finishOnKey: '#', actionOnEmptyResult: false, language: 'en-US',
  partialResultCallbackMethod: 'POST', profanityFilter: true, enhanced: false, bargeIn: true, children: [], ...o,
});

describe('Gather speech options', () => {
  it('speechTimeout defaults to timeout, "auto" and 0 mean auto, maxSpeechTime defaults to 60', () => {
    assert.deepEqual(listenOptions(verb({ timeout: 7 })), { timeoutSec: 7, speechTimeoutSec: 7, maxSpeechTimeSec: 60, language: 'en-US' });
    assert.equal(listenOptions(verb({ speechTimeout: 'auto' })).speechTimeoutSec, 'auto');
    assert.equal(listenOptions(verb({ speechTimeout: '0' })).speechTimeoutSec, 'auto');
    assert.deepEqual(listenOptions(verb({ speechTimeout: '3', maxSpeechTime: 20, hints: 'yes, no', language: 'en-GB' })), {
      timeoutSec: 5, speechTimeoutSec: 3, maxSpeechTimeSec: 20, language: 'en-GB', hints: 'yes, no',
    });
  });
});
