import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MediaCommandError } from '../host/index.ts';
import { isWorkerMessage, isWorkerRequest, reviveError, serializeError } from './messages.ts';
import { MixHomes } from './mix-homes.ts';

describe('pool messages', () => {
  it('a MediaCommandError survives structured cloning as a MediaCommandError with its code', () => {
    const crossed = structuredClone(serializeError(new MediaCommandError('no-common-codec', 'G722 only')));
    const back = reviveError(crossed);
    assert.ok(back instanceof MediaCommandError);
    assert.equal(back.code, 'no-common-codec');
    assert.equal(back.message, 'G722 only');
  });

  it('other errors keep their name and code', () => {
    const e = Object.assign(new Error('recording RE1 exists'), { name: 'RecorderError', code: 'ERR_RECORDING_EXISTS' });
    const back = reviveError(structuredClone(serializeError(e))) as Error & { code?: string };
    assert.ok(!(back instanceof MediaCommandError));
    assert.equal(back.name, 'RecorderError');
    assert.equal(back.code, 'ERR_RECORDING_EXISTS');
    assert.equal(serializeError('boom').code, 'internal');
  });

  it('guards accept the protocol and nothing else', () => {
    assert.ok(isWorkerRequest({ id: 1, method: 'play', args: ['w1e1', []] }));
    assert.ok(isWorkerRequest({ id: 2, method: '__crash', args: [] }));
    assert.ok(!isWorkerRequest({ id: 3, method: 'constructor', args: [] }));
    assert.ok(!isWorkerRequest({ id: 4, method: 'play' }));
    assert.ok(isWorkerMessage({ id: 1, ok: true, value: undefined }));
    assert.ok(isWorkerMessage({ id: 1, ok: false, error: { name: 'E', code: 'x', message: 'm' } }));
    assert.ok(isWorkerMessage({ event: { type: 'rtp-active', id: 'w1e1' } }));
    assert.ok(!isWorkerMessage({ id: 1, ok: 'yes' }));
    assert.ok(!isWorkerMessage('ready'));
  });
});

describe('MixHomes', () => {
  it('keeps a mix in the worker of its first member until the last one leaves', () => {
    const homes = new MixHomes();
    homes.claim('room', 'w1e1', 1);
    homes.claim('room', 'w1e2', 1);
    assert.throws(() => homes.claim('room', 'w2e1', 2), (e: unknown) => e instanceof MediaCommandError && e.code === 'different-workers');
    assert.throws(() => homes.claim('other', 'w1e1', 1), (e: unknown) => e instanceof MediaCommandError && e.code === 'busy');
    homes.drop('w1e1');
    homes.drop('w1e2');
    assert.equal(homes.size, 0);
    homes.claim('room', 'w2e1', 2);
    assert.equal(homes.size, 1);
  });
});
