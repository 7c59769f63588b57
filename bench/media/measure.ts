// One measured window of `npm run bench -- media`: aim the generator, let the load settle, then
// count packets over the window and take CPU figures (the worker thread, the processes, the rest
// of the machine) and UDP receive-buffer drops from /proc around it.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { processCpuSeconds, systemBusyCpuSeconds } from '../support/process.ts';
import type { IpcChild } from './protocol.ts';
import type { GeneratorReplies, GeneratorRequest, HostReplies, HostRequest, WindowStats } from './protocol.ts';

export type Generator = IpcChild<GeneratorRequest, GeneratorReplies>;
export type Host = IpcChild<HostRequest, HostReplies>;

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds of one thread of a process (utime + stime of /proc/PID/task/TID/stat). */
export function threadCpuSeconds(pid: number, tid: number | undefined): number | undefined {
  if (tid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS;
  } catch {
    return undefined;
  }
}

/** Receive-buffer drops of the 127.0.0.1 UDP sockets whose port `which` classifies, by class. */
export function udpDrops(which: (port: number) => string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      if (!local?.startsWith('0100007F:')) continue;
      const cls = which(parseInt(local.slice(9), 16));
      if (cls !== undefined) out.set(cls, (out.get(cls) ?? 0) + (Number(cols[cols.length - 1]) || 0));
    }
  } catch {
    // not Linux
  }
  return out;
}

export interface Pids {
  host: number;
  workerTid: number | undefined;
  generator: number;
  sipp: number;
}

interface Snapshot {
  wall: number;
  worker: number | undefined;
  host: number | undefined;
  generator: number | undefined;
  sipp: number | undefined;
  busy: number | undefined;
  drops: Map<string, number>;
}

function snapshot(p: Pids, classify: (port: number) => string | undefined): Snapshot {
  return {
    wall: performance.now(),
    worker: threadCpuSeconds(p.host, p.workerTid),
    host: processCpuSeconds(p.host),
    generator: processCpuSeconds(p.generator),
    sipp: processCpuSeconds(p.sipp),
    busy: systemBusyCpuSeconds(),
    drops: udpDrops(classify),
  };
}

/** Shares of one core over the window (undefined where /proc could not be read). */
export interface CpuShares {
  worker: number | undefined;
  host: number | undefined;
  generator: number | undefined;
  sipp: number | undefined;
  /** Everything else on the machine. */
  other: number | undefined;
}

export interface Window {
  /** Seconds the window was put off, after the warm-up, while other processes were busy. */
  waited: number;
  stats: WindowStats;
  cpu: CpuShares;
  /** Receive-buffer drops during the window: 'ours' (the pool's RTP sockets), 'sipp', 'generator'. */
  drops: Record<string, number>;
  /** Mean event-loop utilization the worker reported during the window. */
  elu: number | undefined;
}

const share = (a: number | undefined, b: number | undefined, seconds: number) => (a === undefined || b === undefined ? undefined : (b - a) / seconds);

export interface WindowOptions {
  warmupSeconds: number;
  seconds: number;
  classify(port: number): string | undefined;
}

/** A window starts once other processes used less than this share of a core over the last second … */
export const QUIET_OTHER = 0.3;
/** … or after this many seconds of waiting for that. */
export const MAX_QUIET_WAIT = 10;

/** Share of a core used by processes other than ours over `seconds`. */
async function otherShare(pids: Pids, seconds: number): Promise<number | undefined> {
  const ours = () => [processCpuSeconds(pids.host), processCpuSeconds(pids.generator), processCpuSeconds(pids.sipp)].reduce<number>((a, b) => a + (b ?? 0), 0);
  const b0 = systemBusyCpuSeconds();
  const o0 = ours();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const b1 = systemBusyCpuSeconds();
  return b0 === undefined || b1 === undefined ? undefined : Math.max(0, b1 - b0 - (ours() - o0)) / seconds;
}

/** The warm-up, stretched (a second at a time, up to MAX_QUIET_WAIT) while the rest of the machine is busy. */
async function warmUp(pids: Pids, seconds: number): Promise<number> {
  if (seconds > 1) await new Promise((r) => setTimeout(r, (seconds - 1) * 1000));
  let waited = 0;
  while ((((await otherShare(pids, 1)) ?? 0) > QUIET_OTHER) && waited < MAX_QUIET_WAIT) waited++;
  return waited;
}

/** Waits the warm-up (and for a quiet machine), then measures one window. The generator must already be aimed. */
export async function measureWindow(gen: Generator, host: Host, pids: Pids, o: WindowOptions): Promise<Window> {
  const waited = await warmUp(pids, o.warmupSeconds);
  const from = Date.now();
  await gen.request({ op: 'window-start' });
  const s0 = snapshot(pids, o.classify);
  await new Promise((r) => setTimeout(r, o.seconds * 1000));
  const s1 = snapshot(pids, o.classify);
  const stats = await gen.request({ op: 'window-end', graceMs: 1000 });
  const seconds = (s1.wall - s0.wall) / 1000;
  const worker = share(s0.worker, s1.worker, seconds);
  const hostCpu = share(s0.host, s1.host, seconds);
  const generator = share(s0.generator, s1.generator, seconds);
  const sipp = share(s0.sipp, s1.sipp, seconds);
  const busy = share(s0.busy, s1.busy, seconds);
  const other = busy === undefined ? undefined : Math.max(0, busy - (hostCpu ?? 0) - (generator ?? 0) - (sipp ?? 0));
  const drops: Record<string, number> = {};
  for (const [k, v] of s1.drops) drops[k] = v - (s0.drops.get(k) ?? 0);
  const loads = await host.request({ op: 'loads', from: from + 500, to: Date.now() });
  const elu = loads.length ? loads.reduce((a, l) => a + l.elu, 0) / loads.length : undefined;
  return { waited, stats, cpu: { worker, host: hostCpu, generator, sipp, other }, drops, elu };
}
