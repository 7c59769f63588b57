// The bench's two helper processes and how it talks to them: over Node's IPC channel, one
// request `{ id, op, … }` answered by `{ id, ok, value }` or `{ id, ok: false, error }`.
//   host-child.ts  — the thing measured: a MediaPool with one worker, driven through MediaControl
//   generator.ts   — the load: one UDP socket per call, G.711 RTP at 50 packets/s, counting what comes back
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from '../support/process.ts';
import { stopProcess } from '../support/sip-peers.ts';

/** Requests to host-child.ts. */
export type HostRequest =
  /** Bridged calls: per call A (far end: the generator socket) and B near A (far end: the echo port), bridged. */
  | { op: 'add-bridged'; genPorts: number[]; echoPort: number }
  /** Endpoints playing a looping WAV to generator sockets. */
  | { op: 'add-prompts'; genPorts: number[] }
  /** Destroys every endpoint. */
  | { op: 'clear' }
  /** The worker's OS thread id and the pool's view of it. */
  | { op: 'info' }
  /** Load samples the worker reported between two instants (Date.now()). */
  | { op: 'loads'; from: number; to: number };

export interface HostReplies {
  'add-bridged': { aPorts: number[] };
  'add-prompts': { count: number };
  clear: { destroyed: number };
  info: { pid: number; tid: number | undefined; endpoints: number };
  loads: LoadSample[];
}

export interface LoadSample {
  at: number;
  endpoints: number;
  cpu: number;
  elu: number;
  packetsInPerSec: number;
  packetsOutPerSec: number;
  lossRatio: number;
}

/** Requests to generator.ts. */
export type GeneratorRequest =
  /** Opens `count` more sockets on 127.0.0.1 (ephemeral ports). */
  | { op: 'open'; count: number }
  /** Where each socket sends (index → port; null: silent, receive only). Sockets beyond the list are silent. */
  | { op: 'aim'; targets: (number | null)[] }
  | { op: 'window-start' }
  /** Ends the window; answers after `graceMs` (stragglers of the window still count). */
  | { op: 'window-end'; graceMs: number }
  /** Closes every socket. */
  | { op: 'close-all' };

export interface WindowStats {
  seconds: number;
  /** Sockets sending / receiving anything during the window. */
  sending: number;
  receiving: number;
  /** Packets sent in the window, and how many of exactly those came back (matched by the index in the payload). */
  sent: number;
  returned: number;
  /** Every RTP packet (PT 0) that arrived during the window, and arrivals per receiving socket per second. */
  arrived: number;
  /** Gaps between consecutive arrivals on one socket, ms. */
  gapP50: number;
  gapP99: number;
  gapMax: number;
  /** Send → return time of returned packets, ms. */
  rttP50: number;
  rttP99: number;
  rttMax: number;
  /** 2 ms send slots the generator gave up because it fell more than 50 ms behind (it was overloaded). */
  skippedSlots: number;
}

export interface GeneratorReplies {
  open: { ports: number[] };
  aim: { sending: number };
  'window-start': { at: number };
  'window-end': WindowStats;
  'close-all': { closed: number };
}

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export function isRequest<R extends { op: string }>(m: unknown): m is R & { id: number } {
  return typeof m === 'object' && m !== null && typeof (m as { id?: unknown }).id === 'number' && typeof (m as { op?: unknown }).op === 'string';
}

/** Answers requests on this process's IPC channel with `handle`, then tells the parent it is ready. */
export function serveIpc<R extends { op: string }>(handle: (r: R) => Promise<unknown>): void {
  process.on('message', (m: unknown) => {
    if (!isRequest<R>(m)) return;
    handle(m).then(
      (value) => process.send?.({ id: m.id, ok: true, value } satisfies Reply),
      (e: unknown) => process.send?.({ id: m.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies Reply),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: true });
}

/** A helper process started with `node --import tsx script`, with typed requests. */
export class IpcChild<R extends { op: string }, V extends Record<R['op'], unknown>> {
  readonly proc: ChildProcess;
  private next = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private tail = '';
  /** Resolves when the child serves requests (messages sent earlier could be lost). */
  readonly ready: Promise<void>;

  constructor(readonly name: string, script: string, args: string[] = [], nodeArgs: string[] = []) {
    this.proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const keep = (d: Buffer) => (this.tail = (this.tail + d.toString('utf8')).slice(-10_000));
    this.proc.stdout?.on('data', keep);
    this.proc.stderr?.on('data', keep);
    let ready!: () => void;
    let failed!: (e: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject)));
    this.ready.catch(() => undefined);
    this.proc.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'ready' in m) return ready();
      const r = m as Reply;
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (r.ok) p.resolve(r.value);
      else p.reject(new Error(`${this.name}: ${r.error}`));
    });
    this.proc.on('exit', (code, signal) => {
      const e = new Error(`${this.name} exited (${code ?? signal})\n--- its output ---\n${this.tail}`);
      failed(e);
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  output(): string {
    return this.tail;
  }

  request<K extends R['op']>(r: Extract<R, { op: K }>): Promise<V[K]> {
    const id = this.next++;
    return new Promise<V[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as V[K]), reject });
      this.proc.send({ ...r, id });
    });
  }

  async stop(): Promise<void> {
    if (this.proc.connected) this.proc.disconnect();
    await stopProcess(this.proc, 'SIGTERM', 5000);
  }
}
