// The pool's side of one worker thread: starts it, numbers requests and matches the answers,
// counts the endpoints placed on it, and turns its end into rejected commands (code
// 'worker-lost') plus one `exit` hook telling the pool whether the end was asked for.

import { Worker } from 'node:worker_threads';
import { MediaCommandError, type EndpointId, type MediaCommand, type MediaEvent, type MediaLoad } from '../host/index.ts';
import {
  isWorkerMessage, reviveError,
  type CommandArgs, type CommandRequest, type CommandValue, type ControlRequest, type WorkerConfig, type WorkerMessage,
} from './messages.ts';
import type { PortSlice } from './slices.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export type WorkerState = 'starting' | 'ready' | 'stopping' | 'exited';

export interface WorkerHooks {
  event(w: PoolWorker, e: MediaEvent): void;
  load(w: PoolWorker, l: MediaLoad): void;
  /** The thread ended. `expected`: the pool stopped it (drain, close); otherwise it crashed or was killed. */
  exit(w: PoolWorker, code: number, expected: boolean): void;
}

interface Pending {
  resolve(value: CommandValue<MediaCommand>): void;
  reject(e: Error): void;
}

export class PoolWorker {
  state: WorkerState = 'starting';
  draining = false;
  /** Endpoints the pool placed here and has not seen destroyed. */
  readonly endpoints = new Set<EndpointId>();
  /** createEndpoint commands in flight (placement counts them). */
  creating = 0;
  lastLoad: MediaLoad | undefined;
  /** The worker's OS thread id (Linux), from its ready message. */
  tid: number | undefined;
  /** Date.now() when it said it was ready (crash-loop detection). */
  readyAt: number | undefined;
  /** What the thread threw, when it died of an uncaught error. */
  error: Error | undefined;
  readonly ready: Promise<void>;
  readonly exited: Promise<number>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextRequest = 1;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly id: number,
    readonly slice: PortSlice,
    config: WorkerConfig,
    private readonly hooks: WorkerHooks,
    /** The crashed worker this one replaces. */
    readonly replaces?: number,
  ) {
    let ready!: () => void;
    let notReady!: (e: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => ((ready = resolve), (notReady = reject)));
    this.ready.catch(() => undefined); // the starter awaits it; a late failure must not go unhandled
    let exited!: (code: number) => void;
    this.exited = new Promise<number>((resolve) => (exited = resolve));
    this.worker = new Worker(ENTRY, { workerData: config });
    this.worker.on('message', (m: unknown) => {
      if (!isWorkerMessage(m)) return;
      if ('ready' in m) {
        this.tid = m.ready.tid;
        this.readyAt = Date.now();
        if (this.state === 'starting') this.state = 'ready';
        ready();
      } else this.receive(m);
    });
    this.worker.on('error', (e: Error) => (this.error = e));
    this.worker.on('messageerror', (e: Error) => (this.error = e));
    this.worker.on('exit', (code: number) => {
      const expected = this.state === 'stopping';
      this.state = 'exited';
      const lost = new MediaCommandError('worker-lost', `media worker ${id} exited (code ${code})${this.error ? `: ${this.error.message}` : ''}`);
      for (const p of this.pending.values()) p.reject(lost);
      this.pending.clear();
      notReady(lost);
      exited(code);
      this.hooks.exit(this, code, expected);
      this.checkIdle();
    });
  }

  /** Endpoints here plus those being created: what placement compares. */
  get weight(): number {
    return this.endpoints.size + this.creating;
  }

  call<M extends MediaCommand>(method: M, args: CommandArgs<M>): Promise<CommandValue<M>> {
    return this.send({ id: 0, method, args } as CommandRequest) as Promise<CommandValue<M>>;
  }

  /** A hidden command (`__shutdown`, `__crash`). */
  control(method: ControlRequest['method']): Promise<void> {
    return this.send({ id: 0, method, args: [] }).then(() => undefined);
  }

  /** Ends the thread as asked: destroys its endpoints (bounded by `graceMs`), then terminates it. */
  async stop(graceMs: number): Promise<void> {
    if (this.state === 'exited') return;
    this.state = 'stopping';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.control('__shutdown').catch(() => undefined), timeout]);
    clearTimeout(timer);
    await this.worker.terminate();
    await this.exited;
  }

  /** Terminates the thread without asking: the pool treats it as a crash unless stop() came first. */
  async terminate(): Promise<void> {
    await this.worker.terminate();
    await this.exited;
  }

  /** Removes an endpoint the pool saw destroyed (or lost). */
  forget(id: EndpointId): void {
    this.endpoints.delete(id);
    this.checkIdle();
  }

  /** Resolves when no endpoint is here or being created (or the thread is gone). */
  whenIdle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  checkIdle(): void {
    if (!this.idle()) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private idle(): boolean {
    return this.state === 'exited' || this.weight === 0;
  }

  private send(request: CommandRequest | ControlRequest): Promise<CommandValue<MediaCommand>> {
    if (this.state === 'exited') return Promise.reject(new MediaCommandError('worker-lost', `media worker ${this.id} has exited`));
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  private receive(m: Exclude<WorkerMessage, { ready: unknown }>): void {
    if ('event' in m) return this.hooks.event(this, m.event);
    if ('load' in m) {
      this.lastLoad = m.load;
      return this.hooks.load(this, m.load);
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(reviveError(m.error));
  }
}
