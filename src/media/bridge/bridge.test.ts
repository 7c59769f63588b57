import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alawToPcm, pcmToAlaw, pcmToUlaw, ulawToPcm } from '../codecs/index.ts';
import { Bridge } from './bridge.ts';
import { NULL_SINK, RecordingSink, allocatedBytes, rms, rtp, sine, toneAmplitude, zeroCrossingHz } from './bridge.fixture.ts';
import type { BridgeRtpIn } from './types.ts';
import type { LegFormat } from './types.ts';

const ULAW20: LegFormat = { codec: 'PCMU', payloadType: 0, ptimeMs: 20, telephoneEventPt: 101 };
const ALAW20: LegFormat = { codec: 'PCMA', payloadType: 8, ptimeMs: 20, telephoneEventPt: 101 };

function setup(a: LegFormat, b: LegFormat) {
  const sinkA = new RecordingSink();
  const sinkB = new RecordingSink();
  const bridge = new Bridge({ a, b, sinkA, sinkB });
  return { bridge, sinkA, sinkB };
}

/** Sends `pcm` into leg `from` as packets of `frame` samples in the leg's law, timestamps from `ts0`. */
function feed(bridge: Bridge, from: 'a' | 'b', pcm: Int16Array, frame: number, ts0 = 1000): void {
  const f = bridge.format(from);
  for (let i = 0; i + frame <= pcm.length; i += frame) {
    const chunk = pcm.subarray(i, i + frame);
    const payload = f.codec === 'PCMU' ? pcmToUlaw(chunk) : pcmToAlaw(chunk);
    bridge.receive(from, rtp(f.payloadType, payload, ts0 + i, i === 0), 0);
  }
}

describe('Bridge paths', () => {
  it('chooses forward, transcode or reframe from the two formats', () => {
    assert.equal(setup(ULAW20, ULAW20).bridge.path('a'), 'forward');
    assert.equal(setup(ULAW20, ALAW20).bridge.path('b'), 'transcode');
    const { bridge } = setup(ULAW20, { ...ALAW20, ptimeMs: 30 });
    assert.equal(bridge.path('a'), 'reframe');
    assert.equal(bridge.path('b'), 'reframe');
  });

  it('fast path: hands the received payload on unchanged, without copying, with its marker', () => {
    const { bridge, sinkA, sinkB } = setup(ULAW20, { ...ULAW20, payloadType: 0, telephoneEventPt: 96 });
    const payloads = [0, 1, 2].map((k) => Uint8Array.from({ length: 160 }, (_, i) => (i * 7 + k * 13) & 0xff));
    payloads.forEach((p, k) => bridge.receive('a', rtp(0, p, 5000 + k * 160, k === 0), k * 20));
    const sent = sinkB.audio;
    assert.equal(sent.length, 3);
    sent.forEach((s, k) => {
      assert.equal(s.view, payloads[k], 'the same view, no copy');
      assert.deepEqual(s.bytes, payloads[k]);
      assert.equal(s.samples, 160);
      assert.equal(s.marker, k === 0);
    });
    assert.equal(sinkA.log.length, 0, 'nothing goes back to the sender');
    assert.deepEqual(sinkB.skips, []);
    assert.equal(bridge.stats.aToB.packetsIn, 3);
    assert.equal(bridge.stats.aToB.packetsOut, 3);
    assert.equal(bridge.stats.aToB.transcoded, 0);
    assert.equal(bridge.stats.bToA.packetsOut, 0);
  });

  it('relays both directions independently', () => {
    const { bridge, sinkA, sinkB } = setup(ULAW20, ULAW20);
    bridge.receive('a', rtp(0, new Uint8Array(160).fill(1), 0), 0);
    bridge.receive('b', rtp(0, new Uint8Array(160).fill(2), 0), 0);
    bridge.receive('b', rtp(0, new Uint8Array(160).fill(3), 160), 20);
    assert.deepEqual(sinkB.audio.map((s) => s.bytes[0]), [1]);
    assert.deepEqual(sinkA.audio.map((s) => s.bytes[0]), [2, 3]);
    assert.equal(bridge.stats.bToA.packetsOut, 2);
  });

  it('drops payload types of neither the codec nor telephone-event (comfort noise)', () => {
    const { bridge, sinkB } = setup(ULAW20, ULAW20);
    bridge.receive('a', rtp(13, Uint8Array.of(40), 0), 0);
    assert.equal(sinkB.log.length, 0);
    assert.equal(bridge.stats.aToB.ignored, 1);
  });
});

