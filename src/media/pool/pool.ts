// MediaPool: the MediaControl the call router uses in production. Endpoints live in worker threads
// (worker.ts), each owning a slice of the RTP port range; commands travel as messages
// (messages.ts). Placement: `near` goes to near's worker, anything else to the worker with the
// fewest endpoints that is not draining. Workers can be added and drained at run time; a worker
// that dies ends only its own endpoints ('endpoint-lost'), is logged, and is replaced on its slice.

import { TypedEmitter } from '../../core/index.ts';
import {
  MediaCommandError,
  type BridgeOptions, type CreateEndpointOptions, type EndpointId, type EndpointInfo, type ListenOptions, type ListenResult, type MediaControl, type MediaEvent,
  type PlayItem, type PlayOptions, type PlayResult, type RecordOptions, type RecordResult,
} from '../host/index.ts';
import { MixHomes } from './mix-homes.ts';
import { resolvePoolOptions, type MediaPoolEvents, type MediaPoolOptions, type ResolvedPoolOptions, type WorkerInfo } from './options.ts';
import { SliceTable, splitPorts, type PortSlice } from './slices.ts';
import { PoolWorker, type WorkerHooks } from './worker-handle.ts';

/** A worker that dies within this long of starting counts as a crash loop: its replacement waits. */
const QUICK_DEATH_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;

export class MediaPool extends TypedEmitter<MediaPoolEvents> implements MediaControl {
  private readonly live = new Map<number, PoolWorker>();
  private readonly owner = new Map<EndpointId, PoolWorker>();
  private readonly mixes = new MixHomes();
  private readonly slices: SliceTable;
  /** Consecutive quick deaths per slice index (backoff before the next replacement). */
  private readonly quickDeaths = new Map<number, number>();
  private readonly backoffTimers = new Set<NodeJS.Timeout>();
  private nextWorkerId = 1;
  private closing: Promise<void> | undefined;
  private readonly hooks: WorkerHooks = {
    event: (_w, e) => this.emit('event', e),
    load: (w, load) => this.emit('load', { workerId: w.id, load }),
    exit: (w, code, expected) => this.workerExited(w, code, expected),
  };

  private constructor(private readonly o: ResolvedPoolOptions) {
    super();
    this.slices = new SliceTable(splitPorts(o.portMin, o.portMax, o.maxWorkers));
  }

