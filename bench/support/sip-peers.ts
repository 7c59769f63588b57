// The SIP servers `npm run bench -- sip-cps` measures, each a child process on loopback UDP:
// Switchboard's UAS test app (test/sip/apps/uas-app.ts) and sipp's built-in `-sn uas`.
// Children are stopped at the end, on error and on Ctrl-C (through onCleanup), and killed as a
// last resort when the bench exits without stopping them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { onCleanup, processCpuSeconds, REPO_ROOT } from './process.ts';

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const proc of live) if (isRunning(proc)) proc.kill('SIGKILL');
});

export function isRunning(proc: ChildProcess): boolean {
  return proc.exitCode === null && proc.signalCode === null;
}

export async function waitForExit(proc: ChildProcess, ms: number): Promise<boolean> {
  if (!isRunning(proc)) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Sends `signal`, waits `graceMs`, then SIGKILL. */
export async function stopProcess(proc: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!isRunning(proc)) return;
  proc.kill(signal);
  if (!(await waitForExit(proc, graceMs))) {
    proc.kill('SIGKILL');
    await waitForExit(proc, 2000);
  }
}

/** Spawns a child, keeps the last ~200 lines it printed, and stops it (SIGKILL) at cleanup. */
export function spawnTracked(command: string, args: string[], cwd?: string): { proc: ChildProcess; output(): string } {
  const proc = spawn(command, args, { cwd: cwd ?? REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
  onCleanup(() => stopProcess(proc, 'SIGKILL', 2000));
  let tail = '';
  const keep = (d: Buffer) => {
    tail = (tail + d.toString('utf8')).slice(-20_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  proc.once('error', (e) => keep(Buffer.from(`\nspawn ${command} failed: ${e.message}\n`)));
  return { proc, output: () => tail };
}

/** "SIPp v3.6.1-…", or throws with what to install. */
export function sippVersion(): string {
  const r = spawnSync('sipp', ['-v'], { encoding: 'utf8' });
  if (r.error) throw new Error('sipp is required: apt-get install sip-tester');
  return (r.stdout + r.stderr).match(/SIPp v[\w.-]+/)?.[0] ?? 'sipp (version unknown)';
}

/** A UDP port free right now on 127.0.0.1 (bind to 0, read it, close). */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** The UDP socket bound to 127.0.0.1:port in /proc/net/udp: whether it exists, and its drop counter. */
export function udpSocket(port: number): { bound: boolean; drops: number } {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  try {
    for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1] === local) return { bound: true, drops: Number(cols[cols.length - 1]) || 0 };
    }
  } catch {
    // not Linux: unknown
  }
  return { bound: false, drops: 0 };
}

export interface SipServer {
  /** "switchboard" or "sipp uas". */
  name: string;
  port: number;
  pid: number;
  /** Seconds after a step during which the server still does work for that step's calls. */
  settleSeconds: number;
  cpuSeconds(): number | undefined;
  /** Why the server is no longer running, or undefined while it runs. */
  gone(): string | undefined;
  output(): string;
  /** Stops it; resolves to what it printed. */
  stop(): Promise<string>;
}

async function waitUntilBound(port: number, proc: ChildProcess, output: () => string, ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (!isRunning(proc)) throw new Error(`${what} exited (${proc.exitCode ?? proc.signalCode}) before it listened\n--- its output ---\n${output()}`);
    if (ready() && udpSocket(port).bound) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopProcess(proc, 'SIGKILL', 0);
  throw new Error(`${what} did not listen on UDP 127.0.0.1:${port} within 30 s\n--- its output ---\n${output()}`);
}

function server(name: string, port: number, settleSeconds: number, child: { proc: ChildProcess; output(): string }, stop: () => Promise<void>): SipServer {
  const pid = child.proc.pid ?? -1;
  return {
    name, port, pid, settleSeconds,
    cpuSeconds: () => processCpuSeconds(pid),
    gone: () => (isRunning(child.proc) ? undefined : `exited (${child.proc.exitCode ?? child.proc.signalCode})`),
    output: child.output,
    stop: async () => {
      await stop();
      return child.output();
    },
  };
}

/**
 * Switchboard's UAS test app in answer mode: `node --import tsx test/sip/apps/uas-app.ts`.
 * It prints its stats as JSON on SIGTERM. Settle: Timer J (64×T1 = 32 s) keeps each BYE's server
 * transaction, so work for a step's calls goes on for 32 s after its last BYE.
 */
export async function startSwitchboardUas(port: number, nodeArgs: readonly string[] = []): Promise<SipServer> {
  const args = [...nodeArgs, '--import', 'tsx', 'test/sip/apps/uas-app.ts', '--port', String(port), '--mode', 'answer'];
  const child = spawnTracked(process.execPath, args);
  await waitUntilBound(port, child.proc, child.output, () => child.output().includes('uas-app listening on'), 'uas-app');
  // On SIGTERM it hangs up every call it still holds and waits for the answers: a call left over
  // from an overloaded step (its peer gone) takes Timer F (32 s) to give up.
  return server('switchboard', port, 34, child, () => stopProcess(child.proc, 'SIGTERM', 45_000));
}

/**
 * sipp's built-in UAS in the foreground (no -bg, so the child IS sipp and its pid is ours).
 * Settle: its calls end after the default 4 s timewait. Stopped with SIGUSR1 (soft quit).
 */
export async function startSippUas(port: number): Promise<SipServer> {
  const args = ['-sn', 'uas', '-i', '127.0.0.1', '-p', String(port), '-buff_size', '4194304', '-nostdin'];
  const child = spawnTracked('sipp', args);
  await waitUntilBound(port, child.proc, child.output, () => true, 'sipp -sn uas');
  return server('sipp uas', port, 5, child, () => stopProcess(child.proc, 'SIGUSR1', 8000));
}

/** The stats JSON uas-app printed when it stopped: {"invites":…,"answered":…,"ended":…}. */
export function uasAppStats(output: string): Record<string, number> | undefined {
  const line = output.split('\n').reverse().find((l) => l.startsWith('{') && l.includes('"invites"'));
  if (!line) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number'));
  } catch {
    return undefined;
  }
}
