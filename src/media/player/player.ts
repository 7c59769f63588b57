// The Player: a PlayQueue driven by a Pacer. While something is queued it hands one frame
// (ptime × rate samples, 160 at 20 ms and 8 kHz) to the sink per frame slot; when the queue runs
// dry it stops its clock. interrupt() empties the queue at once and says how much was played,
// which is what <Gather> needs when the first digit arrives during a prompt.
//
// Events fire, in order, as the frame that carries the sample they refer to is about to be handed
// to the sink: 'started' (first sample), 'finished' (last sample of the last loop). 'interrupted'
// and 'cancelled' fire inside interrupt()/skip(); 'idle' when the player stops sending frames.
// A listener that interrupts from 'started' or 'finished' still lets the frame in hand go to the
// sink (it is counted as played); nothing follows it.

import type { Scheduler } from '../../core/index.ts';
import { TypedEmitter } from '../../core/index.ts';
import { Pacer, type PacerStats } from './pacer.ts';
import { PlayQueue, type PlayItemInfo, type PlayOutcome, type PlaySource } from './play-queue.ts';

export type FrameSink = (frame: Int16Array) => void;

export interface PlayerOptions {
  scheduler: Scheduler;
  /** Receives every frame (a fresh array it may keep). Should not throw; see the 'failed' event. */
  sink: FrameSink;
  /** 20 by default. */
  ptimeMs?: number;
  /** 8000 by default. */
  sampleRate?: number;
  /** The cap for loop 0; 1000 by default. */
  maxLoops?: number;
  /** Most frames one late timer may catch up; see Pacer. */
  maxBurst?: number;
}

export type PlayerEvents = {
  started: [item: PlayItemInfo];
  finished: [outcome: PlayOutcome];
  interrupted: [outcome: PlayOutcome];
  cancelled: [outcome: PlayOutcome];
  /** No longer sending frames (the queue ran dry or was emptied). */
  idle: [];
  /** The sink threw; playback was stopped. Without a listener the error is rethrown. */
  failed: [error: unknown];
};

export interface PlayHandle {
  readonly id: number;
  readonly info: PlayItemInfo;
  /** Settles when the item ends, however it ends; never rejects. */
  readonly done: Promise<PlayOutcome>;
}

export interface InterruptReport {
  /** The item that was playing, if one had begun. */
  readonly interrupted: PlayOutcome | undefined;
  /** Queued items that never began. */
  readonly cancelled: readonly PlayOutcome[];
  /** How much of the interrupted item was played (0 when none was). */
  readonly playedMs: number;
}

export class Player extends TypedEmitter<PlayerEvents> {
  readonly frameSamples: number;
  private readonly queue: PlayQueue;
  private readonly pacer: Pacer;
  private readonly sink: FrameSink;
  private readonly waiters = new Map<number, (outcome: PlayOutcome) => void>();

  constructor(options: PlayerOptions) {
    super();
    const ptimeMs = options.ptimeMs ?? 20;
    const rate = options.sampleRate ?? 8000;
    this.frameSamples = Math.round((rate * ptimeMs) / 1000);
    if (this.frameSamples < 1 || (rate * ptimeMs) % 1000 !== 0) throw new RangeError(`ptime ${ptimeMs} ms at ${rate} Hz is not a whole number of samples`);
    this.sink = options.sink;
    this.queue = new PlayQueue({ maxLoops: options.maxLoops, sampleRate: rate });
    this.pacer = new Pacer({ scheduler: options.scheduler, ptimeMs, maxBurst: options.maxBurst, onFrame: () => this.tick() });
  }

  /** True while frames are being sent. */
  get playing(): boolean {
    return this.pacer.running;
  }

  /** Items playing or waiting. */
  get queued(): number {
    return this.queue.length;
  }

  /** Pacing counters (late frames, skipped slots …). */
  get stats(): PacerStats {
    return this.pacer.stats;
  }

  /** Queues a source; playback starts on the next frame slot if the player was idle. */
  play(source: PlaySource): PlayHandle {
    const info = this.queue.enqueue(source);
    const done = new Promise<PlayOutcome>((resolve) => this.waiters.set(info.id, resolve));
    this.pacer.start();
    return { id: info.id, info, done };
  }

  /** Stops at once: the playing item is interrupted, queued ones are cancelled. */
  interrupt(): InterruptReport {
    const { interrupted, cancelled } = this.queue.clear();
    const wasPlaying = this.pause();
    if (interrupted) this.settle('interrupted', interrupted);
    for (const c of cancelled) this.settle('cancelled', c);
    this.idleIf(wasPlaying);
    return { interrupted, cancelled, playedMs: interrupted?.playedMs ?? 0 };
  }

  /** The same as interrupt(). */
  stop(): InterruptReport {
    return this.interrupt();
  }

  /** Ends the playing item only; the next one follows on the next frame slot. */
  skip(): PlayOutcome | undefined {
    const outcome = this.queue.skip();
    const wasPlaying = this.queue.length === 0 && this.pause();
    if (outcome) this.settle(outcome.status === 'interrupted' ? 'interrupted' : 'cancelled', outcome);
    this.idleIf(wasPlaying);
    return outcome;
  }

  private tick(): void {
    const frame = new Int16Array(this.frameSamples);
    for (const e of this.queue.fill(frame)) {
      if (e.type === 'started') this.emit('started', e.item);
      else this.settle('finished', e.outcome);
    }
    try {
      this.sink(frame);
    } catch (err) {
      this.interrupt();
      if (this.listenerCount('failed') === 0) throw err;
      this.emit('failed', err);
      return;
    }
    if (this.queue.length === 0) this.idleIf(this.pause());
  }

  /** Stops the frame clock; true when it was running. */
  private pause(): boolean {
    const was = this.pacer.running;
    this.pacer.stop();
    return was;
  }

  /** Emits 'idle' unless a listener has started playback again meanwhile. */
  private idleIf(wasPlaying: boolean): void {
    if (wasPlaying && !this.pacer.running) this.emit('idle');
  }

  private settle(event: 'finished' | 'interrupted' | 'cancelled', outcome: PlayOutcome): void {
    const resolve = this.waiters.get(outcome.id);
    this.waiters.delete(outcome.id);
    resolve?.(outcome);
    this.emit(event, outcome);
  }
}
