// MediaHost: the media engines behind the control protocol, in the calling thread. A worker of
// the pool runs one; tests and single-process tools may run one directly. Endpoints are plain
// MediaEndpoints; playing, recording, bridging and mixing are the engines of ../player,
// ../recorder, ../bridge and ../mixer, wired per endpoint by HostedEndpoint.

import { TypedEmitter, type Scheduler } from '../../core/index.ts';
import { answer, createOffer, processAnswer } from '../../sdp/index.ts';
import { Bridge } from '../bridge/index.ts';
import { MediaEndpoint } from '../endpoint.ts';
import type { AudioFetcher } from '../fetch/index.ts';
import { RecordingSession, type RecordingStorage } from '../recorder/index.ts';
import type { RtpPortAllocator } from '../rtp/index.ts';
import type { TtsProvider } from '../tts/index.ts';
import { isAsrError, type SpeechRecognizer } from '../asr/index.ts';
import { HostedEndpoint, type ActiveRecording } from './hosted-endpoint.ts';
import { SpeechCapture } from './listen.ts';
import { HostLoad } from './load.ts';
import { MixRooms } from './mixes.ts';
import {
  MediaCommandError,
  type BridgeOptions, type CreateEndpointOptions, type EndpointId, type EndpointInfo, type ListenOptions, type ListenResult, type MediaControl,
  type MediaEvent, type MediaLoad, type PlayItem, type PlayOptions, type PlayResult, type RecordOptions, type RecordResult,
} from './protocol.ts';
import { SourceError, resolveSources } from './sources.ts';

export interface MediaHostOptions {
  /** Address the RTP sockets bind to and the SDP announces. */
  host: string;
  ports: RtpPortAllocator;
  scheduler: Scheduler;
  tts: TtsProvider;
  fetcher: AudioFetcher;
  storage: RecordingStorage;
  /** Prefix of endpoint ids (the pool gives each worker its own: `w3`). */
  idPrefix?: string;
  /** Seconds without RTP before 'rtp-inactive' (default 30). */
  inactivitySec?: number;
  /** Speech recognition for listen(); without one, listen() rejects 'no-recognizer'. */
  recognizer?: SpeechRecognizer;
}

const CODECS = ['PCMU', 'PCMA'] as const;

export class MediaHost implements MediaControl {
  private readonly endpoints = new Map<EndpointId, HostedEndpoint>();
  private readonly events = new HostEvents();
  private readonly mixes: MixRooms;
  private readonly load: HostLoad;
  private next = 1;

  constructor(private readonly o: MediaHostOptions) {
    this.mixes = new MixRooms(o.scheduler);
    this.load = new HostLoad(() => this.endpoints.values());
  }

