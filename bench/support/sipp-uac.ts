// One load step: `sipp -sn uac` at a fixed call rate for a fixed number of calls, against a UAS
// on 127.0.0.1, with its statistics CSV (-trace_stat) read at the end.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readStats } from '../../test/support/sipp.ts';
import { freeUdpPort, spawnTracked, stopProcess, waitForExit } from './sip-peers.ts';

export interface UacStep {
  target: number;
  rate: number;
  seconds: number;
  /** Folder for the CSV and error files. */
  dir: string;
}

export interface UacResult {
  /** rate × seconds: what -m asked for. */
  planned: number;
  /** Calls sipp started (TotalCallCreated). */
  attempted: number;
  ok: number;
  failed: number;
  retrans: number;
  /** Calls started per second over the run (sipp's CallRate(C)). */
  achievedRate: number;
  /** Mean INVITE → 200 OK time (sipp's ResponseTime1(C), 1 ms resolution). */
  rttMs: number;
  /** sipp's exit code (0: every call OK), or null when it was killed. */
  code: number | null;
  /** True when the run overran its time limit and was killed. */
  killed: boolean;
  wallSeconds: number;
  /** CPU seconds sipp (the load generator) used. */
  uacCpuSeconds: number | undefined;
  /** The first lines of sipp's error file (empty when none). */
  errors: string;
}

let clockTicks: number | undefined;

/** CPU seconds (user + system) of this process's children that have exited and been waited for. */
export function exitedChildrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return (Number(fields[13]) + Number(fields[14])) / clockTicks; // cutime, cstime (fields 16, 17)
  } catch {
    return undefined;
  }
}

const num = (stats: Record<string, string>, column: string) => Number(stats[column] ?? NaN);

/** "00:00:00:002000" (h:m:s:µs) → milliseconds. */
export function sippDurationMs(text: string | undefined): number {
  const [h = 0, m = 0, s = 0, us = 0] = (text ?? '').split(':').map(Number);
  return ((h * 60 + m) * 60 + s) * 1000 + us / 1000;
}

/** sipp's error file runs its entries together ("date\ttime\tepoch: text" with no newline between): the first few, and how many. */
export function errorSummary(text: string): string {
  const entries = text.replace('The following events occurred:', '').split(/(?=\d{4}-\d{2}-\d{2}\t)/).map((e) => e.trim()).filter(Boolean);
  const shown = entries.slice(0, 4).map((e) => e.replace(/\s+/g, ' ').slice(0, 240));
  return [...shown, ...(entries.length > shown.length ? [`… ${entries.length} entries in all`] : [])].join('\n');
}

export async function runUacStep(step: UacStep): Promise<UacResult> {
  const tag = `r${step.rate}-${step.target}`;
  const csv = join(step.dir, `${tag}.csv`);
  const errorFile = join(step.dir, `${tag}.err`);
  const planned = Math.round(step.rate * step.seconds);
  const args = [
    `127.0.0.1:${step.target}`, '-sn', 'uac', '-i', '127.0.0.1', '-p', String(await freeUdpPort()),
    '-r', String(step.rate), '-m', String(planned), '-l', '10000', '-buff_size', '4194304', '-nostdin',
    '-trace_stat', '-stf', csv, '-fd', '1', '-trace_err', '-error_file', errorFile,
  ];
  const cpu0 = exitedChildrenCpuSeconds();
  const wall0 = performance.now();
  const { proc, output } = spawnTracked('sipp', args, step.dir);
  // A call the server never answers fails after Timer B (64×T1 = 32 s) of INVITE retransmissions.
  const limitMs = (step.seconds * 2 + 45) * 1000;
  const finished = await waitForExit(proc, limitMs);
  if (!finished) await stopProcess(proc, 'SIGKILL', 0);
  const wallSeconds = (performance.now() - wall0) / 1000;
  const cpu1 = exitedChildrenCpuSeconds();
  const stats = readStats(csv);
  if (!stats['TotalCallCreated']) throw new Error(`sipp wrote no statistics (exit ${proc.exitCode ?? proc.signalCode}):\n${output().slice(-2000)}`);
  const errors = existsSync(errorFile) ? errorSummary(readFileSync(errorFile, 'utf8')) : '';
  return {
    planned,
    attempted: num(stats, 'TotalCallCreated'),
    ok: num(stats, 'SuccessfulCall(C)'),
    failed: num(stats, 'FailedCall(C)'),
    retrans: num(stats, 'Retransmissions(C)'),
    achievedRate: num(stats, 'CallRate(C)'),
    rttMs: sippDurationMs(stats['ResponseTime1(C)']),
    code: proc.exitCode,
    killed: !finished,
    wallSeconds,
    uacCpuSeconds: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined,
    errors,
  };
}

/** failed == 0, retransmissions == 0, and every planned call completed with sipp exiting 0. */
export function isClean(r: UacResult): boolean {
  return r.failed === 0 && r.retrans === 0 && r.ok === r.planned && r.code === 0 && !r.killed;
}