describe('Bridge timeline', () => {
  it('passes a lost packet on as a timestamp gap, and drops a late one', () => {
    const { bridge, sinkB } = setup(ULAW20, ULAW20);
    const p = (ts: number) => rtp(0, new Uint8Array(160).fill(ts / 160), ts);
    bridge.receive('a', p(0), 0);
    bridge.receive('a', p(320), 40); // 160 lost
    bridge.receive('a', p(160), 45); // ... and arrives late
    bridge.receive('a', p(480), 60);
    assert.deepEqual(sinkB.log.map((r) => (r.kind === 'audio' ? r.audio.bytes[0] : r.kind === 'skip' ? `skip ${r.samples}` : 'event')), [0, 'skip 160', 2, 3]);
    assert.equal(bridge.stats.aToB.late, 1);
    assert.equal(bridge.stats.aToB.gapSamples, 160);
  });

  it('follows a new SSRC or a large jump as a new timeline, with the marker bit and no gap', () => {
    const { bridge, sinkB } = setup(ULAW20, ULAW20);
    bridge.receive('a', rtp(0, new Uint8Array(160), 0, false, 1), 0);
    bridge.receive('a', rtp(0, new Uint8Array(160), 999_999, false, 2), 20);
    bridge.receive('a', rtp(0, new Uint8Array(160), 999_999 + 160 + 200_000, false, 2), 40);
    assert.deepEqual(sinkB.audio.map((s) => s.marker), [false, true, true]);
    assert.deepEqual(sinkB.skips, []);
  });

  it('follows a peer whose timestamps went back after a few packets', () => {
    const { bridge, sinkB } = setup(ULAW20, ULAW20);
    for (let k = 0; k < 5; k++) bridge.receive('a', rtp(0, new Uint8Array(160), 8000 + k * 160), k * 20);
    for (let k = 0; k < 5; k++) bridge.receive('a', rtp(0, new Uint8Array(160), 8000 + k * 160), 100 + k * 20); // a replayed capture
    assert.equal(bridge.stats.aToB.late, 2);
    assert.equal(sinkB.audio.length, 8);
  });
});

describe('Bridge transcoding', () => {
  for (const [from, to] of [[ULAW20, ALAW20], [ALAW20, ULAW20]] as const) {
    it(`${from.codec} → ${to.codec} keeps a 440 Hz tone's frequency and level`, () => {
      const { bridge, sinkB } = setup(from, to);
      const tone = sine(440, 8000, 10_000);
      feed(bridge, 'a', tone, 160);
      assert.equal(bridge.stats.aToB.transcoded, 50);
      assert.ok(sinkB.audio.every((s) => s.samples === 160 && s.bytes.length === 160));
      const bytes = sinkB.concat();
      const out = to.codec === 'PCMA' ? alawToPcm(bytes) : ulawToPcm(bytes);
      assert.equal(out.length, 8000);
      assert.ok(Math.abs(zeroCrossingHz(out) - 440) < 1, `frequency ${zeroCrossingHz(out)}`);
      const levelDb = 20 * Math.log10(rms(out) / rms(tone));
      assert.ok(Math.abs(levelDb) < 0.2, `level ${levelDb.toFixed(3)} dB`);
      const a440 = toneAmplitude(out, 440);
      assert.ok(Math.abs(a440 - 10_000) < 200, `440 Hz amplitude ${a440}`);
      for (const other of [300, 880, 1320]) assert.ok(toneAmplitude(out, other) < a440 / 100, `${other} Hz`);
    });
  }

  it('transcodes the reverse direction too', () => {
    const { bridge, sinkA } = setup(ULAW20, ALAW20);
    feed(bridge, 'b', sine(440, 1600, 8000), 160);
    assert.equal(bridge.stats.bToA.transcoded, 10);
    const out = ulawToPcm(sinkA.concat());
    assert.ok(Math.abs(toneAmplitude(out, 440) - 8000) < 200);
  });
});