  onEvent(listener: (e: MediaEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  /** Load since the previous call (the pool asks every few seconds). */
  sampleLoad(): MediaLoad {
    return this.load.sample({ bridges: [...this.endpoints.values()].filter((e) => e.bridge?.leg === 'a').length, mixes: this.mixes.size });
  }

  get size(): number {
    return this.endpoints.size;
  }

  async createEndpoint(options: CreateEndpointOptions): Promise<EndpointInfo> {
    const { host, ports, scheduler } = this.o;
    const ep = await MediaEndpoint.open({ host, ports, scheduler, cname: `${options.callSid}@switchboard`, inactivityMs: (this.o.inactivitySec ?? 30) * 1000 });
    const id = `${this.o.idPrefix ?? 'h'}e${this.next++}`;
    const hosted = new HostedEndpoint(id, options.callSid, ep, scheduler);
    ep.on('dtmf', (e) => {
      if (e.type !== 'start' || e.signal === 'flash') return;
      this.emit({ type: 'dtmf', id, digit: e.signal });
      hosted.digit(e.signal);
    });
    ep.on('rtp', (e) => {
      if (e.type === 'inactive') this.emit({ type: 'rtp-inactive', id });
      else if (e.type === 'active') this.emit({ type: 'rtp-active', id });
    });
    this.endpoints.set(id, hosted);
    return { id, host, port: ep.port };
  }

  async answer(id: EndpointId, offer: string): Promise<{ sdp: string }> {
    const h = this.get(id);
    const result = answer(offer, { address: this.o.host, port: h.ep.port, codecs: [...CODECS], telephoneEvent: true });
    if (!result.ok) throw new MediaCommandError(result.error.code, result.error.message);
    h.ep.configure(result.negotiated);
    return { sdp: result.sdp };
  }

  async offer(id: EndpointId): Promise<{ sdp: string }> {
    const h = this.get(id);
    h.offer = createOffer({ address: this.o.host, port: h.ep.port, codecs: [...CODECS], telephoneEvent: true });
    return { sdp: h.offer.sdp };
  }

  async accept(id: EndpointId, sdp: string): Promise<void> {
    const h = this.get(id);
    if (!h.offer) throw new MediaCommandError('not-configured', `endpoint ${id} made no offer`);
    const result = processAnswer(h.offer, sdp);
    if (!result.ok) throw new MediaCommandError(result.error.code, result.error.message);
    h.ep.configure(result.negotiated);
  }

  async play(id: EndpointId, items: PlayItem[], options: PlayOptions = {}): Promise<PlayResult> {
    const h = this.configured(id);
    h.stopPlay();
    let sources;
    try {
      sources = await resolveSources(items, this.o);
    } catch (e) {
      if (e instanceof SourceError) return { status: 'failed', code: e.code, message: e.message };
      throw e;
    }
    if (!this.endpoints.has(id) || h.bridge) return { status: 'interrupted' };
    return new Promise<PlayResult>((settle) => {
      const player = h.playerFor();
      const handles = sources.map((s) => player.play(s));
      h.play = { handles, interruptOnDtmf: options.interruptOnDtmf ?? false, settle };
      const last = handles[handles.length - 1];
      if (!last) return (h.play = undefined, settle({ status: 'finished' }));
      void last.done.then((outcome) => {
        if (h.play?.settle !== settle) return;
        h.play = undefined;
        settle({ status: outcome.status === 'finished' ? 'finished' : 'interrupted' });
      });
    });
  }

  async stopPlay(id: EndpointId): Promise<void> {
    this.endpoints.get(id)?.stopPlay();
  }

  async record(id: EndpointId, options: RecordOptions): Promise<RecordResult> {
    const h = this.configured(id);
    if (h.recording) throw new MediaCommandError('busy', `endpoint ${id} is already recording`);
    const channels = options.channels === 'dual' ? 2 : 1;
    const writer = await this.o.storage.create(options.recordingId, { sampleRate: 8000, channels, encoding: 'pcm16' });
    const session = new RecordingSession({
      writer, scheduler: this.o.scheduler, maxLengthSec: options.maxLengthSec, timeoutSec: options.timeoutSec,
      finishOnKey: options.finishOnKey, trim: options.trim, playBeep: options.playBeep, channels: options.channels,
    });
    const recording: ActiveRecording = { id: options.recordingId, session, done: settleRecording(options.recordingId, session) };
    if (options.playBeep) {
      // The beep goes out first; recording starts when it has been played, as Twilio does.
      await this.play(id, [{ kind: 'tone', tone: 'beep' }]);
    }
    if (!this.endpoints.has(id)) {
      session.start();
      session.hangup();
      return recording.done;
    }
    h.recording = recording;
    session.start();
    return recording.done.finally(() => {
      if (h.recording === recording) h.recording = undefined;
    });
  }

  async stopRecord(id: EndpointId, reason: 'hangup' | 'stopped' = 'stopped'): Promise<void> {
    const rec = this.endpoints.get(id)?.recording;
    if (!rec) return;
    if (reason === 'hangup') rec.session.hangup();
    else rec.session.stop();
    await rec.done.catch(() => undefined);
  }

  async sendDigits(id: EndpointId, digits: string): Promise<void> {
    const h = this.configured(id);
    try {
      await h.ep.sendDigits(digits);
    } catch (e) {
      throw new MediaCommandError('bad-digits', e instanceof Error ? e.message : String(e));
    }
  }

  async listen(id: EndpointId, options: ListenOptions): Promise<ListenResult> {
    const recognizer = this.o.recognizer;
    if (!recognizer) throw new MediaCommandError('no-recognizer', 'this media host has no speech recognizer (apt-get install pocketsphinx pocketsphinx-en-us)');
    const h = this.configured(id);
    if (h.listening) throw new MediaCommandError('busy', `endpoint ${id} is already listening`);
    const capture = new SpeechCapture(options, this.o.scheduler);
    h.listening = capture;
    const pcm = await capture.done.finally(() => {
      if (h.listening === capture) h.listening = undefined;
    });
    if (!pcm) return { status: 'timeout', text: '', confidence: 0 };
    try {
      const r = await recognizer.recognize(pcm, { ...(options.language ? { language: options.language } : {}), ...(options.hints ? { hints: options.hints } : {}) });
      return { status: 'speech', text: r.text, confidence: r.confidence };
    } catch (e) {
      // A recognizer whose engine is not installed is no recognizer at all (the caller says what to install).
      if (isAsrError(e) && e.code === 'ERR_ASR_ENGINE_NOT_FOUND') throw new MediaCommandError('no-recognizer', e.message);
      throw new MediaCommandError('recognizer-failed', `${recognizer.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async stopListen(id: EndpointId): Promise<void> {
    this.endpoints.get(id)?.listening?.stop();
  }

  async bridge(a: EndpointId, b: EndpointId, options: BridgeOptions = {}): Promise<void> {
    const ha = this.configured(a);
    const hb = this.configured(b);
    if (ha.bridge || hb.bridge) throw new MediaCommandError('busy', 'one of the endpoints is already bridged');
    ha.stopPlay();
    hb.stopPlay();
    const fa = ha.ep.format;
    const fb = hb.ep.format;
    if (!fa || !fb) throw new MediaCommandError('not-configured', 'both endpoints need negotiated media');
    const engine = new Bridge({ a: fa, b: fb, sinkA: ha.ep.sink(), sinkB: hb.ep.sink(), hangupOnStar: options.hangupOnStar ?? false });
    engine.on('hangup-on-star', () => this.emit({ type: 'hangup-on-star', id: a }));
    engine.on('dtmf', (d) => {
      if (d.event.type === 'start' && d.event.signal !== 'flash') this.emit({ type: 'dtmf', id: d.from === 'a' ? a : b, digit: d.event.signal });
    });
    ha.bridge = { peer: hb, engine, leg: 'a' };
    hb.bridge = { peer: ha, engine, leg: 'b' };
    ha.ep.relayTo((p, now) => engine.receive('a', p, now));
    hb.ep.relayTo((p, now) => engine.receive('b', p, now));
    if (options.record) await this.recordBridge(ha, options.record);
  }

  async unbridge(id: EndpointId): Promise<void> {
    const h = this.endpoints.get(id);
    const br = h?.bridge;
    if (!h || !br) return;
    const a = br.leg === 'a' ? h : br.peer;
    const b = br.leg === 'a' ? br.peer : h;
    a.ep.relayTo(undefined);
    b.ep.relayTo(undefined);
    br.engine.close(this.o.scheduler.now());
    const rec = a.bridge?.recording;
    a.bridge = undefined;
    b.bridge = undefined;
    if (rec) {
      rec.session.hangup();
      const result = await rec.done.catch(() => undefined);
      if (result) this.emit({ type: 'bridge-recording', id: a.id, result });
    }
  }

  async joinMix(mix: string, id: EndpointId, options: { muted?: boolean } = {}): Promise<void> {
    const h = this.configured(id);
    if (h.mix) throw new MediaCommandError('busy', `endpoint ${id} is already in mix ${h.mix}`);
    h.stopPlay();
    this.mixes.join(mix, h, options);
  }

  async leaveMix(id: EndpointId): Promise<void> {
    const h = this.endpoints.get(id);
    if (h) this.mixes.leave(h);
  }

  async destroy(id: EndpointId): Promise<void> {
    const h = this.endpoints.get(id);
    if (!h) return;
    h.stopPlay();
    h.listening?.stop();
    await this.unbridge(id);
    this.mixes.leave(h);
    this.endpoints.delete(id);
    this.load.retire(h);
    const rec = h.recording;
    rec?.session.hangup();
    h.player?.stop();
    h.ep.close();
    await rec?.done.catch(() => undefined);
  }

  /** Destroys every endpoint (shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.endpoints.keys()].map((id) => this.destroy(id)));
  }

  private async recordBridge(a: HostedEndpoint, o: NonNullable<BridgeOptions['record']>): Promise<void> {
    const br = a.bridge;
    if (!br) return;
    // Two channels always (a, then b): the recorder has no mono mix-down of two talkers yet.
    const writer = await this.o.storage.create(o.recordingId, { sampleRate: 8000, channels: 2, encoding: 'pcm16' });
    const session = new RecordingSession({
      writer, scheduler: this.o.scheduler, maxLengthSec: 14_400, timeoutSec: 0, finishOnKey: '', trim: o.trim, playBeep: false, channels: 'dual',
    });
    br.recording = { id: o.recordingId, session, done: settleRecording(o.recordingId, session) };
    br.engine.setTap('a', (pcm) => session.inbound(pcm));
    br.engine.setTap('b', (pcm) => session.outbound(pcm));
    session.start();
  }

  private emit(e: MediaEvent): void {
    this.events.fire(e);
  }

  private get(id: EndpointId): HostedEndpoint {
    const h = this.endpoints.get(id);
    if (!h) throw new MediaCommandError('unknown-endpoint', `no endpoint ${id}`);
    return h;
  }

  private configured(id: EndpointId): HostedEndpoint {
    const h = this.get(id);
    if (!h.ep.format) throw new MediaCommandError('not-configured', `endpoint ${id} has no negotiated media yet`);
    return h;
  }
}

class HostEvents extends TypedEmitter<{ event: [MediaEvent] }> {
  fire(e: MediaEvent): void {
    this.emit('event', e);
  }
}

function settleRecording(recordingId: string, session: RecordingSession): Promise<RecordResult> {
  return session.done.then(({ outcome, file }) => ({
    recordingId,
    reason: outcome.reason,
    ...(outcome.digits !== undefined ? { digits: outcome.digits } : {}),
    durationSec: outcome.durationSec,
    bytes: file.bytes,
  }));
}
