// A drift-free frame clock. Frame n is due at origin + n × ptime on the injected Scheduler's
// monotonic clock; each timer is armed for the next due instant, so setTimeout's lateness never
// accumulates. A late tick sends every frame that has come due, up to `maxBurst`; beyond that the
// missed slots are skipped (the origin moves forward) rather than flooding the far end's jitter
// buffer with a burst after a long stall.

import type { Scheduler, TimerHandle } from '../../core/index.ts';

export interface PacerTick {
  /** 0, 1, 2 … without gaps. */
  readonly index: number;
  /** When this frame was due (Scheduler clock, ms). */
  readonly dueAt: number;
  /** now − dueAt when it was sent (negative within the early tolerance). */
  readonly lateness: number;
}

export interface PacerStats {
  /** Frames sent. */
  frames: number;
  /** Frames sent `lateThresholdMs` or more after their due time. */
  lateFrames: number;
  /** Ticks that found more than one frame due. */
  lateTicks: number;
  /** Frame slots given up because more than `maxBurst` frames were due at once. */
  skipped: number;
  /** The largest lateness seen, ms. */
  maxLatenessMs: number;
}

export interface PacerOptions {
  scheduler: Scheduler;
  /** Called once per frame slot. May call `stop()`. */
  onFrame: (tick: PacerTick) => void;
  /** Frame interval in ms; 20 by default (30 for ptime 30). */
  ptimeMs?: number;
  /** Most frames sent by one late tick; 10 (200 ms at ptime 20) by default. */
  maxBurst?: number;
  /** A frame this late or later counts in `lateFrames`; one ptime by default. */
  lateThresholdMs?: number;
  /** A timer firing this much early still sends its frame (timers round to whole ms); 1 by default. */
  earlyToleranceMs?: number;
}

export class Pacer {
  readonly ptimeMs: number;
  private readonly scheduler: Scheduler;
  private readonly onFrame: (tick: PacerTick) => void;
  private readonly maxBurst: number;
  private readonly lateThreshold: number;
  private readonly early: number;
  private origin = 0;
  private next = 0;
  private timer: TimerHandle | undefined;
  private active = false;
  /** Bumped by every start(), so a tick notices a stop() + start() made inside onFrame. */
  private generation = 0;
  private readonly counters: PacerStats = { frames: 0, lateFrames: 0, lateTicks: 0, skipped: 0, maxLatenessMs: 0 };

  constructor(options: PacerOptions) {
    this.scheduler = options.scheduler;
    this.onFrame = options.onFrame;
    this.ptimeMs = options.ptimeMs ?? 20;
    this.maxBurst = options.maxBurst ?? 10;
    this.lateThreshold = options.lateThresholdMs ?? this.ptimeMs;
    this.early = options.earlyToleranceMs ?? 1;
    if (!(this.ptimeMs > 0)) throw new RangeError(`ptime must be positive (got ${this.ptimeMs})`);
    if (!Number.isInteger(this.maxBurst) || this.maxBurst < 1) throw new RangeError(`maxBurst must be a positive integer (got ${this.maxBurst})`);
  }

  get running(): boolean {
    return this.active;
  }

  /** A copy of the counters (cumulative over every start). */
  get stats(): PacerStats {
    return { ...this.counters };
  }

  /** Frame 0 is due now (sent from a timer, never synchronously). No-op when running. */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.generation++;
    this.origin = this.scheduler.now();
    this.next = 0;
    this.arm(0);
  }

  stop(): void {
    this.active = false;
    if (this.timer) this.scheduler.clearTimer(this.timer);
    this.timer = undefined;
  }

  private arm(delay: number): void {
    this.timer = this.scheduler.setTimer(Math.max(0, delay), () => this.tick());
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.active) return;
    const now = this.scheduler.now();
    let due = Math.floor((now + this.early - this.origin) / this.ptimeMs) + 1 - this.next;
    if (due > 1) this.counters.lateTicks++;
    if (due > this.maxBurst) {
      const skip = due - this.maxBurst;
      this.counters.skipped += skip;
      this.origin += skip * this.ptimeMs;
      due = this.maxBurst;
    }
    const generation = this.generation;
    for (let i = 0; i < due && this.active && this.generation === generation; i++) {
      const dueAt = this.origin + this.next * this.ptimeMs;
      const lateness = now - dueAt;
      this.counters.frames++;
      if (lateness >= this.lateThreshold) this.counters.lateFrames++;
      if (lateness > this.counters.maxLatenessMs) this.counters.maxLatenessMs = lateness;
      const index = this.next++;
      this.onFrame({ index, dueAt, lateness });
    }
    if (this.active && this.generation === generation && !this.timer) this.arm(this.origin + this.next * this.ptimeMs - this.scheduler.now());
  }
}
