// One step of `npm run bench -- ivr`: sipp places `calls` IVR calls at `rate` calls/s with
// bench/ivr/caller.xml, each call's SDP pointing at its own RTP sink socket. At the end: sipp's
// statistics CSV, its <log> lines (INVITE sent, 200 received, BYE received, per call, µs clock),
// the sink's first RTP arrival per call, and the CPU each process used.
import { writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readStats } from '../../test/support/sipp.ts';
import { systemBusyCpuSeconds } from '../support/process.ts';
import { freeUdpPort, spawnTracked, stopProcess, udpSocket, waitForExit } from '../support/sip-peers.ts';
import { errorSummary, exitedChildrenCpuSeconds } from '../support/sipp-uac.ts';
import type { RtpSink } from './sink.ts';

export const SCENARIO = new URL('./caller.xml', import.meta.url).pathname;
/** sipp starts playing its audio this long after the ACK (caller.xml's pause). */
export const CALLER_AUDIO_DELAY_MS = 1000;

export interface StepSpec {
  /** "warm-up" or the rate. */
  label: string;
  rate: number;
  calls: number;
  /** Switchboard's SIP port and the number the calls go to (the Request-URI user). */
  sipPort: number;
  number: string;
  dir: string;
  server: { pid: number; port: number; url: string; cpuSeconds(): number | undefined; gone(): string | undefined };
  sink: RtpSink;
}

export interface Percentiles {
  count: number;
  min: number;
  p50: number;
  p99: number;
  max: number;
}

export interface IvrStep {
  label: string;
  rate: number;
  planned: number;
  /** From the last row of sipp's -trace_stat CSV. */
  attempted: number;
  ok: number;
  failed: number;
  retrans: number;
  /** Calls started per second: (calls − 1) ÷ (last INVITE − first INVITE), from the log lines. */
  achievedRate: number;
  /** sipp's exit code (0: every call OK); null when killed at the time limit. */
  code: number | null;
  killed: boolean;
  wallSeconds: number;
  /** Calls that got a 200 (from the log lines). */
  answered: number;
  /** INVITE → first RTP of the call that started first, ms (the warm-up's first call pays for TTS and a cold JIT). */
  firstCall: number;
  /** Answered calls (a 200 came) on whose sink socket no RTP arrived before sipp's audio moved the latch. */
  noAudio: number;
  /** INVITE sent → first RTP packet at the sink, ms, over the calls that got one. */
  firstAudio: Percentiles;
  /** INVITE sent → 200 received, ms. */
  answer: Percentiles;
  /** 200 received → first RTP packet, ms. */
  media: Percentiles;
  /** Calls up at once (INVITE sent → BYE received), at the peak; calls that got their BYE. */
  peak: number;
  /** Mean INVITE sent → BYE received, seconds. */
  callSeconds: number;
  /** CPU seconds during sipp's run: server, sipp, sink, this process, everything else. */
  cpu: { server: number | undefined; sipp: number | undefined; sink: number | undefined; bench: number; other: number | undefined };
  /** Seconds the server's main thread waited for a CPU while it had work (other processes had the cores). */
  serverRunQueue: number | undefined;
  /** The server's event-loop delay over the step, ms (from its /metrics; undefined when unreadable). */
  serverLag: { p99: number; max: number } | undefined;
  /** The sink's event-loop delay over the step, ms (how late it may have noted an arrival). */
  sinkLag: { p99: number; max: number };
  /** Datagrams the server's SIP socket dropped during the step (/proc/net/udp). */
  drops: number;
  /** The first lines of sipp's error file. */
  errors: string;
  died: string | undefined;
  clean: boolean;
}

/** Nearest-rank percentiles of `values` (sorted in place). */
export function percentiles(values: number[]): Percentiles {
  values.sort((a, b) => a - b);
  const at = (p: number) => values[Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1))] ?? NaN;
  return { count: values.length, min: values[0] ?? NaN, p50: at(50), p99: at(99), max: values[values.length - 1] ?? NaN };
}

interface CallLog {
  start?: number;
  answer?: number;
  end?: number;
}

