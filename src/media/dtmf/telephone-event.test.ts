import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTelephoneEvents, encodeTelephoneEvent } from './telephone-event.ts';
import { DTMF_KEYS, DtmfError, eventForKey, signalForEvent } from './types.ts';

describe('RFC 4733 telephone-event payload', () => {
  it("decodes sipp's end packet for '1': event 1, E, volume 10, duration 2240", () => {
    assert.deepEqual(decodeTelephoneEvents(Uint8Array.of(0x01, 0x8a, 0x08, 0xc0)), [{ event: 1, end: true, volume: 10, duration: 2240 }]);
  });

  it('ignores the R bit, reads several blocks, drops a short tail', () => {
    assert.deepEqual(decodeTelephoneEvents(Uint8Array.of(11, 0x40 | 7, 0, 160, 2, 0x80, 0xff, 0xff, 9, 9)), [
      { event: 11, end: false, volume: 7, duration: 160 },
      { event: 2, end: true, volume: 0, duration: 0xffff },
    ]);
    assert.deepEqual(decodeTelephoneEvents(Uint8Array.of(1, 2, 3)), []);
  });

  it('encode and decode round-trip', () => {
    for (const ev of [{ event: 0, end: false, volume: 0, duration: 0 }, { event: 255, end: true, volume: 63, duration: 65535 }]) {
      assert.deepEqual(decodeTelephoneEvents(encodeTelephoneEvent(ev)), [ev]);
    }
  });

  it('encode rejects fields out of range with ERR_DTMF_PAYLOAD', () => {
    for (const bad of [{ event: 256 }, { event: -1 }, { volume: 64 }, { duration: 65536 }, { duration: 1.5 }]) {
      const ev = { event: 1, end: false, volume: 10, duration: 160, ...bad };
      assert.throws(() => encodeTelephoneEvent(ev), (e: unknown) => e instanceof DtmfError && e.code === 'ERR_DTMF_PAYLOAD');
    }
  });
});

describe('DTMF keys and event codes (RFC 4733 §3.2)', () => {
  it('0-9 are 0-9, * 10, # 11, A-D 12-15 (a-d accepted), 16 is flash', () => {
    assert.deepEqual(DTMF_KEYS.map((k) => eventForKey(k)), [...Array(16).keys()]);
    assert.equal(eventForKey('c'), 14);
    assert.equal(eventForKey('E'), undefined);
    assert.equal(eventForKey('10'), undefined);
    assert.deepEqual([signalForEvent(10), signalForEvent(11), signalForEvent(16), signalForEvent(17)], ['*', '#', 'flash', undefined]);
  });
});
