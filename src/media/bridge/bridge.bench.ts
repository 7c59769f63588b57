// Micro-benchmark (not a test): `npx tsx src/media/bridge/bridge.bench.ts`.
// Packets relayed per second on one core, one direction, into a sink that does nothing (the
// endpoint's RTP serialisation and socket send are not included). A call at 20 ms is 50 packets a
// second per direction.
import { pcmToAlaw, pcmToUlaw } from '../codecs/index.ts';
import { serializeRtp } from '../rtp/index.ts';
import { NULL_SINK, sine } from './bridge.fixture.ts';
import { Bridge } from './bridge.ts';
import type { BridgeRtpIn, BridgeTap, LegFormat, LegSink } from './types.ts';

const U20: LegFormat = { codec: 'PCMU', payloadType: 0, ptimeMs: 20, telephoneEventPt: 101 };
const A20: LegFormat = { codec: 'PCMA', payloadType: 8, ptimeMs: 20, telephoneEventPt: 101 };

/** A sink that re-packetises like RtpSession.sendRtp does (serialise a new datagram), without a socket. */
function serialisingSink(): LegSink {
  let seq = 0;
  let ts = 0;
  return {
    sendAudio(payload, samples, marker) {
      serializeRtp({ payloadType: 0, sequenceNumber: seq, timestamp: ts, ssrc: 42, marker, payload });
      seq = (seq + 1) & 0xffff;
      ts = (ts + samples) >>> 0;
    },
    sendEvent() {},
  };
}

function bench(label: string, a: LegFormat, b: LegFormat, tap?: BridgeTap, sinkB: LegSink = NULL_SINK): void {
  const bridge = new Bridge({ a, b, sinkA: NULL_SINK, sinkB });
  if (tap) bridge.setTap('a', tap);
  const pcm = sine(440, a.ptimeMs * 8, 10_000);
  const packet: { -readonly [K in keyof BridgeRtpIn]: BridgeRtpIn[K] } = {
    payloadType: a.payloadType, payload: a.codec === 'PCMU' ? pcmToUlaw(pcm) : pcmToAlaw(pcm), marker: false, timestamp: 0, ssrc: 1,
  };
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      bridge.receive('a', packet, 0);
      packet.timestamp = (packet.timestamp + packet.payload.length) >>> 0;
    }
  };
  run(200_000);
  const n = 3_000_000;
  const t0 = process.hrtime.bigint();
  run(n);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const pps = n / s;
  process.stdout.write(`${label.padEnd(40)} ${(pps / 1e6).toFixed(2).padStart(6)} M packets/s  ${(1e9 / pps).toFixed(0).padStart(5)} ns/packet  (${Math.floor(pps / 100).toLocaleString('en')} calls' worth, both ways)\n`);
}

bench(`forward  (${bridgeName(U20, U20)})`, U20, U20);
bench(`transcode (${bridgeName(U20, A20)})`, U20, A20);
bench(`reframe  (${bridgeName(U20, { ...U20, ptimeMs: 30 })})`, U20, { ...U20, ptimeMs: 30 });
bench(`reframe+transcode (${bridgeName(U20, { ...A20, ptimeMs: 30 })})`, U20, { ...A20, ptimeMs: 30 });
bench('forward + PCM tap', U20, U20, () => {});
bench('forward + RTP serialise in the sink', U20, U20, undefined, serialisingSink());
bench('transcode + RTP serialise in the sink', U20, A20, undefined, serialisingSink());

function bridgeName(a: LegFormat, b: LegFormat): string {
  return `${a.codec}/${a.ptimeMs} → ${b.codec}/${b.ptimeMs}`;
}
