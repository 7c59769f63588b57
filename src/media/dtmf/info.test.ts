import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDtmfInfoContentType, parseDtmfInfo } from './info.ts';
import { DtmfError, type DtmfErrorCode } from './types.ts';

const RELAY = 'application/dtmf-relay';

describe('SIP INFO DTMF bodies', () => {
  it('application/dtmf-relay: Signal=5 CRLF Duration=160', () => {
    assert.deepEqual(parseDtmfInfo(RELAY, 'Signal=5\r\nDuration=160\r\n'), { signal: '5', durationMs: 160, durationGiven: true });
  });

  it('application/dtmf: the key alone; the duration is the default (250, configurable)', () => {
    assert.deepEqual(parseDtmfInfo('application/dtmf', '5'), { signal: '5', durationMs: 250, durationGiven: false });
    assert.equal(parseDtmfInfo('application/dtmf', '#\r\n', { defaultDurationMs: 100 }).durationMs, 100);
  });

  it('tolerates case, parameters, whitespace, LF or CR line ends, unknown lines and byte bodies', () => {
    const cases: Array<[string, string | Uint8Array, string, number]> = [
      ['Application/DTMF-Relay; charset=UTF-8', 'signal = * \n DURATION= 250 ', '*', 250],
      [' application/dtmf-relay ', '\r\nSignal=#\rDuration=100\r\n\r\n', '#', 100],
      [RELAY, 'Signal=a\r\nVolume=10\r\nDuration=40', 'A', 40],
      [RELAY, new TextEncoder().encode('Signal=9\r\nDuration=0'), '9', 0],
      ['application/dtmf', ' d \r\n', 'D', 250],
      ['application/dtmf', new TextEncoder().encode('0'), '0', 250],
      ['application/dtmf', '11', '#', 250],
      ['application/dtmf', 'Signal=7\r\nDuration=90', '7', 90],
      [RELAY, 'Signal=5\r\nSignal=5\r\nDuration=160', '5', 160],
    ];
    for (const [type, body, signal, ms] of cases) {
      const r = parseDtmfInfo(type, body);
      assert.deepEqual([r.signal, r.durationMs], [signal, ms], `${type} ${JSON.stringify(String(body))}`);
    }
  });

  it('event codes: 10 is *, 11 is #, 12-15 A-D, 16 and ! are flash', () => {
    const sig = (s: string) => parseDtmfInfo(RELAY, `Signal=${s}`).signal;
    assert.deepEqual(['10', '11', '12', '15', '16', '!', '07'].map(sig), ['*', '#', 'A', 'D', 'flash', 'flash', '7']);
  });

  it('recognises the content types', () => {
    assert.ok(isDtmfInfoContentType('application/dtmf-relay'));
    assert.ok(isDtmfInfoContentType('APPLICATION/DTMF ; x=1'));
    assert.ok(!isDtmfInfoContentType('application/sdp'));
    assert.ok(!isDtmfInfoContentType('application/dtmf-relayx'));
  });

  it('invalid bodies are DtmfError with a code', () => {
    const cases: Array<[string, string, DtmfErrorCode]> = [
      ['application/sdp', 'Signal=5', 'ERR_DTMF_INFO_CONTENT_TYPE'],
      ['text/plain', '5', 'ERR_DTMF_INFO_CONTENT_TYPE'],
      [RELAY, '', 'ERR_DTMF_INFO_SIGNAL'],
      [RELAY, 'Duration=160', 'ERR_DTMF_INFO_SIGNAL'],
      [RELAY, 'Signal=\r\nDuration=160', 'ERR_DTMF_INFO_SIGNAL'],
      [RELAY, 'Signal=E', 'ERR_DTMF_INFO_SIGNAL'],
      [RELAY, 'Signal=17', 'ERR_DTMF_INFO_SIGNAL'],
      [RELAY, 'Signal=12 3', 'ERR_DTMF_INFO_SIGNAL'],
      [RELAY, 'Signal=55', 'ERR_DTMF_INFO_SIGNAL'],
      [RELAY, 'Signal=5\r\nSignal=6', 'ERR_DTMF_INFO_SIGNAL'],
      [RELAY, 'Signal=5\r\nDuration=-1', 'ERR_DTMF_INFO_DURATION'],
      [RELAY, 'Signal=5\r\nDuration=1.5', 'ERR_DTMF_INFO_DURATION'],
      [RELAY, 'Signal=5\r\nDuration=abc', 'ERR_DTMF_INFO_DURATION'],
      [RELAY, 'Signal=5\r\nDuration=', 'ERR_DTMF_INFO_DURATION'],
      [RELAY, 'Signal=5\r\nDuration=60001', 'ERR_DTMF_INFO_DURATION'],
      ['application/dtmf', '', 'ERR_DTMF_INFO_SIGNAL'],
      ['application/dtmf', '123', 'ERR_DTMF_INFO_SIGNAL'],
      ['application/dtmf', 'x', 'ERR_DTMF_INFO_SIGNAL'],
    ];
    for (const [type, body, code] of cases) {
      assert.throws(() => parseDtmfInfo(type, body), (e: unknown) => e instanceof DtmfError && e.code === code, `${type} ${JSON.stringify(body)}`);
    }
  });
});