describe('Bridge re-framing', () => {
  const cases: Array<[number, number]> = [[20, 30], [30, 20], [20, 10], [10, 30]];
  for (const [inMs, outMs] of cases) {
    it(`${inMs} → ${outMs} ms keeps every sample, in order, in ${outMs} ms frames`, () => {
      const { bridge, sinkB } = setup({ ...ULAW20, ptimeMs: inMs }, { ...ULAW20, ptimeMs: outMs });
      const pcm = sine(440, 4800, 12_000);
      feed(bridge, 'a', pcm, inMs * 8);
      const frames = sinkB.audio;
      assert.ok(frames.every((f) => f.samples === outMs * 8 && f.bytes.length === outMs * 8));
      assert.equal(frames.length, 4800 / (outMs * 8));
      assert.deepEqual(sinkB.concat(), Uint8Array.from(pcmToUlaw(pcm)), 'the same code bytes, continuous');
      assert.equal(frames[0]!.marker, true, 'the first packet keeps its marker');
      assert.ok(frames.slice(1).every((f) => !f.marker));
    });
  }

  it('re-frames and transcodes at once (µ-law 20 ms → A-law 30 ms)', () => {
    const { bridge, sinkB } = setup(ULAW20, { ...ALAW20, ptimeMs: 30 });
    const pcm = sine(440, 2400, 9000);
    feed(bridge, 'a', pcm, 160);
    assert.equal(sinkB.audio.length, 10);
    const out = alawToPcm(sinkB.concat());
    assert.equal(out.length, 2400);
    assert.ok(Math.abs(zeroCrossingHz(out) - 440) < 1);
    assert.ok(Math.abs(toneAmplitude(out, 440) - 9000) < 200);
    assert.equal(bridge.stats.aToB.transcoded, 15);
    assert.equal(bridge.stats.aToB.reframed, 15);
  });

  it('keeps the timeline across a lost packet: silence completes the frame, the rest is a gap', () => {
    const { bridge, sinkB } = setup(ULAW20, { ...ULAW20, ptimeMs: 30 });
    const pay = (v: number) => new Uint8Array(160).fill(v);
    bridge.receive('a', rtp(0, pay(1), 0), 0); // 160 buffered
    bridge.receive('a', rtp(0, pay(2), 320), 40); // 160 lost: 80 fill the frame, 80 skipped
    const log = sinkB.log.map((r) => (r.kind === 'skip' ? -r.samples : r.kind === 'audio' ? r.audio.samples : 0));
    assert.deepEqual(log, [240, -80]);
    const first = sinkB.audio[0]!.bytes;
    assert.deepEqual([first[0], first[159], first[160], first[239]], [1, 1, 0xff, 0xff]);
    bridge.receive('a', rtp(0, pay(3), 480), 60);
    const sent = sinkB.audio.reduce((n, a) => n + a.samples, 0) + sinkB.skips.reduce((n, s) => n + s, 0);
    assert.equal(sent, 560, 'samples sent + skipped = the received timeline (640) minus the 80 still buffered');
    bridge.close(100);
    assert.equal(sinkB.audio.at(-1)!.samples, 240, 'close sends the partial frame padded with silence');
  });
});

