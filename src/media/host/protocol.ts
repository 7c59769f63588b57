// The media engine's control surface: what the call layer asks of a call's media, and what it is
// told back. One interface, two implementations: MediaHost runs the engines in the calling thread;
// the worker pool (../pool) runs a MediaHost per worker thread and carries these same commands as
// messages. Everything here is plain data, so it crosses postMessage unchanged.

/** An endpoint's id, unique in its pool (`w<worker>e<n>`). */
export type EndpointId = string;

export interface CreateEndpointOptions {
  /** The call leg it belongs to (logs, RTCP CNAME). */
  callSid: string;
  /** Place it in the same worker as this endpoint (legs that will be bridged or mixed together). */
  near?: EndpointId;
}

export interface EndpointInfo {
  id: EndpointId;
  /** Where the far end sends RTP (the address in our SDP). */
  host: string;
  port: number;
}

/** What to play, resolved to audio inside the worker. */
export type PlayItem =
  | { kind: 'say'; text: string; voice?: string; language?: string; loop?: number }
  | { kind: 'url'; url: string; loop?: number }
  | { kind: 'tone'; tone: 'beep' | 'ringback'; ms?: number }
  | { kind: 'silence'; ms: number };

export interface PlayOptions {
  /** A received digit stops the playback (and the rest of the list): `<Gather>` prompts. */
  interruptOnDtmf?: boolean;
}

export interface PlayResult {
  /** finished: all played; interrupted: a digit (interruptOnDtmf) or stop(); failed: an item could not be made. */
  status: 'finished' | 'interrupted' | 'failed';
  /** The digit that interrupted. */
  digit?: string;
  /** For failed: a registry code (13420 unplayable audio, 11200 fetch failure, 13520 bad text) and a reason. */
  code?: number;
  message?: string;
}

export interface RecordOptions {
  /** Storage id of the recording (the RE… SID). */
  recordingId: string;
  maxLengthSec: number;
  /** Seconds of silence that end it; 0 disables. */
  timeoutSec: number;
  finishOnKey: string;
  trim: 'trim-silence' | 'do-not-trim';
  playBeep: boolean;
  channels: 'mono' | 'dual';
}

export interface RecordResult {
  recordingId: string;
  reason: 'timeout' | 'finish-key' | 'max-length' | 'hangup' | 'stopped';
  digits?: string;
  durationSec: number;
  bytes: number;
}

export interface ListenOptions {
  /** Seconds to wait for speech to start. */
  timeoutSec: number;
  /** Silence that ends the utterance; 'auto' = 1 s. */
  speechTimeoutSec: number | 'auto';
  /** The utterance is cut at this length. */
  maxSpeechTimeSec: number;
  /** BCP-47 tag for the recognizer. */
  language?: string;
  /** Comma-separated phrases the recognizer should expect. */
  hints?: string;
}

export interface ListenResult {
  /** speech: an utterance was heard and recognised (text may still be ''); timeout: none in time, or stopped. */
  status: 'speech' | 'timeout';
  text: string;
  confidence: number;
}

export interface BridgeOptions {
  /** '*' on leg a ends the bridge (event 'hangup-on-star'). */
  hangupOnStar?: boolean;
  /** Record both directions into this recording (two channels: what a sent, then what b sent). */
  record?: { recordingId: string; trim: 'trim-silence' | 'do-not-trim' };
}

/** Told to the controller, unprompted. */
export type MediaEvent =
  | { type: 'dtmf'; id: EndpointId; digit: string }
  | { type: 'rtp-inactive'; id: EndpointId }
  | { type: 'rtp-active'; id: EndpointId }
  | { type: 'hangup-on-star'; id: EndpointId }
  /** A bridge's recording ended (when the bridge was torn down). */
  | { type: 'bridge-recording'; id: EndpointId; result: RecordResult }
  /** The endpoint is gone without being destroyed (its worker died). */
  | { type: 'endpoint-lost'; id: EndpointId; reason: string };

/** One worker's (or host's) load, reported every few seconds. */
export interface MediaLoad {
  endpoints: number;
  bridges: number;
  mixes: number;
  /** RTP packets received and sent per second over the last interval. */
  packetsInPerSec: number;
  packetsOutPerSec: number;
  /** Fraction of expected packets lost (RFC 3550 counting) over the endpoints' lifetimes. */
  lossRatio: number;
  /** CPU used by this thread over the interval, as a fraction of one core. */
  cpu: number;
  /** Event loop utilization over the interval (0–1). */
  elu: number;
}

/**
 * The commands. Every method rejects with a MediaCommandError for an unknown endpoint or a
 * failure the caller should act on (no common codec → 488).
 */
export interface MediaControl {
  createEndpoint(o: CreateEndpointOptions): Promise<EndpointInfo>;
  /** Answers the far end's offer; starts RTP. Rejects code 'no-common-codec' etc. (SDP errors). */
  answer(id: EndpointId, offer: string): Promise<{ sdp: string }>;
  /** An offer for an outbound leg; then `accept` the far end's answer. */
  offer(id: EndpointId): Promise<{ sdp: string }>;
  accept(id: EndpointId, answer: string): Promise<void>;
  play(id: EndpointId, items: PlayItem[], o?: PlayOptions): Promise<PlayResult>;
  /** Stops what is playing (its play() resolves 'interrupted'). */
  stopPlay(id: EndpointId): Promise<void>;
  record(id: EndpointId, o: RecordOptions): Promise<RecordResult>;
  /** Ends a recording in progress (its record() resolves with reason 'stopped' or the given one). */
  stopRecord(id: EndpointId, reason?: 'hangup' | 'stopped'): Promise<void>;
  sendDigits(id: EndpointId, digits: string): Promise<void>;
  /**
   * Waits for one utterance from the far end and recognises it (`<Gather input="speech">`).
   * Rejects 'no-recognizer' when the media has no speech recognizer, 'recognizer-failed' when it fails.
   */
  listen(id: EndpointId, o: ListenOptions): Promise<ListenResult>;
  /** Ends a listen in progress: what was heard so far is recognised, or it resolves 'timeout'. */
  stopListen(id: EndpointId): Promise<void>;
  /** Relays a ↔ b (same worker: create b `near` a). Stops anything playing on either. */
  bridge(a: EndpointId, b: EndpointId, o?: BridgeOptions): Promise<void>;
  unbridge(a: EndpointId): Promise<void>;
  /** Adds the endpoint to a named mix (created on first join) in the endpoint's worker. */
  joinMix(mix: string, id: EndpointId, o?: { muted?: boolean }): Promise<void>;
  leaveMix(id: EndpointId): Promise<void>;
  /** Ends everything on the endpoint, closes its sockets. Unknown ids resolve (idempotent). */
  destroy(id: EndpointId): Promise<void>;
  onEvent(listener: (e: MediaEvent) => void): () => void;
}

export type MediaCommand = Exclude<keyof MediaControl, 'onEvent'>;

export class MediaCommandError extends Error {
  constructor(
    /** 'unknown-endpoint', 'not-configured', 'no-common-codec', 'worker-lost', SDP error codes … */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MediaCommandError';
  }
}

export function isMediaCommandError(e: unknown): e is MediaCommandError {
  return e instanceof Error && e.name === 'MediaCommandError' && typeof (e as { code?: unknown }).code === 'string';
}
