// One <Record> run: a Recorder engine wired to a RecordingWriter, plus the one piece of time the
// engine does not own. The engine's clock is the inbound audio; when RTP stops (hold, mute with
// DTX, a dead peer) time would stop with it and neither the silence timeout nor maxLength would
// fire. With a Scheduler, the session fills such gaps with silence: every `gapCheckMs` it compares
// wall time since start() with the audio taken in and pushes silence for whatever lags by more
// than `gapFillMs` (jitter below that is left to the packets). Packets arriving after a fill are
// appended, so a burst of late packets lengthens the recording by at most their own duration.

import { TypedEmitter, type Scheduler, type TimerHandle } from '../../core/index.ts';
import { RecorderError } from './errors.ts';
import { Recorder, type RecorderOptions, type RecordingOutcome } from './recorder.ts';
import type { RecordingFile, RecordingWriter } from './storage.ts';

export interface RecordingSessionOptions extends RecorderOptions {
  writer: RecordingWriter;
  /** Enables gap filling on this clock; without it time moves only with pushed audio. */
  scheduler?: Scheduler;
  /** Inbound audio lagging wall time by more than this is filled with silence (default 200 ms). */
  gapFillMs?: number;
  /** How often the lag is checked (default 100 ms). */
  gapCheckMs?: number;
}

export interface RecordingResult {
  outcome: RecordingOutcome;
  file: RecordingFile;
}

export interface RecordingSessionEvents extends Record<string, unknown[]> {
  /** Play the beep now (playBeep). */
  beep: [];
  end: [RecordingResult];
}

export class RecordingSession extends TypedEmitter<RecordingSessionEvents> {
  readonly recorder: Recorder;
  /** Settles once the recording ended and the writer finalized (rejects on a storage error). */
  readonly done: Promise<RecordingResult>;
  private readonly writer: RecordingWriter;
  private readonly scheduler: Scheduler | undefined;
  private readonly gapFillFrames: number;
  private readonly gapCheckMs: number;
  private startedAt = 0;
  private timer: TimerHandle | undefined;
  private writeError: Error | undefined;

  /** The first error a write threw (the recording then stopped with reason 'stopped'). */
  get error(): Error | undefined {
    return this.writeError;
  }

  constructor(options: RecordingSessionOptions) {
    super();
    const { writer, scheduler, gapFillMs = 200, gapCheckMs = 100, ...recorderOptions } = options;
    this.recorder = new Recorder(recorderOptions);
    this.writer = writer;
    this.scheduler = scheduler;
    if (writer.format.channels !== this.recorder.channels || writer.format.sampleRate !== this.recorder.sampleRate) {
      throw new RecorderError(
        'ERR_RECORDER_OPTIONS',
        `writer is ${writer.format.channels} ch at ${writer.format.sampleRate} Hz, recorder ${this.recorder.channels} ch at ${this.recorder.sampleRate} Hz`,
      );
    }
    if (!(gapFillMs >= 0) || !(gapCheckMs > 0)) throw new RecorderError('ERR_RECORDER_OPTIONS', 'gapFillMs must be ≥ 0 and gapCheckMs > 0');
    this.gapFillFrames = Math.round((gapFillMs * this.recorder.sampleRate) / 1000);
    this.gapCheckMs = gapCheckMs;
    this.done = new Promise<RecordingResult>((resolve, reject) => {
      this.recorder.on('end', (outcome) => {
        this.disarm();
        // Finalized already (shutdown) → the same file; aborted → ERR_RECORDING_CLOSED.
        this.writer.finalize({ keepFrames: outcome.keepFrames }).then((file) => {
          const result = { outcome, file };
          resolve(result);
          this.emit('end', result);
        }, reject);
      });
    });
    this.done.catch(() => undefined);
    this.recorder.on('beep', () => this.emit('beep'));
    this.recorder.on('write', (samples) => {
      try {
        this.writer.write(samples);
      } catch (e) {
        // The writer went away under us (finalizeAllOnExit during shutdown, a full disk): end here.
        this.writeError ??= e instanceof Error ? e : new Error(String(e));
        this.recorder.stop();
      }
    });
  }

  start(): void {
    this.recorder.start();
    if (this.scheduler) {
      this.startedAt = this.scheduler.now();
      this.arm();
    }
  }

  inbound(frame: Int16Array): void {
    this.recorder.pushInbound(frame);
  }

  outbound(frame: Int16Array): void {
    this.recorder.pushOutbound(frame);
  }

  /** Returns true when the key ended the recording. */
  digit(key: string): boolean {
    return this.recorder.pushDigit(key);
  }

  hangup(): void {
    this.recorder.hangup();
  }

  stop(): void {
    this.recorder.stop();
  }

  private arm(): void {
    const s = this.scheduler;
    if (!s || this.recorder.state !== 'recording') return;
    this.timer = s.setTimer(this.gapCheckMs, () => {
      this.timer = undefined;
      this.fillGap(s.now());
      this.arm();
    });
  }

  private disarm(): void {
    if (this.timer && this.scheduler) this.scheduler.clearTimer(this.timer);
    this.timer = undefined;
  }

  private fillGap(now: number): void {
    const rate = this.recorder.sampleRate;
    const expected = Math.floor(((now - this.startedAt) * rate) / 1000);
    let lag = expected - this.recorder.elapsedFrames - this.gapFillFrames;
    while (lag > 0 && this.recorder.state === 'recording') {
      const n = Math.min(lag, rate);
      this.recorder.pushInbound(new Int16Array(n));
      lag -= n;
    }
  }
}
