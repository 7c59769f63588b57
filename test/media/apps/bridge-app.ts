// A bridging test application: answers each INVITE, places a second call to `dialTarget`, and
// bridges the two legs' media through the media engine's Bridge (what <Dial> will do).
import { realScheduler } from '../../../src/core/index.ts';
import { Bridge } from '../../../src/media/bridge/index.ts';
import { MediaEndpoint } from '../../../src/media/endpoint.ts';
import { RtpPortAllocator } from '../../../src/media/rtp/index.ts';
import { answer, createOffer, processAnswer } from '../../../src/sdp/index.ts';
import { createTransports } from '../../../src/sip/transport/index.ts';
import { UserAgent } from '../../../src/sip/ua/index.ts';

export async function startBridgeApp(options: { dialTarget: () => { uri: string; port: number }; rtpPorts: [number, number] }) {
  const scheduler = realScheduler();
  const transport = await createTransports({ host: '127.0.0.1', port: 0 });
  const ports = new RtpPortAllocator({ min: options.rtpPorts[0], max: options.rtpPorts[1] });
  const stats = { bridged: 0, relayedAtoB: 0, relayedBtoA: 0 };
  const media = { host: '127.0.0.1', ports, scheduler };
  const ua: UserAgent = new UserAgent({
    transport, scheduler, host: '127.0.0.1', port: transport.local.port, rateLimit: false,
    onInvite: (inbound) => {
      void (async () => {
        const epA = await MediaEndpoint.open({ ...media, cname: `a-${inbound.callId}` });
        const answered = answer(inbound.invite.body.toString(), { address: '127.0.0.1', port: epA.port, codecs: ['PCMU', 'PCMA'], telephoneEvent: true });
        if (!answered.ok) return (epA.close(), inbound.reject(488));
        epA.configure(answered.negotiated);
        inbound.answer(Buffer.from(answered.sdp));
        const epB = await MediaEndpoint.open({ ...media, cname: `b-${inbound.callId}` });
        const offer = createOffer({ address: '127.0.0.1', port: epB.port, codecs: ['PCMU', 'PCMA'], telephoneEvent: true });
        const target = options.dialTarget();
        const outbound = ua.invite({ uri: target.uri, target: { transport: 'udp', address: '127.0.0.1', port: target.port }, from: '<sip:switchboard@127.0.0.1>', sdp: Buffer.from(offer.sdp) });
        outbound.on('answered', (res) => {
          const done = processAnswer(offer, res.body.toString());
          if (!done.ok) return void outbound.hangup();
          epB.configure(done.negotiated);
          const bridge = new Bridge({ a: epA.format!, b: epB.format!, sinkA: epA.sink(), sinkB: epB.sink() });
          epA.relayTo((p, now) => bridge.receive('a', p, now));
          epB.relayTo((p, now) => bridge.receive('b', p, now));
          stats.bridged++;
        });
        const end = () => {
          epA.close();
          epB.close();
          void inbound.hangup();
          void outbound.hangup();
        };
        inbound.on('ended', end);
        outbound.on('ended', end);
        outbound.on('failed', end);
      })();
    },
  });
  return { ua, port: transport.local.port, stats, close: () => ua.close() };
}
