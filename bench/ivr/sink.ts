// The bench's side of the RTP sink (sink-child.ts): starts it with an IPC channel, sends requests,
// stops it at cleanup. See sink-child.ts for what it does.
import { fork, type ChildProcess } from 'node:child_process';
import { onCleanup, processCpuSeconds, REPO_ROOT } from '../support/process.ts';
import { stopProcess } from '../support/sip-peers.ts';

export type SinkRequest = { op: 'open'; count: number } | { op: 'collect' } | { op: 'close' };

export interface SinkReport {
  /** [port, first RTP arrival (wall-clock ms, sub-ms), payload type, RTP packets seen] per port that got RTP. */
  first: [number, number, number, number][];
  /** RTP packets received on every open socket. */
  packets: number;
  /** Datagrams that were not PCMU/PCMA RTP (RTCP for a neighbouring port, say). */
  ignored: number;
  /** The sink's event-loop delay since the previous collect, ms: how late an arrival can be noted. */
  lagP50: number;
  lagP99: number;
  lagMax: number;
}

interface Replies {
  open: { ports: number[] };
  collect: SinkReport;
  close: { closed: number };
}

type Pending = { resolve(v: unknown): void; reject(e: Error): void };

export class RtpSink {
  readonly proc: ChildProcess;
  readonly ready: Promise<void>;
  #next = 1;
  readonly #pending = new Map<number, Pending>();
  #tail = '';

  constructor() {
    this.proc = fork(new URL('./sink-child.ts', import.meta.url).pathname, [], {
      cwd: REPO_ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (d: Buffer) => {
      this.#tail = (this.#tail + d.toString('utf8')).slice(-4000);
    };
    this.proc.stdout?.on('data', keep);
    this.proc.stderr?.on('data', keep);
    this.ready = new Promise((resolve, reject) => {
      this.#pending.set(0, { resolve: () => resolve(), reject });
    });
    this.proc.on('message', (raw: unknown) => {
      const m = raw as { id: number; ok: boolean; value?: unknown; error?: string };
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(`rtp sink: ${m.error ?? 'failed'}`));
    });
    this.proc.once('exit', (code, signal) => {
      for (const p of this.#pending.values()) p.reject(new Error(`rtp sink exited (${code ?? signal})\n${this.#tail}`));
      this.#pending.clear();
    });
    onCleanup(() => this.stop());
    process.on('exit', () => {
      if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  cpuSeconds(): number | undefined {
    return processCpuSeconds(this.pid);
  }

  request<K extends SinkRequest['op']>(req: Extract<SinkRequest, { op: K }>): Promise<Replies[K]> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: (v) => resolve(v as Replies[K]), reject });
      this.proc.send({ ...req, id });
    });
  }

  async stop(): Promise<void> {
    if (this.proc.connected) this.proc.disconnect();
    await stopProcess(this.proc, 'SIGTERM', 2000);
  }
}
