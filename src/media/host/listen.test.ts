// listen() on a real host: one endpoint speaks (espeak-ng), the other listens and recognises it
// with pocketsphinx. Skipped where either program is missing.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { realScheduler } from '../../core/index.ts';
import { POCKETSPHINX_INSTALL, PocketsphinxRecognizer } from '../asr/index.ts';
import { AudioFetcher } from '../fetch/index.ts';
import { InMemoryRecordingStorage } from '../recorder/index.ts';
import { RtpPortAllocator } from '../rtp/index.ts';
import { createTtsProvider } from '../tts/index.ts';
import { MediaHost } from './host.ts';
import { isMediaCommandError, type EndpointId } from './protocol.ts';

const missing =
  spawnSync('pocketsphinx_continuous', ['-h']).error ? `pocketsphinx is not installed (${POCKETSPHINX_INSTALL})`
  : spawnSync('espeak-ng', ['--version']).error ? 'espeak-ng is not installed (apt-get install espeak-ng)'
  : false;

function makeHost(min: number, max: number, recognizer?: PocketsphinxRecognizer): MediaHost {
  return new MediaHost({
    host: '127.0.0.1', ports: new RtpPortAllocator({ min, max }), scheduler: realScheduler(),
    tts: createTtsProvider('espeak-ng'), fetcher: new AudioFetcher(), storage: new InMemoryRecordingStorage(),
    ...(recognizer ? { recognizer } : {}),
  });
}

async function pair(host: MediaHost): Promise<{ caller: EndpointId; callee: EndpointId }> {
  const caller = (await host.createEndpoint({ callSid: 'listen-caller' })).id;
  const callee = (await host.createEndpoint({ callSid: 'listen-callee', near: caller })).id;
  const answered = await host.answer(callee, (await host.offer(caller)).sdp);
  await host.accept(caller, answered.sdp);
  return { caller, callee };
}

describe('MediaHost.listen', () => {
  const host = makeHost(41400, 41439, new PocketsphinxRecognizer());
  after(() => host.close());

  it('hears "yes please" spoken by the other endpoint', { skip: missing }, async () => {
    const { caller, callee } = await pair(host);
    const heard = host.listen(callee, { timeoutSec: 5, speechTimeoutSec: 'auto', maxSpeechTimeSec: 10, hints: 'yes please, no thanks' });
    await host.play(caller, [{ kind: 'silence', ms: 300 }, { kind: 'say', text: 'yes please' }]);
    const r = await heard;
    assert.equal(r.status, 'speech');
    assert.match(r.text, /\byes\b/, `heard "${r.text}"`);
    assert.equal(r.confidence, 0.9);
  });

  it('times out when nothing is said, and stopListen ends a listen early', { skip: missing }, async () => {
    const { callee } = await pair(host);
    const t0 = Date.now();
    assert.deepEqual(await host.listen(callee, { timeoutSec: 1, speechTimeoutSec: 2, maxSpeechTimeSec: 10 }), { status: 'timeout', text: '', confidence: 0 });
    assert.ok(Date.now() - t0 >= 900);
    const pending = host.listen(callee, { timeoutSec: 30, speechTimeoutSec: 2, maxSpeechTimeSec: 10 });
    await host.stopListen(callee);
    assert.equal((await pending).status, 'timeout');
  });

  it('rejects no-recognizer when the engine is not installed', { skip: missing }, async () => {
    const broken = makeHost(41460, 41469, new PocketsphinxRecognizer({ command: 'no-such-pocketsphinx-binary' }));
    try {
      const a = (await broken.createEndpoint({ callSid: 'x-caller' })).id;
      const b = (await broken.createEndpoint({ callSid: 'x-callee', near: a })).id;
      await broken.accept(a, (await broken.answer(b, (await broken.offer(a)).sdp)).sdp);
      const heard = broken.listen(b, { timeoutSec: 5, speechTimeoutSec: 'auto', maxSpeechTimeSec: 10 });
      await broken.play(a, [{ kind: 'say', text: 'yes please' }]);
      await assert.rejects(heard, (e: unknown) => isMediaCommandError(e) && e.code === 'no-recognizer' && e.message.includes('apt-get install pocketsphinx'));
    } finally {
      await broken.close();
    }
  });

  it('rejects no-recognizer without one', async () => {
    const bare = makeHost(41450, 41459);
    try {
      const { callee } = await pair(bare);
      await assert.rejects(bare.listen(callee, { timeoutSec: 1, speechTimeoutSec: 'auto', maxSpeechTimeSec: 5 }), (e: unknown) => isMediaCommandError(e) && e.code === 'no-recognizer');
    } finally {
      await bare.close();
    }
  });
});
