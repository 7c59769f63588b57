import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** sipp (Debian sip-tester) as a real peer. Missing sipp fails the test with what to install. */
export function requireSipp(): string {
  const r = spawnSync('sipp', ['-v'], { encoding: 'utf8' });
  if (r.error) throw new Error('sipp is required for this test: apt-get install sip-tester (or run .ci/run)');
  return (r.stdout + r.stderr).match(/SIPp v[\d.]+/)?.[0] ?? 'sipp';
}

export const SCENARIOS = new URL('../sip/scenarios/', import.meta.url).pathname;

export interface SippResult {
  code: number | null;
  /** Columns of the last -stf row (cumulative figures). */
  stats: Record<string, string>;
  errors: string;
  output: string;
  dir: string;
}

/** Last row of a sipp -trace_stat CSV as a column → value map. */
export function readStats(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const head = lines[0]?.split(';') ?? [];
  const last = lines[lines.length - 1]?.split(';') ?? [];
  return Object.fromEntries(head.map((h, i) => [h, last[i] ?? '']));
}

/**
 * Runs sipp to completion (`-m` calls) with statistics and error files in a temp dir. Always on
 * 127.0.0.1; `timeoutMs` bounds the run, after which it is killed and the result reports it.
 */
export function runSipp(args: string[], options: { timeoutMs?: number } = {}): Promise<SippResult> {
  requireSipp();
  const dir = mkdtempSync(join(tmpdir(), 'sb-sipp-'));
  const stf = join(dir, 'stat.csv');
  const err = join(dir, 'errors.log');
  const full = [...args, '-i', '127.0.0.1', '-nostdin', '-trace_stat', '-stf', stf, '-fd', '1', '-trace_err', '-error_file', err];
  return new Promise((resolve) => {
    const child = spawn('sipp', full, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const errors = existsSync(err) ? readFileSync(err, 'utf8').slice(-5000) : '';
      resolve({ code, stats: readStats(stf), errors, output, dir });
    });
  });
}