/** sipp's log file: "start|answer|end PORT SECONDS MICROSECONDS …" → per port, wall-clock ms. */
export function parseCallLog(text: string): Map<number, CallLog> {
  const calls = new Map<number, CallLog>();
  for (const line of text.split('\n')) {
    const m = /^(start|answer|end) (\d+) ([\d.]+) ([\d.]+)/.exec(line.trim());
    if (!m) continue;
    const port = Number(m[2]);
    const t = Number(m[3]) * 1000 + Number(m[4]) / 1000;
    const call = calls.get(port) ?? {};
    call[m[1] as keyof CallLog] ??= t;
    calls.set(port, call);
  }
  return calls;
}

/** Most intervals overlapping at one instant. */
export function peakOverlap(intervals: readonly [number, number][]): number {
  const events = intervals.flatMap(([a, b]): [number, number][] => [[a, 1], [b, -1]]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of events) {
    now += d;
    peak = Math.max(peak, now);
  }
  return peak;
}

/** Seconds the thread `tid` of `pid` has waited for a CPU while runnable (/proc/…/schedstat, field 2); undefined when unreadable. */
export function runQueueSeconds(pid: number, tid = pid): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/);
    const ns = Number(fields[1]);
    return Number.isFinite(ns) ? ns / 1e9 : undefined;
  } catch {
    return undefined;
  }
}

/** prom-client samples the event loop every 10 ms; a sample is the whole interval. */
const PROM_LAG_RESOLUTION_MS = 10;

/**
 * The server's event-loop delay since the previous scrape, ms: prom-client's default metrics
 * (`switchboard_nodejs_eventloop_lag_*`) come from a monitorEventLoopDelay histogram that every
 * scrape of /metrics reads and resets.
 */
