// A throwaway Linux network namespace with only loopback up, for tests that feed a running
// server messages it did not write (the RFC 4475 corpus names 192.0.2.x and example.com in Via,
// Contact and SDP): whatever the server sends in reply cannot leave the machine, because the
// namespace has no interface but `lo`. See ../shared/reference/scale-out.md §4 for netns notes.
//
//   const ns = await createNetns();           // sbt-<pid>-<rand>, lo up; throws if not permitted
//   try {
//     const server = ns.spawn(process.execPath, ['bin/switchboard.mjs', 'serve', …]);
//     const r = await ns.run(process.execPath, ['--import', 'tsx', 'probe.ts']);
//   } finally {
//     await ns.close();                       // kills what it started (by pid), deletes the namespace
//   }
//
// Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN). It never skips: without permission it throws
// with what failed and why, so a CI job that cannot make namespaces fails instead of passing
// a test that did not run.

import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the run was killed because it outlived `timeoutMs`. */
  timedOut: boolean;
}

export interface Netns {
  readonly name: string;
  /**
   * Starts `command` inside the namespace (`ip netns exec NAME command …`, which execs in place,
   * so the child's pid is the command's). The child leads its own process group; close() kills
   * that group if it is still running.
   */
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
  /** Runs `command` inside the namespace to completion (killed after `timeoutMs`, default 30 s). */
  run(command: string, args: readonly string[], options?: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string }): Promise<RunResult>;
  /** Kills every child still running (SIGTERM, then SIGKILL after `graceMs`) and deletes the namespace. */
  close(graceMs?: number): Promise<void>;
}

function ip(args: readonly string[]): { ok: boolean; output: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.error) return { ok: false, output: `${r.error.message} (is iproute2 installed?)` };
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}

function refuse(step: string, output: string): Error {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'unknown';
  return new Error(
    `network namespaces are required for this test and \`${step}\` failed: ${output || 'no output'}. ` +
      `It needs root (CAP_SYS_ADMIN + CAP_NET_ADMIN; uid here: ${uid}) and iproute2. ` +
      'The test does not skip: it feeds a live server messages that name foreign addresses, ' +
      'and runs only where no reply can leave the machine.',
  );
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || !alive(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (!alive(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(!alive(child)), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Creates `sbt-<pid>-<rand>` with loopback up. Throws (never skips) when namespaces are not permitted. */
export async function createNetns(prefix = 'sbt'): Promise<Netns> {
  if (process.platform !== 'linux') throw refuse('ip netns add', `platform is ${process.platform}, not linux`);
  const name = `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const added = ip(['netns', 'add', name]);
  if (!added.ok) throw refuse(`ip netns add ${name}`, added.output);
  const children = new Set<ChildProcess>();

  const remove = (): void => {
    for (const c of children) killGroup(c, 'SIGKILL');
    ip(['netns', 'del', name]);
  };
  // last resort if the test process exits without close(): nothing is left behind
  process.once('exit', remove);

  const up = ip(['-n', name, 'link', 'set', 'lo', 'up']);
  if (!up.ok) {
    process.off('exit', remove);
    remove();
    throw refuse(`ip -n ${name} link set lo up`, up.output);
  }

  function spawnIn(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', name, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  }

  return {
    name,
    spawn: spawnIn,
    run(command, args, options = {}) {
      const child = spawnIn(command, args, { ...(options.env ? { env: options.env } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(child, 'SIGKILL');
      }, options.timeoutMs ?? 30_000);
      return new Promise((resolve, reject) => {
        child.once('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
        child.once('close', (code, signal) => {
          clearTimeout(timer);
          resolve({ code, signal, stdout, stderr, timedOut });
        });
      });
    },
    async close(graceMs = 3000) {
      const running = [...children];
      for (const c of running) killGroup(c, 'SIGTERM');
      const done = await Promise.all(running.map((c) => exited(c, graceMs)));
      running.forEach((c, i) => {
        if (!done[i]) killGroup(c, 'SIGKILL');
      });
      await Promise.all(running.map((c) => exited(c, 1000)));
      process.off('exit', remove);
      const del = ip(['netns', 'del', name]);
      if (!del.ok && ip(['netns', 'list']).output.split('\n').some((l) => l.split(' ')[0] === name)) {
        throw new Error(`could not delete network namespace ${name}: ${del.output}`);
      }
    },
  };
}
