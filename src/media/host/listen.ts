// Listening for one utterance on an endpoint (`<Gather input="speech">`): the endpoint's decoded
// inbound audio is fed in, frame energy finds where speech starts, and the utterance ends after
// `speechTimeoutSec` of silence ('auto' = 1 s), at `maxSpeechTimeSec`, or when the audio stops
// coming. No speech within `timeoutSec` is a timeout. The audio then goes to the recognizer.

import type { Scheduler, TimerHandle } from '../../core/index.ts';
import { SpeechDetector, resolveSilenceOptions } from '../recorder/index.ts';
import type { ListenOptions } from './protocol.ts';

const RATE = 8000;
/** Audio kept from before the detected start (the detector needs a few loud blocks first). */
const PRE_ROLL_SAMPLES = 0.3 * RATE;
/** A run of loud audio this long counts as speech (a click does not). */
const MIN_SPEECH_MS = 80;
const AUTO_SPEECH_TIMEOUT_SEC = 1;

/** What a capture ends with: the utterance, or undefined (no speech in time, or cancelled). */
export type CaptureOutcome = Int16Array | undefined;

export class SpeechCapture {
  readonly done: Promise<CaptureOutcome>;
  private settle!: (r: CaptureOutcome) => void;
  private readonly detector: SpeechDetector;
  private readonly chunks: Int16Array[] = [];
  private samples = 0;
  private quiet = 0;
  private started = false;
  private timer: TimerHandle | undefined;
  private readonly endSilence: number;
  private readonly maxSamples: number;

  constructor(
    private readonly o: ListenOptions,
    private readonly scheduler: Scheduler,
  ) {
    this.done = new Promise((resolve) => (this.settle = resolve));
    this.detector = new SpeechDetector(resolveSilenceOptions().thresholdDbfs, MIN_SPEECH_MS, RATE);
    this.endSilence = (o.speechTimeoutSec === 'auto' ? AUTO_SPEECH_TIMEOUT_SEC : Math.max(0.5, o.speechTimeoutSec)) * RATE;
    this.maxSamples = o.maxSpeechTimeSec * RATE;
    this.timer = scheduler.setTimer(o.timeoutSec * 1000, () => this.finish(undefined));
  }

  /** Decoded inbound audio (8 kHz). */
  push(pcm: Int16Array): void {
    const loud = this.detector.push(pcm);
    this.chunks.push(pcm);
    this.samples += pcm.length;
    if (!this.started) {
      if (loud) return this.begin();
      this.dropPreRoll();
      return;
    }
    this.quiet = loud || this.detector.runFrames > 0 ? 0 : this.quiet + pcm.length;
    if (this.quiet >= this.endSilence || this.samples >= this.maxSamples) this.finish(this.utterance());
  }

  /** Ends the capture now: what was heard so far, or undefined before speech. */
  stop(): void {
    this.finish(this.started ? this.utterance() : undefined);
  }

  private begin(): void {
    this.started = true;
    this.clearTimer();
    // Audio that stops arriving (hold, a dead RTP stream) must not keep the caller waiting.
    this.timer = this.scheduler.setTimer(this.o.maxSpeechTimeSec * 1000 + this.endSilence / 8, () => this.finish(this.utterance()));
  }

  private dropPreRoll(): void {
    while (this.chunks.length > 1 && this.samples - (this.chunks[0]?.length ?? 0) >= PRE_ROLL_SAMPLES) {
      this.samples -= this.chunks.shift()?.length ?? 0;
    }
  }

  private utterance(): Int16Array {
    const out = new Int16Array(this.samples);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private clearTimer(): void {
    if (this.timer) this.scheduler.clearTimer(this.timer);
    this.timer = undefined;
  }

  private finish(r: CaptureOutcome): void {
    this.clearTimer();
    this.settle(r);
  }
}
