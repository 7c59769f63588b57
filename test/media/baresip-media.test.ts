import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { concatPcm, dominantFrequency, makeToneWav, rmsDbfs } from '../support/audio.ts';
import { startBaresip } from '../support/baresip.ts';
import { startMediaApp } from './apps/media-app.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('baresip calls the media app: its 440 Hz tone arrives at 440 Hz and its RFC 4733 digits are detected once each', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bm-'));
  const tone = join(dir, 'tone.wav');
  makeToneWav(tone, 440, 10);
  const app = await startMediaApp({ keepAudio: true, rtpPorts: [33000, 33099] });
  const phone = await startBaresip({ audioSource: tone });
  try {
    await phone.addAccount({ aor: 'sip:alice@127.0.0.1', outbound: `sip:127.0.0.1:${app.port}`, regint: 0 });
    await phone.command('dial', `sip:service@127.0.0.1:${app.port}`);
    await phone.waitEvent('CALL_ESTABLISHED', 5000);
    await sleep(1500);
    await phone.command('sndcode', '12#');
    await sleep(1500);
    await phone.command('hangup');
    await phone.waitEvent('CALL_CLOSED', 5000);
    await sleep(200);
    assert.equal(app.calls.length, 1);
    const call = app.calls[0]!;
    assert.equal(call.digits, '12#');
    assert.equal(call.ended, true);
    const pcm = concatPcm(call.audio);
    assert.ok(pcm.length >= 8000 * 2, `expected ≥ 2 s of audio, got ${(pcm.length / 8000).toFixed(2)} s`);
    assert.ok(rmsDbfs(pcm) > -20, `not silence (${rmsDbfs(pcm).toFixed(1)} dBFS)`);
    const f = dominantFrequency(pcm.subarray(0, 8000), 300, 600);
    assert.ok(Math.abs(f - 440) <= 5, `dominant frequency ${f} Hz`);
  } finally {
    await phone.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
