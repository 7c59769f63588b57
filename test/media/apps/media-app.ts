// A media test application on the SIP stack and the media engine: answers each INVITE with an
// SDP answer, opens an RTP endpoint and records, per call, the digits detected and the audio
// packets received. Used in-process by the media acceptance tests.
import { realScheduler } from '../../../src/core/index.ts';
import { MediaEndpoint } from '../../../src/media/endpoint.ts';
import { Player, type PlaySource } from '../../../src/media/player/index.ts';
import { RecordingSession, type RecordingResult, type RecordingStorage } from '../../../src/media/recorder/index.ts';
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
  /** What the caller sent, recorded (with `record`), once the call has ended. */
  recording?: Promise<RecordingResult>;
}

export interface MediaAppOptions {
  rtpPorts?: [number, number];
  keepAudio?: boolean;
  /** Played to the caller once the call is answered (TTS, WAV, tones), in order. */
  prompts?: () => Promise<PlaySource[]>;
  /** Records what the caller sends into this storage, one recording per call (id = Call-ID hash). */
  record?: RecordingStorage;
}

export async function startMediaApp(options: MediaAppOptions = {}) {
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
        const recording = options.record
          ? new RecordingSession({
              writer: await options.record.create(`rec${calls.length}`, { sampleRate: 8000, channels: 1, encoding: 'pcm16' }),
              scheduler, timeoutSec: 0, trim: 'do-not-trim', playBeep: false, maxLengthSec: 120,
            })
          : undefined;
        if (recording) {
          recording.start();
          endpoint.on('audio', (pcm) => recording.inbound(pcm));
          record.recording = recording.done;
        }
        const player = new Player({ scheduler, sink: (frame) => endpoint.sendAudio(frame) });
        call.on('ended', () => {
          player.stop();
          recording?.hangup();
          endpoint.close();
          record.ended = true;
        });
        call.answer(Buffer.from(result.sdp));
        for (const source of (await options.prompts?.()) ?? []) player.play(source);
      })();
    },
  });
  return { ua, port: transport.local.port, calls, close: () => ua.close() };
}
