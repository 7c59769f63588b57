// The <Record> engine: no I/O and no clock. Time is the inbound audio itself (frames pushed at the
// sample rate), so a test feeds 10 s of audio in a millisecond and every decision is exact to the
// sample; RecordingSession fills gaps (no RTP) with silence on a Scheduler so time also moves when
// nothing arrives. Audio is analysed in 10 ms blocks whatever the packet size.
//
// Inputs: start(), pushInbound(frame), pushOutbound(frame) (dual only), pushDigit(key), hangup(),
// stop(). Outputs (events, synchronous): 'beep' once at start when playBeep (the caller's player
// plays it; the recorder plays nothing), 'write' with interleaved samples for the storage writer,
// 'end' once with the outcome, after the last 'write'.
//
// Decisions (Twilio's <Record> leaves them open):
// - Silence timeout counts continuous silence from the start of the recording by default
//   (timeoutFrom 'start'): a caller who says nothing is cut off after timeoutSec, which is how
//   Twilio behaves. timeoutFrom 'speech' waits for speech first. timeoutSec 0 disables it.
// - Silence and speech are judged on the inbound (caller) channel only, also in dual mode.
// - maxLengthSec counts elapsed recording time, leading silence included.
// - trim-silence: nothing is written before speech except a pre-roll (200 ms); trailing silence is
//   cut at finalize to the last speech plus the hangover (200 ms) via outcome.keepFrames. A
//   recording without speech keeps 0 frames (Twilio skips its action callback then).

import { TypedEmitter } from '../../core/index.ts';
import { concatPcm } from '../pcm.ts';
import { RecorderError } from './errors.ts';
import { SpeechDetector, resolveSilenceOptions, type SilenceOptions } from './silence.ts';

export type RecordingEndReason = 'timeout' | 'finish-key' | 'max-length' | 'hangup' | 'stopped';
export type RecorderState = 'idle' | 'recording' | 'ended';

export interface RecorderOptions {
  /** Longest recording in seconds (default 3600). */
  maxLengthSec?: number;
  /** Seconds of continuous silence that end the recording (default 5; 0 disables). */
  timeoutSec?: number;
  /** Where silence may start counting: from the start (default) or only after speech began. */
  timeoutFrom?: 'start' | 'speech';
  /** Keys that end the recording (default '1234567890*#'; '' for none). */
  finishOnKey?: string;
  /** Default 'trim-silence'. */
  trim?: 'trim-silence' | 'do-not-trim';
  /** Emit 'beep' at start (default true, as Twilio). */
  playBeep?: boolean;
  /** 'mono' (default): the caller only. 'dual': channel 1 inbound (caller), channel 2 outbound. */
  channels?: 'mono' | 'dual';
  /** Default 8000. */
  sampleRate?: number;
  silence?: SilenceOptions;
  /** Outbound audio queued ahead of inbound beyond this is dropped, oldest first (default 1000 ms). */
  maxOutboundLagMs?: number;
}

export interface RecordingOutcome {
  reason: RecordingEndReason;
  /** The finish key pressed ('finish-key' only). Twilio reports Digits=hangup on hangup; the call layer maps that. */
  digits?: string;
  /** Frames of the written stream to keep: pass as finalize({ keepFrames }). */
  keepFrames: number;
  /** Length of the kept recording. */
  durationSec: number;
  /** Frames written (before the trailing trim). */
  writtenFrames: number;
  /** Recording time from start to end, trimmed parts included. */
  elapsedSec: number;
  /** Leading audio never written. */
  trimmedStartSec: number;
  /** Trailing audio cut at finalize. */
  trimmedEndSec: number;
  speechDetected: boolean;
  channels: 1 | 2;
  sampleRate: number;
}

export interface RecorderEvents extends Record<string, unknown[]> {
  beep: [];
  write: [Int16Array];
  end: [RecordingOutcome];
}

const KEYS = '0123456789*#';

export class Recorder extends TypedEmitter<RecorderEvents> {
  readonly channels: 1 | 2;
  readonly sampleRate: number;
  private readonly o: Required<Omit<RecorderOptions, 'silence' | 'channels' | 'sampleRate'>>;
  private readonly maxFrames: number;
  private readonly timeoutFrames: number;
  private readonly hangoverFrames: number;
  private readonly preRollFrames: number;
  private readonly maxLagFrames: number;
  private readonly detector: SpeechDetector;
  private readonly block: Int16Array;
  private blockLen = 0;
  private st: RecorderState = 'idle';
  /** Inbound frames analysed (the recording's clock). */
  private elapsed = 0;
  private written = 0;
  private dropped = 0;
  private speech = false;
  /** Elapsed frame at which the last speech block ended (0 before any). */
  private lastSpeechEnd = 0;
  /** Leading audio held back before speech (trim mode), interleaved blocks. */
  private ring: Int16Array[] = [];
  private ringFrames = 0;
  private outQ: Int16Array[] = [];
  private outFrames = 0;
  private outHead = 0;
  private pendingWrites: Int16Array[] = [];
  private outcome: RecordingOutcome | undefined;
  private emitted = false;

