// A media test application on the SIP stack and the media engine: answers each INVITE with an
// SDP answer, opens an RTP endpoint and records, per call, the digits detected and the audio
// packets received. Used in-process by the media acceptance tests.
import { realScheduler } from '../../../src/core/index.ts';
import { MediaEndpoint } from '../../../src/media/endpoint.ts';
import { RtpPortAllocator } from '../../../src/media/rtp/index.ts';
import { answer } from '../../../src/sdp/index.ts';
import { createTransports } from '../../../src/sip/transport/index.ts';
import { UserAgent } from '../../../src/sip/ua/index.ts';

export interface CallRecord {
  callId: string;
  digits: string;
  codec?: string;
  audioPackets: number;
  /** Received audio, decoded (kept when the app is started with `keepAudio`). */
  audio: Int16Array[];
  ended: boolean;
}

export async function startMediaApp(options: { rtpPorts?: [number, number]; keepAudio?: boolean } = {}) {
  const scheduler = realScheduler();
  const transport = await createTransports({ host: '127.0.0.1', port: 0 });
  const ports = new RtpPortAllocator({ min: options.rtpPorts?.[0] ?? 31000, max: options.rtpPorts?.[1] ?? 31999 });
  const calls: CallRecord[] = [];
  const ua = new UserAgent({
    transport,
    scheduler,
    host: '127.0.0.1',
    port: transport.local.port,
    rateLimit: false,
    onInvite: (call) => {
      void (async () => {
        const endpoint = await MediaEndpoint.open({ host: '127.0.0.1', ports, scheduler, cname: `${call.callId}@switchboard` });
        const result = answer(call.invite.body.toString(), { address: '127.0.0.1', port: endpoint.port, codecs: ['PCMU', 'PCMA'], telephoneEvent: true });
        if (!result.ok) {
          endpoint.close();
          return call.reject(488, 'Not Acceptable Here');
        }
        const record: CallRecord = { callId: call.callId, digits: '', codec: result.negotiated.codec.name, audioPackets: 0, audio: [], ended: false };
        calls.push(record);
        endpoint.on('dtmf', (e) => {
          if (e.type === 'start') record.digits += e.signal === 'flash' ? '' : e.signal;
        });
        endpoint.on('audio', (pcm) => {
          record.audioPackets++;
          if (options.keepAudio) record.audio.push(pcm);
        });
        endpoint.configure(result.negotiated);
        call.on('ended', () => {
          endpoint.close();
          record.ended = true;
        });
        call.answer(Buffer.from(result.sdp));
      })();
    },
  });
  return { ua, port: transport.local.port, calls, close: () => ua.close() };
}
