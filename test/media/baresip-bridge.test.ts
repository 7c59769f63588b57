import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { wavToPcm8k } from '../../src/media/player/index.ts';
import { dominantFrequency, makeToneWav, rmsDbfs } from '../support/audio.ts';
import { startBaresip, type Baresip } from '../support/baresip.ts';
import { startBridgeApp } from './apps/bridge-app.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function received(dir: string): Int16Array {
  const dec = readdirSync(dir).find((f) => f.endsWith('-dec.wav'));
  assert.ok(dec, `no recording of received audio in ${dir}: ${readdirSync(dir).join(', ')}`);
  return wavToPcm8k(readFileSync(join(dir, dec)));
}

test('a bridged call between two baresip instances carries audio both ways', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-br-'));
  const [toneA, toneB, recA, recB] = ['a.wav', 'b.wav', 'recA', 'recB'].map((n) => join(dir, n)) as [string, string, string, string];
  makeToneWav(toneA, 440, 15);
  makeToneWav(toneB, 1000, 15);
  mkdirSync(recA);
  mkdirSync(recB);
  let bob: Baresip | undefined;
  const app = await startBridgeApp({ rtpPorts: [33200, 33299], dialTarget: () => ({ uri: `sip:bob@127.0.0.1:${bob!.sipPort}`, port: bob!.sipPort }) });
  const alice = await startBaresip({ audioSource: toneA, recordDir: recA });
  bob = await startBaresip({ audioSource: toneB, recordDir: recB });
  try {
    await bob.addAccount({ aor: 'sip:bob@127.0.0.1', outbound: `sip:127.0.0.1:${app.port}`, regint: 0, params: { answermode: 'auto' } });
    await alice.addAccount({ aor: 'sip:alice@127.0.0.1', outbound: `sip:127.0.0.1:${app.port}`, regint: 0 });
    await alice.command('dial', `sip:bob@127.0.0.1:${app.port}`);
    await alice.waitEvent('CALL_ESTABLISHED', 5000);
    await bob.waitEvent('CALL_ESTABLISHED', 5000);
    await sleep(2500);
    await alice.command('hangup');
    await alice.waitEvent('CALL_CLOSED', 5000);
    await bob.waitEvent('CALL_CLOSED', 5000);
    await sleep(300);
    assert.equal(app.stats.bridged, 1);
    const heardByAlice = received(recA);
    const heardByBob = received(recB);
    for (const [who, pcm, freq] of [['alice', heardByAlice, 1000], ['bob', heardByBob, 440]] as const) {
      const tail = pcm.subarray(Math.max(0, pcm.length - 12000), pcm.length - 4000);
      assert.ok(rmsDbfs(tail) > -30, `${who} heard silence (${rmsDbfs(tail).toFixed(1)} dBFS)`);
      const f = dominantFrequency(tail, 200, 2000);
      assert.ok(Math.abs(f - freq) <= 5, `${who} heard ${f} Hz, expected the other side's ${freq} Hz`);
    }
  } finally {
    await alice.close();
    await bob.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