  /** Starts `workers` workers and resolves when all are ready; if one cannot start, stops the rest and rejects. */
  static async start(options: MediaPoolOptions): Promise<MediaPool> {
    const pool = new MediaPool(resolvePoolOptions(options));
    const slices = pool.slices.slices.slice(0, options.workers);
    const started = await Promise.allSettled(slices.map((s) => pool.launch(s)));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await pool.close();
      throw failed.reason;
    }
    return pool;
  }

  workers(): WorkerInfo[] {
    return [...this.live.values()].filter((w) => w.state !== 'exited').map((w) => info(w));
  }

  /** Starts one more worker on a free slice. Rejects 'no-free-slice' when all `maxWorkers` slices are held. */
  async add(): Promise<WorkerInfo> {
    this.assertOpen();
    const slice = this.slices.free();
    if (!slice) throw new MediaCommandError('no-free-slice', `all ${this.slices.slices.length} port slices have a worker (raise maxWorkers, or drain one first)`);
    return info(await this.launch(slice));
  }

  /** No new endpoints go to the worker (`near` placements still do); resolves once its endpoints are destroyed and it has exited. */
  async drain(workerId: number): Promise<void> {
    const w = this.live.get(workerId);
    if (!w || w.state === 'exited') throw new MediaCommandError('unknown-worker', `no media worker ${workerId}`);
    w.draining = true;
    this.o.logger.info({ workerId, endpoints: w.endpoints.size }, 'media worker draining');
    await w.whenIdle();
    await w.stop(this.o.stopGraceMs);
  }

  /**
   * For tests and operators: ends a worker the way a crash would, so the crash path runs ('endpoint-lost'
   * for its endpoints, a replacement on its slice). 'terminate' stops the thread from outside,
   * 'exit' makes it call process.exit(1) itself, 'throw' makes it die of an uncaught exception.
   * Resolves when it has exited.
   */
  async kill(workerId: number, how: 'terminate' | 'exit' | 'throw' = 'terminate'): Promise<void> {
    const w = this.live.get(workerId);
    if (!w || w.state === 'exited') throw new MediaCommandError('unknown-worker', `no media worker ${workerId}`);
    if (how === 'terminate') void w.terminate();
    else void w.control(how === 'exit' ? '__crash' : '__throw').catch(() => undefined);
    await w.exited;
  }

  /** Destroys every endpoint (finalizing recordings) and ends every worker. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const t of this.backoffTimers) clearTimeout(t);
      this.backoffTimers.clear();
      await Promise.all([...this.live.values()].map((w) => w.stop(this.o.stopGraceMs)));
    })();
    return this.closing;
  }

  onEvent(listener: (e: MediaEvent) => void): () => void {
    this.on('event', listener);
    return () => this.off('event', listener);
  }

  async createEndpoint(o: CreateEndpointOptions): Promise<EndpointInfo> {
    this.assertOpen();
    let w = this.pick(o.near);
    while (!w) {
      await this.anyStarted();
      this.assertOpen();
      w = this.pick(o.near);
    }
    w.creating++; // counted at once, so concurrent creates spread out
    try {
      const ep = await w.call('createEndpoint', [o]);
      this.owner.set(ep.id, w);
      w.endpoints.add(ep.id);
      return ep;
    } finally {
      w.creating--;
      w.checkIdle();
    }
  }

  async answer(id: EndpointId, offer: string): Promise<{ sdp: string }> {
    return this.route(id).call('answer', [id, offer]);
  }

  async offer(id: EndpointId): Promise<{ sdp: string }> {
    return this.route(id).call('offer', [id]);
  }

  async accept(id: EndpointId, answer: string): Promise<void> {
    return this.route(id).call('accept', [id, answer]);
  }

  async play(id: EndpointId, items: PlayItem[], o?: PlayOptions): Promise<PlayResult> {
    return this.route(id).call('play', [id, items, o]);
  }

  async stopPlay(id: EndpointId): Promise<void> {
    return this.route(id).call('stopPlay', [id]);
  }

  async record(id: EndpointId, o: RecordOptions): Promise<RecordResult> {
    return this.route(id).call('record', [id, o]);
  }

  async stopRecord(id: EndpointId, reason?: 'hangup' | 'stopped'): Promise<void> {
    return this.route(id).call('stopRecord', [id, reason]);
  }

  async sendDigits(id: EndpointId, digits: string): Promise<void> {
    return this.route(id).call('sendDigits', [id, digits]);
  }

  async listen(id: EndpointId, o: ListenOptions): Promise<ListenResult> {
    return this.route(id).call('listen', [id, o]);
  }

  async stopListen(id: EndpointId): Promise<void> {
    return this.route(id).call('stopListen', [id]);
  }

  /** Both endpoints must be in one worker (create b `near` a); otherwise rejects 'different-workers'. */
  async bridge(a: EndpointId, b: EndpointId, o?: BridgeOptions): Promise<void> {
    const wa = this.route(a);
    const wb = this.route(b);
    if (wa !== wb) throw new MediaCommandError('different-workers', `${a} is in media worker ${wa.id} and ${b} in ${wb.id}; create one near the other`);
    return wa.call('bridge', [a, b, o]);
  }

  async unbridge(a: EndpointId): Promise<void> {
    return this.route(a).call('unbridge', [a]);
  }

  /** A mix lives in the worker of its first member; joins from another worker reject 'different-workers'. */
  async joinMix(mix: string, id: EndpointId, o?: { muted?: boolean }): Promise<void> {
    const w = this.route(id);
    this.mixes.claim(mix, id, w.id);
    try {
      await w.call('joinMix', [mix, id, o]);
    } catch (e) {
      this.mixes.drop(id);
      throw e;
    }
  }

  async leaveMix(id: EndpointId): Promise<void> {
    await this.route(id).call('leaveMix', [id]);
    this.mixes.drop(id);
  }

  /** Idempotent: unknown ids resolve, and so does an endpoint whose worker is gone. */
  async destroy(id: EndpointId): Promise<void> {
    const w = this.owner.get(id);
    if (!w) return;
    try {
      await w.call('destroy', [id]);
    } catch (e) {
      if (!(e instanceof MediaCommandError && e.code === 'worker-lost')) throw e;
    } finally {
      this.forget(id);
    }
  }

  private route(id: EndpointId): PoolWorker {
    this.assertOpen();
    const w = this.owner.get(id);
    if (!w) throw new MediaCommandError('unknown-endpoint', `no endpoint ${id}`);
    return w;
  }

  /**
   * near's worker, else the least loaded ready worker that is not draining; undefined when none is
   * ready yet but one is starting (a replacement after a crash). Synchronous, so the caller can
   * count the placement before anything else is placed.
   */
  private pick(near: EndpointId | undefined): PoolWorker | undefined {
    if (near !== undefined) {
      const w = this.owner.get(near);
      if (!w) throw new MediaCommandError('unknown-endpoint', `no endpoint ${near} to place the new one near`);
      return w;
    }
    let best: PoolWorker | undefined;
    let starting = false;
    for (const w of this.live.values()) {
      if (w.draining) continue;
      if (w.state === 'starting') starting = true;
      else if (w.state === 'ready' && (!best || w.weight < best.weight)) best = w;
    }
    if (!best && !starting) throw new MediaCommandError('no-capacity', 'no media worker is accepting endpoints');
    return best;
  }

  /** Resolves when a starting worker is ready or has failed. */
  private async anyStarted(): Promise<void> {
    const starting = [...this.live.values()].filter((w) => w.state === 'starting');
    await Promise.any(starting.map((w) => w.ready)).catch(() => undefined);
  }

  private forget(id: EndpointId): void {
    const w = this.owner.get(id);
    this.owner.delete(id);
    this.mixes.drop(id);
    w?.forget(id);
  }

  private assertOpen(): void {
    if (this.closing) throw new MediaCommandError('pool-closed', 'the media pool is closed');
  }

  /** Starts a worker on `slice` and waits until it is ready (or has failed, then it is gone and the slice free). */
  private async launch(slice: PortSlice, replaces?: number): Promise<PoolWorker> {
    const id = this.nextWorkerId++;
    this.slices.hold(slice, id);
    const w = new PoolWorker(id, slice, {
      workerId: id, host: this.o.host, slice, recordingsDir: this.o.recordingsDir, tts: this.o.tts, loadIntervalMs: this.o.loadIntervalMs,
      ...(this.o.inactivitySec !== undefined ? { inactivitySec: this.o.inactivitySec } : {}),
    }, this.hooks, replaces);
    this.live.set(id, w);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        w.ready,
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new MediaCommandError('worker-start', `media worker ${id} did not start within ${this.o.startTimeoutMs} ms`)), this.o.startTimeoutMs))),
      ]);
    } catch (e) {
      await w.terminate();
      this.live.delete(id);
      this.slices.release(slice, id);
      if (!this.closing) this.o.logger.error({ workerId: id, slice: [slice.min, slice.max], err: e instanceof Error ? e.message : String(e) }, 'media worker failed to start');
      throw e;
    } finally {
      clearTimeout(timer);
    }
    const started = info(w);
    this.o.logger.info({ workerId: id, slice: [slice.min, slice.max], tid: w.tid, ...(replaces !== undefined ? { replaces } : {}) }, 'media worker started');
    this.emit('worker-start', started);
    return w;
  }

  private workerExited(w: PoolWorker, code: number, expected: boolean): void {
    this.live.delete(w.id);
    if (w.readyAt === undefined) return; // never started: launch() reports it and frees the slice
    const lost = [...w.endpoints];
    const reason = expected ? (this.closing ? 'media pool closed' : `media worker ${w.id} drained`) : `media worker ${w.id} exited (code ${code})${w.error ? `: ${w.error.message}` : ''}`;
    for (const id of lost) {
      this.forget(id);
      this.emit('event', { type: 'endpoint-lost', id, reason });
    }
    const replaced = !expected && !this.closing && !w.draining;
    const fields = { workerId: w.id, code, endpointsLost: lost.length, slice: [w.slice.min, w.slice.max], ...(w.error ? { err: w.error.message } : {}) };
    if (expected) this.o.logger.info(fields, 'media worker stopped');
    else this.o.logger.error({ ...fields, replaced }, 'media worker died; its calls lost their media');
    if (!replaced) this.slices.release(w.slice, w.id);
    this.emit('worker-exit', { workerId: w.id, code, endpointsLost: lost.length, replaced, ...(w.error ? { error: w.error.message } : {}) });
    if (replaced) this.replace(w);
  }

  /**
   * Starts a replacement on the dead worker's slice (which stays reserved meanwhile): at once after
   * a worker that ran for a while, with doubling backoff (0.5 s … 30 s) after quick deaths and
   * failed starts, until one starts or the pool closes.
   */
  private replace(dead: PoolWorker, attempt = 0): void {
    const { index } = dead.slice;
    this.slices.hold(dead.slice, dead.id);
    const quick = attempt > 0 || (dead.readyAt !== undefined && Date.now() - dead.readyAt < QUICK_DEATH_MS);
    const deaths = quick ? (this.quickDeaths.get(index) ?? 0) + 1 : 0;
    this.quickDeaths.set(index, deaths);
    const delay = deaths <= 1 ? 0 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** (deaths - 2));
    const timer = setTimeout(() => {
      this.backoffTimers.delete(timer);
      if (this.closing) return this.slices.release(dead.slice, dead.id);
      this.launch(dead.slice, dead.id).then(
        () => undefined,
        () => this.replace(dead, attempt + 1),
      );
    }, delay);
    this.backoffTimers.add(timer);
  }
}

function info(w: PoolWorker): WorkerInfo {
  return {
    id: w.id,
    slice: w.slice,
    status: w.state === 'ready' ? (w.draining ? 'draining' : 'ready') : w.state === 'exited' ? 'stopping' : w.state,
    endpoints: w.endpoints.size,
    draining: w.draining,
    load: w.lastLoad,
    ...(w.replaces !== undefined ? { replaces: w.replaces } : {}),
    ...(w.tid !== undefined ? { tid: w.tid } : {}),
  };
}