export async function scrapeLag(url: string): Promise<{ p99: number; max: number } | undefined> {
  try {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
    const text = await res.text();
    const value = (name: string) => Number(new RegExp(`^switchboard_nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
    const late = (seconds: number) => Math.max(0, seconds * 1000 - PROM_LAG_RESOLUTION_MS);
    const p99 = value('p99');
    const max = value('max');
    return Number.isFinite(p99) && Number.isFinite(max) ? { p99: late(p99), max: late(max) } : undefined;
  } catch {
    return undefined;
  }
}

/** An even UDP port p with p and p + 2 free on 127.0.0.1 (sipp's -mp binds both). */
async function freeMediaPort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await freeUdpPort();
    const even = p % 2 === 0 ? p : p + 1;
    if (even + 2 < 65535 && !udpSocket(even).bound && !udpSocket(even + 2).bound) return even;
  }
  throw new Error('found no free UDP port pair for sipp -mp');
}

const diff = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : b - a);
const num = (stats: Record<string, string>, column: string) => Number(stats[column] ?? NaN);

export async function runStep(spec: StepSpec): Promise<IvrStep> {
  const tag = `ivr-${spec.label}`;
  const csv = join(spec.dir, `${tag}.csv`);
  const errorFile = join(spec.dir, `${tag}.err`);
  const logFile = join(spec.dir, `${tag}.log`);
  const inf = join(spec.dir, `${tag}-ports.csv`);
  const { ports } = await spec.sink.request({ op: 'open', count: spec.calls });
  writeFileSync(inf, `SEQUENTIAL\n${ports.join('\n')}\n`);
  await spec.sink.request({ op: 'collect' }); // resets the sink's delay histogram
  await scrapeLag(spec.server.url); // and the server's
  const args = [
    `127.0.0.1:${spec.sipPort}`, '-sf', SCENARIO, '-s', spec.number, '-inf', inf,
    '-i', '127.0.0.1', '-p', String(await freeUdpPort()), '-mi', '127.0.0.1', '-mp', String(await freeMediaPort()),
    '-r', String(spec.rate), '-m', String(spec.calls), '-l', '10000', '-buff_size', '4194304', '-nostdin',
    '-trace_stat', '-stf', csv, '-fd', '1', '-trace_err', '-error_file', errorFile, '-trace_logs', '-log_file', logFile,
  ];
  const drops0 = udpSocket(spec.server.port).drops;
  const server0 = spec.server.cpuSeconds();
  const queue0 = runQueueSeconds(spec.server.pid);
  const sink0 = spec.sink.cpuSeconds();
  const sipp0 = exitedChildrenCpuSeconds();
  const busy0 = systemBusyCpuSeconds();
  const self0 = process.cpuUsage();
  const wall0 = performance.now();
  const { proc, output } = spawnTracked('sipp', args, spec.dir);
  // Calls last a few seconds; a call the server never answers fails after 32 s of INVITE
  // retransmissions, one whose BYE never comes after caller.xml's 20 s timeout.
  const limitMs = (spec.calls / spec.rate + 60) * 1000;
  const finished = await waitForExit(proc, limitMs);
  if (!finished) await stopProcess(proc, 'SIGKILL', 0);
  const wallSeconds = (performance.now() - wall0) / 1000;
  const server1 = spec.server.cpuSeconds();
  const queue1 = runQueueSeconds(spec.server.pid);
  const sink1 = spec.sink.cpuSeconds();
  const sipp1 = exitedChildrenCpuSeconds();
  const busy1 = systemBusyCpuSeconds();
  const self = process.cpuUsage(self0);
  const serverLag = await scrapeLag(spec.server.url);
  const sink = await spec.sink.request({ op: 'collect' });
  await spec.sink.request({ op: 'close' });

  const stats = readStats(csv);
  if (!stats['TotalCallCreated']) throw new Error(`sipp wrote no statistics (exit ${proc.exitCode ?? proc.signalCode}):\n${output().slice(-2000)}`);
  const calls = parseCallLog(existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const firstByPort = new Map(sink.first.map(([port, t]) => [port, t]));
  const firstAudio: number[] = [];
  const answer: number[] = [];
  const media: number[] = [];
  const intervals: [number, number][] = [];
  let noAudio = 0;
  let answered = 0;
  let firstCall: [number, number] = [Infinity, NaN];
  let lastStart = -Infinity;
  let starts = 0;
  for (const [port, c] of calls) {
    if (c.answer !== undefined) answered++;
    if (c.start !== undefined && c.start < firstCall[0]) firstCall = [c.start, (firstByPort.get(port) ?? NaN) - c.start];
    if (c.start !== undefined) {
      starts++;
      lastStart = Math.max(lastStart, c.start);
    }
    const first = firstByPort.get(port);
    if (c.start !== undefined && first !== undefined) firstAudio.push(first - c.start);
    if (c.start !== undefined && c.answer !== undefined) answer.push(c.answer - c.start);
    if (c.answer !== undefined && first !== undefined) media.push(first - c.answer);
    if (c.answer !== undefined && first === undefined) noAudio++;
    if (c.start !== undefined && c.end !== undefined) intervals.push([c.start, c.end]);
  }
  const cpu = {
    server: diff(server0, server1), sipp: diff(sipp0, sipp1), sink: diff(sink0, sink1), bench: (self.user + self.system) / 1e6,
    other: undefined as number | undefined,
  };
  const busy = diff(busy0, busy1);
  if (busy !== undefined && cpu.server !== undefined && cpu.sipp !== undefined && cpu.sink !== undefined) {
    cpu.other = Math.max(0, busy - cpu.server - cpu.sipp - cpu.sink - cpu.bench);
  }
  const died = spec.server.gone();
  const step: IvrStep = {
    label: spec.label, rate: spec.rate, planned: spec.calls,
    attempted: num(stats, 'TotalCallCreated'), ok: num(stats, 'SuccessfulCall(C)'), failed: num(stats, 'FailedCall(C)'),
    retrans: num(stats, 'Retransmissions(C)'),
    achievedRate: starts > 1 && lastStart > firstCall[0] ? ((starts - 1) * 1000) / (lastStart - firstCall[0]) : NaN,
    code: proc.exitCode, killed: !finished, wallSeconds, answered, firstCall: firstCall[1], noAudio,
    firstAudio: percentiles(firstAudio), answer: percentiles(answer), media: percentiles(media),
    peak: peakOverlap(intervals),
    callSeconds: intervals.length ? intervals.reduce((a, [s, e]) => a + e - s, 0) / intervals.length / 1000 : NaN,
    cpu, serverRunQueue: diff(queue0, queue1), serverLag, sinkLag: { p99: sink.lagP99, max: sink.lagMax }, drops: Math.max(0, udpSocket(spec.server.port).drops - drops0),
    errors: existsSync(errorFile) ? errorSummary(readFileSync(errorFile, 'utf8')) : '', died, clean: false,
  };
  step.clean = step.failed === 0 && step.ok === step.planned && step.noAudio === 0 && step.code === 0 && !step.killed && !died;
  return step;
}
