// The conference mixer: N participants, 8 kHz, one frame (20 ms) per tick. No I/O and no clock:
// legs push the PCM they receive, the caller's pacer calls tick() every frame.
//
// Each tick, every participant's input queue yields a frame (or silence when none is whole), the
// unmuted inputs and the play-to-all channel are summed ONCE into an Int32 accumulator, and each
// participant is sent that sum minus its own input (it hears everyone else, never itself), limited
// to int16 (limiter.ts). Participants that put nothing in the sum (muted, silent) all hear the same
// frame, limited once and copied. Every buffer is allocated when a participant joins; a tick
// allocates nothing (the 'speaking' and 'play-ended' events build their payloads when they fire).

import { TypedEmitter } from '../../core/index.ts';
import { InputQueue } from './input-queue.ts';
import { Limiter } from './limiter.ts';
import type { MixerSource } from './source.ts';
import { SpeakingDetector, levelDb } from './speaking.ts';
import type { MixerEvents, MixerOptions, MixerSink, MixerStats, ParticipantOptions, ParticipantStats } from './types.ts';

interface Participant {
  readonly id: string;
  readonly sink: MixerSink;
  readonly queue: InputQueue;
  readonly input: Int16Array;
  readonly output: Int16Array;
  readonly speech: SpeakingDetector;
  muted: boolean;
  /** Its input is in this tick's sum. */
  contributes: boolean;
  /** `speech.speaking` changed this tick. */
  changed: boolean;
  removed: boolean;
}

export class Mixer extends TypedEmitter<MixerEvents> {
  readonly frameSamples: number;
  readonly stats: MixerStats = { ticks: 0, playFrames: 0 };

  private readonly o: MixerOptions;
  private readonly queueFrames: number;
  private readonly limiter: Limiter;
  private readonly list: Participant[] = [];
  private readonly byId = new Map<string, Participant>();
  private readonly mix: Int32Array;
  private readonly everyone: Int16Array;
  private readonly playFrame: Int16Array;
  private source: MixerSource | undefined;
  private mixTap: MixerSink | undefined;
  private ticking = false;
  private pendingRemovals = 0;

  constructor(options: MixerOptions = {}) {
    super();
    this.o = options;
    this.frameSamples = options.frameSamples ?? 160;
    this.queueFrames = options.queueFrames ?? 3;
    if (!(Number.isInteger(this.frameSamples) && this.frameSamples > 0)) throw new RangeError(`frameSamples ${this.frameSamples} must be a whole number > 0`);
    if (!(Number.isInteger(this.queueFrames) && this.queueFrames >= 1 && this.queueFrames <= 10)) {
      throw new RangeError(`queueFrames ${this.queueFrames} must be a whole number in 1..10`);
    }
    this.limiter = new Limiter(options.limiter ?? 'hard', options.limiterKnee ?? 0.75);
    this.mix = new Int32Array(this.frameSamples);
    this.everyone = new Int16Array(this.frameSamples);
    this.playFrame = new Int16Array(this.frameSamples);
  }

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Joins a participant; it is heard from its first pushed frame on. Throws for an id already in. */
  add(id: string, sink: MixerSink, options: ParticipantOptions = {}): void {
    if (this.byId.has(id)) throw new RangeError(`participant ${id} is already in the mixer`);
    const n = this.frameSamples;
    const p: Participant = {
      id, sink,
      queue: new InputQueue(n, this.queueFrames, this.o.drainAfterTicks ?? 50),
      input: new Int16Array(n), output: new Int16Array(n),
      speech: new SpeakingDetector(this.o.speaking),
      muted: options.muted ?? false, contributes: false, changed: false, removed: false,
    };
    this.byId.set(id, p);
    this.list.push(p);
  }

  /** Leaves at once (also from a sink or listener during a tick); false when not in. */
  remove(id: string): boolean {
    const p = this.byId.get(id);
    if (!p) return false;
    this.byId.delete(id);
    p.removed = true;
    if (this.ticking) this.pendingRemovals++;
    else this.list.splice(this.list.indexOf(p), 1);
    if (p.speech.reset()) this.emit('speaking', { id, speaking: false, levelDb: -Infinity });
    return true;
  }

  /** PCM received from a participant's leg, any length (a 20 or 30 ms packet); false when not in. */
  push(id: string, pcm: Int16Array): boolean {
    const p = this.byId.get(id);
    if (!p) return false;
    p.queue.push(pcm);
    return true;
  }