  constructor(options: RecorderOptions = {}) {
    super();
    const silence = resolveSilenceOptions(options.silence);
    this.o = {
      maxLengthSec: options.maxLengthSec ?? 3600, timeoutSec: options.timeoutSec ?? 5, timeoutFrom: options.timeoutFrom ?? 'start',
      finishOnKey: options.finishOnKey ?? '1234567890*#', trim: options.trim ?? 'trim-silence', playBeep: options.playBeep ?? true,
      maxOutboundLagMs: options.maxOutboundLagMs ?? 1000,
    };
    this.channels = (options.channels ?? 'mono') === 'dual' ? 2 : 1;
    this.sampleRate = options.sampleRate ?? 8000;
    const bad = (why: string) => new RecorderError('ERR_RECORDER_OPTIONS', why);
    if (!Number.isInteger(this.sampleRate) || this.sampleRate < 100) throw bad(`sampleRate ${this.sampleRate} is not an integer ≥ 100`);
    if (!(this.o.maxLengthSec > 0) || !Number.isFinite(this.o.maxLengthSec)) throw bad(`maxLengthSec ${this.o.maxLengthSec} must be > 0`);
    if (!(this.o.timeoutSec >= 0) || !Number.isFinite(this.o.timeoutSec)) throw bad(`timeoutSec ${this.o.timeoutSec} must be ≥ 0`);
    if (!(this.o.maxOutboundLagMs >= 0)) throw bad(`maxOutboundLagMs ${this.o.maxOutboundLagMs} must be ≥ 0`);
    for (const k of this.o.finishOnKey) if (!KEYS.includes(k)) throw bad(`finishOnKey ${JSON.stringify(this.o.finishOnKey)}: ${k} is not one of ${KEYS}`);
    const frames = (ms: number) => Math.round((ms * this.sampleRate) / 1000);
    this.maxFrames = Math.max(1, frames(this.o.maxLengthSec * 1000));
    this.timeoutFrames = frames(this.o.timeoutSec * 1000);
    this.hangoverFrames = frames(silence.hangoverMs);
    this.preRollFrames = frames(silence.preRollMs);
    this.maxLagFrames = frames(this.o.maxOutboundLagMs);
    this.detector = new SpeechDetector(silence.thresholdDbfs, silence.minSpeechMs, this.sampleRate);
    this.block = new Int16Array(Math.floor(this.sampleRate / 100));
  }

  get state(): RecorderState {
    return this.st;
  }

  /** Inbound frames taken in so far (the recording's elapsed time in frames). */
  get elapsedFrames(): number {
    return this.elapsed + this.blockLen;
  }

  get writtenFrames(): number {
    return this.written;
  }

  /** The outcome once ended. */
  get result(): RecordingOutcome | undefined {
    return this.outcome;
  }

  start(): void {
    if (this.st !== 'idle') throw new RecorderError('ERR_RECORDER_OPTIONS', `start() in state ${this.st}`);
    this.st = 'recording';
    if (this.o.playBeep) this.emit('beep');
  }

  /** Caller audio. Ignored before start() and after the end. */
  pushInbound(frame: Int16Array): void {
    for (let i = 0; i < frame.length && this.st === 'recording'; ) {
      const room = Math.min(this.block.length, this.maxFrames - this.elapsed) - this.blockLen;
      const n = Math.min(room, frame.length - i);
      this.block.set(frame.subarray(i, i + n), this.blockLen);
      this.blockLen += n;
      i += n;
      if (this.blockLen === this.block.length || this.elapsed + this.blockLen >= this.maxFrames) this.processBlock(true);
    }
    this.drain();
  }

  /** Audio sent to the caller (dual only; ignored in mono). Channel 2 follows inbound time. */
  pushOutbound(frame: Int16Array): void {
    if (this.channels !== 2 || this.st !== 'recording' || frame.length === 0) return;
    this.outQ.push(frame.slice());
    this.outFrames += frame.length;
    while (this.outFrames > this.maxLagFrames && this.outQ.length > 0) {
      const head = this.outQ[0]!;
      const drop = Math.min(head.length - this.outHead, this.outFrames - this.maxLagFrames);
      this.outHead += drop;
      this.outFrames -= drop;
      if (this.outHead === head.length) [this.outQ, this.outHead] = [this.outQ.slice(1), 0];
    }
  }

