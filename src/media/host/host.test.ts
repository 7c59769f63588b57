// MediaHost end to end on loopback: endpoints of one host talk RTP to each other (one makes the
// offer, the other answers), so every command runs against real sockets, codecs and timers.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { realScheduler } from '../../core/index.ts';
import { AudioFetcher } from '../fetch/index.ts';
import { dominantFrequency, rmsDbfs } from '../pcm.ts';
import { tone } from '../player/index.ts';
import { InMemoryRecordingStorage, parseWav, readRecording } from '../recorder/index.ts';
import { RtpPortAllocator } from '../rtp/index.ts';
import { normalizeText, type ResolvedVoice, type TtsEngineInfo, type TtsProvider } from '../tts/index.ts';
import { MediaHost } from './host.ts';
import type { EndpointId, MediaEvent } from './protocol.ts';

/** Speaks every text as one second of 600 Hz, so the test can tell speech from other audio. */
class ToneTts implements TtsProvider {
  readonly name = 'tone';
  async synthesize(text: string): Promise<Int16Array> {
    normalizeText(this.name, text);
    return tone(600, 1000);
  }
  resolveVoice(): ResolvedVoice {
    return { engineVoice: 'tone', language: 'en-US', gender: 'female', fallback: false };
  }
  async check(): Promise<TtsEngineInfo> {
    return { provider: 'tone', command: 'none', version: '1' };
  }
}

const storage = new InMemoryRecordingStorage();
const host = new MediaHost({
  host: '127.0.0.1',
  ports: new RtpPortAllocator({ min: 41000, max: 41199 }),
  scheduler: realScheduler(),
  tts: new ToneTts(),
  fetcher: new AudioFetcher(),
  storage,
});
const events: MediaEvent[] = [];
host.onEvent((e) => events.push(e));
after(() => host.close());

/** Two endpoints of the host in a call with each other: `caller` offered, `callee` answered. */
async function pair(name: string): Promise<{ caller: EndpointId; callee: EndpointId }> {
  const caller = (await host.createEndpoint({ callSid: `${name}-caller` })).id;
  const callee = (await host.createEndpoint({ callSid: `${name}-callee`, near: caller })).id;
  const offer = await host.offer(caller);
  const answered = await host.answer(callee, offer.sdp);
  await host.accept(caller, answered.sdp);
  return { caller, callee };
}

async function recordFor(id: EndpointId, recordingId: string, seconds: number) {
  const result = await host.record(id, { recordingId, maxLengthSec: seconds, timeoutSec: 0, finishOnKey: '', trim: 'do-not-trim', playBeep: false, channels: 'mono' });
  return { result, audio: parseWav(await readRecording(storage, recordingId)).samples };
}

describe('MediaHost', () => {
  it('plays speech from one endpoint and records it at the other', async () => {
    const { caller, callee } = await pair('say');
    const recording = recordFor(callee, 'RE1', 2);
    const played = await host.play(caller, [{ kind: 'say', text: 'hello' }]);
    assert.equal(played.status, 'finished');
    const { result, audio } = await recording;
    assert.equal(result.reason, 'max-length');
    assert.ok(Math.abs(result.durationSec - 2) < 0.1, `duration ${result.durationSec}`);
    assert.ok(Math.abs(dominantFrequency(audio.subarray(800, 8000)) - 600) < 10);
    await host.destroy(caller);
    await host.destroy(callee);
  });

  it('reports digits once each and a digit interrupts a prompt that asked for it', async () => {
    const { caller, callee } = await pair('dtmf');
    events.length = 0;
    const prompt = host.play(callee, [{ kind: 'silence', ms: 10_000 }], { interruptOnDtmf: true });
    await host.sendDigits(caller, '12#');
    const result = await prompt;
    assert.deepEqual(result, { status: 'interrupted', digit: '1' });
    await new Promise((r) => setTimeout(r, 300));
    const digits = events.filter((e) => e.type === 'dtmf' && e.id === callee).map((e) => (e.type === 'dtmf' ? e.digit : ''));
    assert.deepEqual(digits, ['1', '2', '#']);
    await host.destroy(caller);
    await host.destroy(callee);
  });

  it('a failed item reports its code instead of playing', async () => {
    const { caller, callee } = await pair('fail');
    const result = await host.play(caller, [{ kind: 'say', text: '   ' }]);
    assert.equal(result.status, 'failed');
    assert.equal(result.code, 13520);
    const bad = await host.play(caller, [{ kind: 'url', url: 'http://127.0.0.1:9/none.wav' }]);
    assert.equal(bad.status, 'failed');
    assert.equal(bad.code, 11200);
    await host.destroy(caller);
    await host.destroy(callee);
  });

  it('bridges two calls: what one far end sends, the other hears; a dual recording keeps both sides', async () => {
    const left = await pair('left');
    const right = await pair('right');
    await host.bridge(left.callee, right.caller, { record: { recordingId: 'REbridge', trim: 'do-not-trim' } });
    const heard = recordFor(right.callee, 'REheard', 1.5);
    const playing = host.play(left.caller, [{ kind: 'say', text: 'through the bridge' }]);
    const { audio } = await heard;
    await playing;
    assert.ok(rmsDbfs(audio) > -40, `bridged audio level ${rmsDbfs(audio)}`);
    assert.ok(Math.abs(dominantFrequency(audio.subarray(800)) - 600) < 10);
    events.length = 0;
    await host.unbridge(left.callee);
    const rec = events.find((e) => e.type === 'bridge-recording');
    assert.ok(rec && rec.type === 'bridge-recording' && rec.result.recordingId === 'REbridge');
    assert.equal(parseWav(await readRecording(storage, 'REbridge')).info.channels, 2);
    for (const id of [left.caller, left.callee, right.caller, right.callee]) await host.destroy(id);
    assert.equal(host.size, 0);
  });

  it('mixes three parties: each hears the others and not itself', async () => {
    const parties = [await pair('m1'), await pair('m2'), await pair('m3')];
    for (const p of parties) await host.joinMix('room', p.callee);
    const [one, two, three] = parties;
    assert.ok(one && two && three);
    const atTwo = recordFor(two.caller, 'REmix2', 1.5);
    const atOne = recordFor(one.caller, 'REmix1', 1.5);
    await host.play(one.caller, [{ kind: 'say', text: 'one speaks' }]);
    const heardByTwo = (await atTwo).audio;
    const heardByOne = (await atOne).audio;
    assert.ok(rmsDbfs(heardByTwo.subarray(800, 8000)) > -40, 'two hears one');
    assert.ok(rmsDbfs(heardByOne.subarray(800, 8000)) < -50, `one does not hear itself (${rmsDbfs(heardByOne)})`);
    for (const p of parties) {
      await host.destroy(p.caller);
      await host.destroy(p.callee);
    }
    const load = host.sampleLoad();
    assert.equal(load.endpoints, 0);
    assert.ok(load.packetsOutPerSec > 0);
  });

  it('rejects commands on unknown endpoints and offers without a common codec', async () => {
    await assert.rejects(host.play('nope', []), (e: Error & { code?: string }) => e.code === 'unknown-endpoint');
    const ep = await host.createEndpoint({ callSid: 'x' });
    const offer = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5004 RTP/AVP 9\r\na=rtpmap:9 G722/8000\r\n';
    await assert.rejects(host.answer(ep.id, offer), (e: Error & { code?: string }) => e.code === 'no-common-codec');
    await host.destroy(ep.id);
    await host.destroy(ep.id);
  });
});
