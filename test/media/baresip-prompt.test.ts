import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { wavToPcm8k } from '../../src/media/player/index.ts';
import { LocalRecordingStorage } from '../../src/media/recorder/index.ts';
import { createTtsProvider } from '../../src/media/tts/index.ts';
import { dominantFrequency, goertzelPower, makeToneWav, rmsDbfs } from '../support/audio.ts';
import { startBaresip } from '../support/baresip.ts';
import { startMediaApp } from './apps/media-app.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('baresip hears a TTS prompt then a 440 Hz WAV prompt; the app records baresip’s 1 kHz tone intact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bp-'));
  const recDir = join(dir, 'baresip-rec');
  const storage = new LocalRecordingStorage(join(dir, 'recordings'));
  const callerTone = join(dir, 'caller.wav');
  const promptTone = join(dir, 'prompt.wav');
  makeToneWav(callerTone, 1000, 15);
  makeToneWav(promptTone, 440, 2);
  const speech = await createTtsProvider('espeak-ng').synthesize('Thank you for calling Switchboard. Please hold.', { voice: 'man', language: 'en-US' });
  const tone = wavToPcm8k(readFileSync(promptTone));
  const app = await startMediaApp({
    rtpPorts: [33100, 33199],
    record: storage,
    prompts: async () => [{ samples: speech, label: 'say' }, { samples: tone, label: 'wav' }],
  });
  mkdirSync(recDir);
  const phone = await startBaresip({ audioSource: callerTone, recordDir: recDir });
  try {
    await phone.addAccount({ aor: 'sip:alice@127.0.0.1', outbound: `sip:127.0.0.1:${app.port}`, regint: 0 });
    await phone.command('dial', `sip:service@127.0.0.1:${app.port}`);
    await phone.waitEvent('CALL_ESTABLISHED', 5000);
    const promptMs = ((speech.length + tone.length) / 8000) * 1000;
    await sleep(promptMs + 700);
    await phone.command('hangup');
    await phone.waitEvent('CALL_CLOSED', 5000);
    await sleep(300);

    // What baresip received: speech, then the tone.
    const dec = readdirSync(recDir).find((f) => f.endsWith('-dec.wav'));
    assert.ok(dec, `baresip wrote no recording of what it received: ${readdirSync(recDir).join(', ')}`);
    const heard = wavToPcm8k(readFileSync(join(recDir, dec)));
    assert.ok(heard.length / 8000 >= (promptMs - 300) / 1000, `heard ${(heard.length / 8000).toFixed(2)} s, prompts last ${(promptMs / 1000).toFixed(2)} s`);
    const speechPart = heard.subarray(0, Math.min(speech.length, heard.length));
    assert.ok(rmsDbfs(speechPart) > -40, `the TTS part is not silence (${rmsDbfs(speechPart).toFixed(1)} dBFS)`);
    // Find the 440 Hz prompt: the 0.5 s window with the most 440 Hz energy must be dominated by 440 ± 5 Hz.
    let best = 0;
    let bestAt = 0;
    for (let at = 0; at + 4000 <= heard.length; at += 800) {
      const p = goertzelPower(heard.subarray(at, at + 4000), 440);
      if (p > best) [best, bestAt] = [p, at];
    }
    const f = dominantFrequency(heard.subarray(bestAt, bestAt + 4000), 200, 2000);
    assert.ok(Math.abs(f - 440) <= 5, `the WAV prompt came back at ${f} Hz`);
    assert.ok(bestAt >= speech.length - 4000, 'the tone follows the speech');

    // What the app recorded from baresip: its 1 kHz tone, for about the call's length.
    const call = app.calls[0];
    assert.ok(call?.recording, 'the app recorded the call');
    const { file } = await call.recording;
    assert.ok(file.path);
    const recorded = wavToPcm8k(readFileSync(file.path));
    assert.ok(recorded.length / 8000 >= promptMs / 1000 - 0.5, `recorded ${(recorded.length / 8000).toFixed(2)} s`);
    const rf = dominantFrequency(recorded.subarray(8000, 16000), 200, 2000);
    assert.ok(Math.abs(rf - 1000) <= 5, `the recording's dominant frequency is ${rf} Hz`);
  } finally {
    await phone.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
