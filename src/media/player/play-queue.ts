// The Player's state without I/O or time: a queue of PCM sources with loop counts, cut into
// frames on demand. Items follow each other without a gap inside a frame; after the last one the
// frame is padded with silence. Every sample handed out is counted against its item.

export interface PlaySource {
  /** Mono PCM at the player's rate (8 kHz): from a WAV, TTS, a tone or silence. */
  readonly samples: Int16Array;
  /** Times to play; 1 by default. 0 means "until stopped", capped at `maxLoops` as Twilio does. */
  readonly loop?: number;
  /** Free text carried into events and outcomes (a URL, "say", "ringback" …). */
  readonly label?: string;
}

export interface PlayItemInfo {
  readonly id: number;
  readonly label: string | undefined;
  /** Loops this item will play (0 in the source resolved to the cap). */
  readonly loops: number;
  readonly samplesPerLoop: number;
}

export type PlayStatus = 'finished' | 'interrupted' | 'cancelled';

export interface PlayOutcome extends PlayItemInfo {
  /** finished: played to the end; interrupted: stopped while playing; cancelled: stopped before it began. */
  readonly status: PlayStatus;
  readonly playedSamples: number;
  readonly playedMs: number;
  readonly loopsCompleted: number;
}

export type QueueEvent = { readonly type: 'started'; readonly item: PlayItemInfo } | { readonly type: 'ended'; readonly outcome: PlayOutcome };

/** Twilio plays a loop="0" <Play> or <Say> at most 1000 times. */
export const DEFAULT_MAX_LOOPS = 1000;

interface Item {
  readonly info: PlayItemInfo;
  readonly samples: Int16Array;
  offset: number;
  played: number;
  loopsDone: number;
  started: boolean;
}

export class PlayQueue {
  private readonly items: Item[] = [];
  private nextId = 1;
  private readonly maxLoops: number;
  private readonly samplesPerMs: number;

  constructor(options: { maxLoops?: number; sampleRate?: number } = {}) {
    this.maxLoops = options.maxLoops ?? DEFAULT_MAX_LOOPS;
    this.samplesPerMs = (options.sampleRate ?? 8000) / 1000;
    if (!Number.isInteger(this.maxLoops) || this.maxLoops < 1) throw new RangeError(`maxLoops must be a positive integer (got ${this.maxLoops})`);
  }

  /** Items waiting or playing. */
  get length(): number {
    return this.items.length;
  }

  /** The item at the head of the queue (playing, or about to). */
  get current(): PlayItemInfo | undefined {
    return this.items[0]?.info;
  }

  enqueue(source: PlaySource): PlayItemInfo {
    const loop = source.loop ?? 1;
    if (!Number.isInteger(loop) || loop < 0) throw new RangeError(`loop must be an integer ≥ 0 (got ${loop})`);
    const info: PlayItemInfo = { id: this.nextId++, label: source.label, loops: loop === 0 ? this.maxLoops : Math.min(loop, this.maxLoops), samplesPerLoop: source.samples.length };
    this.items.push({ info, samples: source.samples, offset: 0, played: 0, loopsDone: 0, started: false });
    return info;
  }

  /** Fills `frame` completely (silence after the last item) and reports what began and ended. */
  fill(frame: Int16Array): QueueEvent[] {
    const events: QueueEvent[] = [];
    let pos = 0;
    while (pos < frame.length) {
      const item = this.items[0];
      if (!item) {
        frame.fill(0, pos);
        break;
      }
      if (!item.started) {
        item.started = true;
        events.push({ type: 'started', item: item.info });
      }
      const length = item.samples.length;
      if (length > 0) {
        const n = Math.min(frame.length - pos, length - item.offset);
        frame.set(item.samples.subarray(item.offset, item.offset + n), pos);
        pos += n;
        item.offset += n;
        item.played += n;
        if (item.offset < length) continue;
        item.offset = 0;
        item.loopsDone++;
        if (item.loopsDone < item.info.loops) continue;
      }
      this.items.shift();
      events.push({ type: 'ended', outcome: this.outcome(item, 'finished') });
    }
    return events;
  }

  /** Ends the playing item (status interrupted, or cancelled if it had not begun); the rest stay. */
  skip(): PlayOutcome | undefined {
    const item = this.items.shift();
    return item && this.outcome(item, item.started ? 'interrupted' : 'cancelled');
  }

  /** Empties the queue: the head is interrupted (or cancelled), the others cancelled. */
  clear(): { interrupted: PlayOutcome | undefined; cancelled: PlayOutcome[] } {
    const head = this.items[0];
    const interrupted = head?.started ? this.outcome(head, 'interrupted') : undefined;
    const cancelled = this.items.filter((i) => !i.started).map((i) => this.outcome(i, 'cancelled'));
    this.items.length = 0;
    return { interrupted, cancelled };
  }

  private outcome(item: Item, status: PlayStatus): PlayOutcome {
    return { ...item.info, status, playedSamples: item.played, playedMs: item.played / this.samplesPerMs, loopsCompleted: item.loopsDone };
  }
}
