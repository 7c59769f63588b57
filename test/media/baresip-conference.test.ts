import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { wavToPcm8k } from '../../src/media/player/index.ts';
import { toneAmplitude } from '../../src/media/pcm.ts';
import { makeToneWav } from '../support/audio.ts';
import { startBaresip, type Baresip } from '../support/baresip.ts';
import { startConferenceApp } from './apps/conference-app.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a three-party mix: each baresip hears the other two and not itself', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-conf-'));
  const freqs = [500, 700, 900] as const;
  const app = await startConferenceApp({ rtpPorts: [33300, 33399] });
  const phones: { phone: Baresip; rec: string; freq: number }[] = [];
  try {
    for (const [i, freq] of freqs.entries()) {
      const wav = join(dir, `t${freq}.wav`);
      const rec = join(dir, `rec${i}`);
      makeToneWav(wav, freq, 15);
      mkdirSync(rec);
      const phone = await startBaresip({ audioSource: wav, recordDir: rec });
      phones.push({ phone, rec, freq });
      await phone.addAccount({ aor: `sip:user${i}@127.0.0.1`, outbound: `sip:127.0.0.1:${app.port}`, regint: 0 });
      await phone.command('dial', `sip:room@127.0.0.1:${app.port}`);
      await phone.waitEvent('CALL_ESTABLISHED', 5000);
    }
    await sleep(2500);
    await Promise.all(phones.map(({ phone }) => phone.command('hangup')));
    await Promise.all(phones.map(({ phone }) => phone.waitEvent('CALL_CLOSED', 5000)));
    await sleep(300);
    for (const { rec, freq } of phones) {
      const dec = readdirSync(rec).find((f) => f.endsWith('-dec.wav'));
      assert.ok(dec, `no recording in ${rec}`);
      const pcm = wavToPcm8k(readFileSync(join(rec, dec)));
      // The second before the (simultaneous) hang-ups, when all three were in the room.
      const window = pcm.subarray(Math.max(0, pcm.length - 16000), pcm.length - 8000);
      const levels = Object.fromEntries(freqs.map((f) => [f, toneAmplitude(window, f)]));
      for (const other of freqs.filter((f) => f !== freq)) {
        assert.ok(levels[other]! > 1000, `the ${freq} Hz caller should hear ${other} Hz: ${JSON.stringify(levels)}`);
      }
      assert.ok(levels[freq]! < levels[freqs.find((f) => f !== freq)!]! / 10, `the ${freq} Hz caller should not hear itself: ${JSON.stringify(levels)}`);
    }
  } finally {
    for (const { phone } of phones) await phone.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