  /** A DTMF key from any detector; a finish key ends the recording. Returns true when it did. */
  pushDigit(key: string): boolean {
    if (this.st !== 'recording' || key.length !== 1 || !this.o.finishOnKey.includes(key)) return false;
    this.end('finish-key', key);
    return true;
  }

  hangup(): void {
    this.end('hangup');
  }

  stop(): void {
    this.end('stopped');
  }

  private processBlock(checks: boolean): void {
    const mono = this.block.slice(0, this.blockLen);
    const n = mono.length;
    this.blockLen = 0;
    const isSpeech = this.detector.push(mono);
    const frames = this.channels === 2 ? this.interleave(mono) : mono;
    this.elapsed += n;
    if (isSpeech) this.lastSpeechEnd = this.elapsed;
    if (this.o.trim === 'trim-silence' && !this.speech) {
      this.ring.push(frames);
      this.ringFrames += n;
      this.trimRing(this.preRollFrames + this.detector.runFrames);
      if (isSpeech) {
        this.speech = true;
        this.write(...this.ring);
        [this.ring, this.ringFrames] = [[], 0];
      }
    } else {
      if (isSpeech) this.speech = true;
      this.write(frames);
    }
    if (!checks) return;
    if (this.elapsed >= this.maxFrames) this.end('max-length');
    else if (this.timeoutFrames > 0 && (this.speech || this.o.timeoutFrom === 'start') && this.elapsed - this.lastSpeechEnd >= this.timeoutFrames) {
      this.end('timeout');
    }
  }

  /** Drops leading held-back frames so at most `keep` remain. */
  private trimRing(keep: number): void {
    while (this.ringFrames > keep) {
      const head = this.ring[0]!;
      const headFrames = head.length / this.channels;
      const drop = Math.min(headFrames, this.ringFrames - keep);
      this.ring[0] = head.subarray(drop * this.channels);
      if (drop === headFrames) this.ring.shift();
      this.ringFrames -= drop;
      this.dropped += drop;
    }
  }

  private interleave(inbound: Int16Array): Int16Array {
    const out = new Int16Array(inbound.length * 2);
    for (let i = 0; i < inbound.length; i++) out[2 * i] = inbound[i]!;
    for (let i = 0; i < inbound.length && this.outQ.length > 0; ) {
      const head = this.outQ[0]!;
      const n = Math.min(head.length - this.outHead, inbound.length - i);
      for (let k = 0; k < n; k++) out[2 * (i + k) + 1] = head[this.outHead + k]!;
      i += n;
      this.outHead += n;
      this.outFrames -= n;
      if (this.outHead === head.length) [this.outQ, this.outHead] = [this.outQ.slice(1), 0];
    }
    return out;
  }

  private write(...blocks: Int16Array[]): void {
    for (const b of blocks) {
      if (b.length === 0) continue;
      this.pendingWrites.push(b);
      this.written += b.length / this.channels;
    }
  }

  private end(reason: RecordingEndReason, digits?: string): void {
    if (this.st !== 'recording') return;
    if (this.blockLen > 0) this.processBlock(false);
    this.st = 'ended';
    const trim = this.o.trim === 'trim-silence';
    if (trim && !this.speech) {
      this.dropped += this.ringFrames;
      [this.ring, this.ringFrames] = [[], 0];
    }
    const keepFrames = !trim ? this.written : this.speech ? Math.min(this.written, this.lastSpeechEnd - this.dropped + this.hangoverFrames) : 0;
    const sec = (frames: number) => frames / this.sampleRate;
    this.outcome = {
      reason, ...(digits !== undefined ? { digits } : {}),
      keepFrames, durationSec: sec(keepFrames), writtenFrames: this.written, elapsedSec: sec(this.elapsed),
      trimmedStartSec: sec(this.dropped), trimmedEndSec: sec(this.written - keepFrames),
      speechDetected: this.speech, channels: this.channels, sampleRate: this.sampleRate,
    };
    this.outQ = [];
    this.drain();
  }

  /** Emits gathered writes as one array, then 'end' once; safe against listeners re-entering. */
  private drain(): void {
    if (this.pendingWrites.length > 0) {
      const parts = this.pendingWrites;
      this.pendingWrites = [];
      const out = parts.length === 1 ? parts[0]! : concatPcm(parts);
      this.emit('write', out);
    }
    if (this.outcome && !this.emitted && this.pendingWrites.length === 0) {
      this.emitted = true;
      this.emit('end', this.outcome);
    }
  }
}