describe('Bridge taps', () => {
  it('decodes only while a tap is attached, per direction, with gaps reported', () => {
    const { bridge } = setup(ULAW20, ALAW20);
    const heard: Array<{ pcm: Int16Array; gap: number }> = [];
    const tone = sine(440, 800, 7000);
    const ulaw = pcmToUlaw(tone);
    bridge.receive('a', rtp(0, ulaw.subarray(0, 160), 0), 0);
    assert.equal(bridge.stats.aToB.tapped, 0);
    bridge.setTap('a', (pcm, gap) => heard.push({ pcm: pcm.slice(), gap }));
    bridge.receive('a', rtp(0, ulaw.subarray(160, 320), 160), 20);
    bridge.receive('a', rtp(0, ulaw.subarray(480, 640), 480), 60); // 320..480 lost
    bridge.receive('b', rtp(8, pcmToAlaw(tone.subarray(0, 160)), 0), 60);
    assert.equal(heard.length, 2, 'leg b is not tapped');
    assert.deepEqual(heard[0]!.pcm, ulawToPcm(ulaw.subarray(160, 320)));
    assert.equal(heard[0]!.gap, 0);
    assert.deepEqual(heard[1]!.pcm, ulawToPcm(ulaw.subarray(480, 640)));
    assert.equal(heard[1]!.gap, 160);
    bridge.setTap('a', undefined);
    bridge.receive('a', rtp(0, ulaw.subarray(640, 800), 640), 80);
    assert.equal(heard.length, 2);
    assert.equal(bridge.stats.aToB.tapped, 2);
  });

  it('taps the forward path without touching the payload it forwards', () => {
    const { bridge, sinkB } = setup(ALAW20, ALAW20);
    const taps: Int16Array[] = [];
    bridge.setTap('a', (pcm) => taps.push(pcm.slice()));
    const payload = pcmToAlaw(sine(600, 160, 5000));
    bridge.receive('a', rtp(8, payload, 0), 0);
    assert.equal(sinkB.audio[0]!.view, payload);
    assert.deepEqual(taps[0], alawToPcm(payload));
  });
});

describe('Bridge renegotiation', () => {
  it('setFormat re-chooses the path and keeps taps', () => {
    const { bridge, sinkB } = setup(ULAW20, ULAW20);
    let taps = 0;
    bridge.setTap('a', () => taps++);
    bridge.setFormat('b', ALAW20);
    assert.equal(bridge.path('a'), 'transcode');
    bridge.receive('a', rtp(0, new Uint8Array(160).fill(0xff), 0), 0);
    assert.equal(sinkB.audio[0]!.bytes[0], 0xd5, 'µ-law silence became A-law silence');
    assert.equal(taps, 1);
    assert.throws(() => bridge.setFormat('a', { ...ULAW20, ptimeMs: 0 }), RangeError);
  });
});

describe('Bridge allocation', () => {
  const formats: Array<[string, LegFormat, LegFormat]> = [
    ['forward', ULAW20, ULAW20],
    ['transcode', ULAW20, ALAW20],
    ['reframe', ULAW20, { ...ALAW20, ptimeMs: 30 }],
  ];
  for (const [path, a, b] of formats) {
    it(`${path}: 10,000 packets each way allocate (next to) nothing`, () => {
      const bridge = new Bridge({ a, b, sinkA: NULL_SINK, sinkB: NULL_SINK });
      assert.equal(bridge.path('a'), path);
      const ulaw = pcmToUlaw(sine(440, 160, 8000));
      const alaw = pcmToAlaw(sine(440, 160, 8000));
      // Mutable packets, as an endpoint would hand over parsed ones: the test itself must not allocate.
      const inA: { -readonly [K in keyof BridgeRtpIn]: BridgeRtpIn[K] } = rtp(a.payloadType, ulaw, 0);
      const inB: { -readonly [K in keyof BridgeRtpIn]: BridgeRtpIn[K] } = rtp(b.payloadType, b.codec === 'PCMA' ? alaw : ulaw, 0);
      let ts = 0;
      const allocated = allocatedBytes(() => {
        inA.timestamp = inB.timestamp = ts;
        ts = (ts + 160) >>> 0;
        bridge.receive('a', inA, 0);
        bridge.receive('b', inB, 0);
      }, 10_000);
      assert.equal(bridge.stats.aToB.late + bridge.stats.bToA.late, 0);
      // Measured ≈ 60–90 kB (the checkpoints); a 160-byte Buffer per packet pair measures ≈ 1.9 MB.
      assert.ok(allocated < 512 * 1024, `≈ ${allocated} bytes allocated over 20,000 packets`);
    });
  }
});
