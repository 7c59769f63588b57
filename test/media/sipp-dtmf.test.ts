import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSipp } from '../support/sipp.ts';
import { startMediaApp } from './apps/media-app.ts';

const SCENARIO = new URL('./scenarios/uac-play-g711-dtmf-123star-pound-expect-200.xml', import.meta.url).pathname;

test('sipp plays G.711 A-law and RFC 2833 digits: audio arrives and each digit is detected exactly once, in order', async () => {
  const app = await startMediaApp();
  try {
    const r = await runSipp([`127.0.0.1:${app.port}`, '-sf', SCENARIO, '-m', '2', '-r', '1', '-mi', '127.0.0.1', '-mp', '32100', '-p', '32090'], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, `sipp failed:\n${r.errors}\n${r.output.slice(-1500)}`);
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(app.calls.length, 2);
    for (const call of app.calls) {
      assert.equal(call.codec, 'PCMA', 'the offer lists PCMA first (8 0 101)');
      assert.equal(call.digits, '123*#');
      assert.ok(call.audioPackets >= 200, `expected the 236 voice packets of g711a.pcap, got ${call.audioPackets}`);
      assert.equal(call.ended, true);
    }
  } finally {
    await app.close();
  }
});
