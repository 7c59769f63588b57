// Running a synthesis program: argv as an array (never a shell), text on stdin or as one argument,
// stdout collected up to a bound, a hard time limit. Injected into providers as a ProcessRunner so
// tests can count or fake the spawns.

import { spawn } from 'node:child_process';

export interface RunOptions {
  /** Written to the child's stdin, which is then closed (empty when absent). */
  stdin?: string;
  /** The child is killed (SIGKILL) after this long. */
  timeoutMs: number;
  /** The child is killed when stdout grows past this. */
  maxOutputBytes: number;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: Uint8Array;
  /** The first 4 KiB of stderr. */
  stderr: string;
  timedOut: boolean;
  /** stdout passed maxOutputBytes (the child was killed; stdout holds what came before). */
  overflow: boolean;
}

/** Runs `command args…`; rejects only when the program cannot be started (ENOENT, EACCES …). */
export type ProcessRunner = (command: string, args: readonly string[], options: RunOptions) => Promise<RunResult>;

const STDERR_KEEP = 4096;

export const spawnRunner: ProcessRunner = (command, args, options) =>
  new Promise<RunResult>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let timedOut = false;
    let overflow = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (overflow) return;
      size += chunk.length;
      if (size > options.maxOutputBytes) {
        overflow = true;
        child.kill('SIGKILL');
      } else chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_KEEP) stderr += chunk.toString('utf8').slice(0, STDERR_KEEP - stderr.length);
    });
    child.stdin.on('error', () => {}); // EPIPE when the program exits without reading
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout: Buffer.concat(chunks), stderr, timedOut, overflow });
    });
    child.stdin.end(options.stdin ?? '');
  });
