// Servers under test run as child processes (`node --import tsx <script>`), so the load generator
// and the server each get their own core. Every child is registered here and stopped at the end,
// on error and on SIGINT (bench/run.ts calls cleanup()).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from here so `src/…` and `bench/…` paths resolve. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerChild {
  name: string;
  /** http://127.0.0.1:PORT */
  url: string;
  pid: number;
  /** The last lines the child wrote (stdout and stderr), for error messages. */
  output(): string;
  /** pino lines at warn (40) or above that the child logged. */
  warnings(): string[];
  /** CPU seconds (user + system, all threads) the child used so far; undefined off Linux. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

const children = new Set<ServerChild>();
const processes = new Set<ChildProcess>();

/** A TCP port free right now on 127.0.0.1 (bind to 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not read the free port'))));
    });
  });
}

/** The environment for a child: ours without SWITCHBOARD_* (a stray store URL must not leak in), plus `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SWITCHBOARD_')));
  return { ...base, ...env };
}

function capture(proc: ChildProcess) {
  const lines: string[] = [];
  const warnings: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      if (line.startsWith('{')) {
        try {
          const parsed: unknown = JSON.parse(line);
          const level = typeof parsed === 'object' && parsed && 'level' in parsed ? parsed.level : undefined;
          if (typeof level === 'number' && level >= 40) warnings.push(line);
        } catch {
          // not a pino line
        }
      }
    }
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  return { output: () => lines.join('\n'), warnings: () => [...warnings] };
}

async function waitForExit(proc: ChildProcess, ms: number): Promise<boolean> {
  if (proc.exitCode !== null || proc.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Polls GET url+path until it answers 200; fails early when the child exits. */
async function waitForHealthy(proc: ChildProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`exited (${proc.exitCode ?? proc.signalCode}) before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
}

let clockTicks: number | undefined;

/** CPU seconds a process used so far, from /proc/PID/stat (utime + stime); undefined when unreadable. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3, "state"
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return undefined;
  }
}

/** CPU seconds all CPUs spent busy since boot (everything but idle and iowait), from /proc/stat. */
export function systemBusyCpuSeconds(): number | undefined {
  try {
    const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks.map(Number);
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return (user + nice + system + irq + softirq + steal) / clockTicks;
  } catch {
    return undefined;
  }
}

export interface StartOptions {
  name: string;
  /** Path of the TypeScript entry, relative to the repository root. */
  script: string;
  args: string[];
  port: number;
  env?: Record<string, string>;
  healthPath?: string;
  timeoutMs?: number;
}

/** Starts `node --import tsx script args…` and resolves once GET healthPath answers 200. */
export async function startServer(options: StartOptions): Promise<ServerChild> {
  const proc = spawn(process.execPath, ['--import', 'tsx', options.script, ...options.args], {
    cwd: REPO_ROOT,
    env: childEnv(options.env ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  processes.add(proc);
  proc.once('exit', () => processes.delete(proc));
  const logs = capture(proc);
  const url = `http://127.0.0.1:${options.port}`;
  const child: ServerChild = {
    name: options.name,
    url,
    pid: proc.pid ?? -1,
    output: logs.output,
    warnings: logs.warnings,
    cpuSeconds: () => (proc.pid === undefined ? undefined : processCpuSeconds(proc.pid)),
    async stop() {
      children.delete(child);
      if (await waitForExit(proc, 0)) return;
      proc.kill('SIGTERM');
      if (!(await waitForExit(proc, 5000))) {
        proc.kill('SIGKILL');
        await waitForExit(proc, 2000);
      }
    },
  };
  children.add(child);
  try {
    await waitForHealthy(proc, `${url}${options.healthPath ?? '/healthz'}`, options.timeoutMs ?? 30_000);
  } catch (e) {
    await child.stop();
    throw new Error(`${options.name} (pid ${child.pid}) did not start: ${(e as Error).message}\n--- its output ---\n${logs.output()}`);
  }
  return child;
}

const cleanups: (() => Promise<void>)[] = [];

/** Registers work for the end of the run (e.g. removing a temporary directory), done after the children stop. */
export function onCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn);
}

/** Stops every child still running (SIGTERM, then SIGKILL after 5 s), then runs the registered cleanups. */
export async function cleanup(): Promise<void> {
  await Promise.all([...children].map((c) => c.stop()));
  for (const fn of cleanups.splice(0)) await fn();
}

// Last resort when the bench exits without stopping its children (e.g. an uncaught throw).
process.on('exit', () => {
  for (const proc of processes) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
});