  setMuted(id: string, muted: boolean): void {
    const p = this.byId.get(id);
    if (!p) throw new RangeError(`participant ${id} is not in the mixer`);
    p.muted = muted;
    if (muted && p.speech.reset()) this.emit('speaking', { id, speaking: false, levelDb: -Infinity });
  }

  isMuted(id: string): boolean {
    return this.byId.get(id)?.muted ?? false;
  }

  participantStats(id: string): ParticipantStats | undefined {
    const p = this.byId.get(id);
    if (!p) return undefined;
    return { ...p.queue.stats, muted: p.muted, speaking: p.speech.speaking, levelDb: p.speech.level };
  }

  /** Mixes `source` into everyone's output from the next tick (undefined stops it); replaces any other. */
  play(source: MixerSource | undefined): void {
    const had = this.source !== undefined;
    this.source = source;
    if (had) this.emit('play-ended', { reason: 'stopped' });
  }

  get playing(): boolean {
    return this.source !== undefined;
  }

  /** Receives the whole mix (every unmuted input and the play channel) each tick, for recording. */
  setMixTap(tap: MixerSink | undefined): void {
    this.mixTap = tap;
  }

  /** One frame: mix, send every participant its output, then report speaking changes. */
  tick(): void {
    if (this.ticking) throw new Error('Mixer.tick() called from inside a tick');
    this.ticking = true;
    try {
      const played = this.mixInputs();
      this.sendOutputs();
      this.report(played);
    } finally {
      this.ticking = false;
      if (this.pendingRemovals > 0) this.compact();
    }
    this.stats.ticks++;
  }

  /** Fills the accumulator; returns 'finished' when the play source ran out this tick. */
  private mixInputs(): 'finished' | undefined {
    const mix = this.mix;
    const n = mix.length;
    mix.fill(0);
    const list = this.list;
    const speakersOnly = this.o.mixSpeakersOnly ?? false;
    for (let k = 0; k < list.length; k++) {
      const p = list[k]!;
      p.contributes = false;
      p.changed = false;
      const has = p.queue.take(p.input);
      if (p.muted) continue;
      let energy = 0;
      if (has) {
        const x = p.input;
        for (let i = 0; i < n; i++) {
          const v = x[i]!;
          energy += v * v;
        }
      }
      p.changed = p.speech.update(levelDb(energy, n));
      if (!has || (speakersOnly && !p.speech.speaking)) continue;
      p.contributes = true;
      const x = p.input;
      for (let i = 0; i < n; i++) mix[i] = mix[i]! + x[i]!;
    }
    const source = this.source;
    if (source === undefined) return undefined;
    const got = source.read(this.playFrame);
    const play = this.playFrame;
    for (let i = 0; i < got && i < n; i++) mix[i] = mix[i]! + play[i]!;
    this.stats.playFrames++;
    if (got >= n) return undefined;
    this.source = undefined;
    return 'finished';
  }

  private sendOutputs(): void {
    const list = this.list;
    let everyoneReady = false;
    for (let k = 0; k < list.length; k++) {
      const p = list[k]!;
      if (p.removed) continue;
      if (p.contributes) {
        this.limiter.writeWithout(this.mix, p.input, p.output);
      } else {
        if (!everyoneReady) this.limiter.write(this.mix, this.everyone);
        everyoneReady = true;
        p.output.set(this.everyone);
      }
      p.sink(p.output);
    }
    const tap = this.mixTap;
    if (tap !== undefined) {
      if (!everyoneReady) this.limiter.write(this.mix, this.everyone);
      tap(this.everyone);
    }
  }

  private report(played: 'finished' | undefined): void {
    const list = this.list;
    for (let k = 0; k < list.length; k++) {
      const p = list[k]!;
      if (p.changed && !p.removed) this.emit('speaking', { id: p.id, speaking: p.speech.speaking, levelDb: p.speech.level });
    }
    if (played) this.emit('play-ended', { reason: played });
  }

  private compact(): void {
    let w = 0;
    for (let k = 0; k < this.list.length; k++) {
      const p = this.list[k]!;
      if (!p.removed) this.list[w++] = p;
    }
    this.list.length = w;
    this.pendingRemovals = 0;
  }
}
