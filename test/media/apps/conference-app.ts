// A conference test application: every INVITE is answered and joined to one room; a pacer ticks
// the media engine's Mixer every 20 ms, so each caller hears the sum of the others.
import { realScheduler } from '../../../src/core/index.ts';
import { MediaEndpoint } from '../../../src/media/endpoint.ts';
import { Mixer } from '../../../src/media/mixer/index.ts';
import { Pacer } from '../../../src/media/player/index.ts';
import { RtpPortAllocator } from '../../../src/media/rtp/index.ts';
import { answer } from '../../../src/sdp/index.ts';
import { createTransports } from '../../../src/sip/transport/index.ts';
import { UserAgent } from '../../../src/sip/ua/index.ts';

export async function startConferenceApp(options: { rtpPorts: [number, number] }) {
  const scheduler = realScheduler();
  const transport = await createTransports({ host: '127.0.0.1', port: 0 });
  const ports = new RtpPortAllocator({ min: options.rtpPorts[0], max: options.rtpPorts[1] });
  const mixer = new Mixer();
  const pacer = new Pacer({ scheduler, onFrame: () => mixer.tick() });
  let members = 0;
  const ua = new UserAgent({
    transport, scheduler, host: '127.0.0.1', port: transport.local.port, rateLimit: false,
    onInvite: (call) => {
      void (async () => {
        const ep = await MediaEndpoint.open({ host: '127.0.0.1', ports, scheduler, cname: call.callId });
        const result = answer(call.invite.body.toString(), { address: '127.0.0.1', port: ep.port, codecs: ['PCMU', 'PCMA'], telephoneEvent: true });
        if (!result.ok) return (ep.close(), call.reject(488));
        ep.configure(result.negotiated);
        mixer.add(call.callId, (pcm) => ep.sendAudio(pcm));
        ep.on('audio', (pcm) => mixer.push(call.callId, pcm));
        if (members++ === 0) pacer.start();
        call.on('ended', () => {
          mixer.remove(call.callId);
          ep.close();
          if (--members === 0) pacer.stop();
        });
        call.answer(Buffer.from(result.sdp));
      })();
    },
  });
  return { ua, port: transport.local.port, mixer, close: () => (pacer.stop(), ua.close()) };
}
