// The load generator: autocannon in this process, driven by request COUNTS rather than a clock.
// A run by duration ends by dropping the requests in flight (up to one per connection), which the
// server may still have executed; a run by count waits for every answer, so "rows created" and
// "201 responses" can be compared exactly. To last about N seconds, a phase is several runs of at
// most ~3 s: each run's count is the previous run's rate times the time left (capped at 3 s).
import { performance } from 'node:perf_hooks';
import autocannon, { type RequestSpec, type Result } from 'autocannon';
import { systemBusyCpuSeconds } from './process.ts';

export interface LoadSpec {
  url: string;
  connections: number;
  /** The sequence each connection loops over (one request in flight per connection). */
  requests: RequestSpec[];
}

export interface Measurement {
  /** Time under load: from starting each chunk to its last answer, summed over the chunks. */
  seconds: number;
  responses: number;
  /** Responses per second under load. */
  rps: number;
  /** Latency percentiles in milliseconds, over every response. */
  p50: number;
  p99: number;
  /** Responses by HTTP status. */
  statuses: Map<number, number>;
  non2xx: number;
  /** Connection errors, including timeouts. */
  errors: number;
  timeouts: number;
  /** autocannon runs this phase took. */
  chunks: number;
}

/** Accumulates one phase (warm-up or measurement) over several autocannon runs. */
class Collector {
  private latencies = new Float64Array(1 << 16);
  private n = 0;
  readonly statuses = new Map<number, number>();
  seconds = 0;
  errors = 0;
  timeouts = 0;
  chunks = 0;

  record(status: number, ms: number): void {
    if (this.n === this.latencies.length) {
      const bigger = new Float64Array(this.latencies.length * 2);
      bigger.set(this.latencies);
      this.latencies = bigger;
    }
    this.latencies[this.n++] = ms;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  result(): Measurement {
    const sorted = this.latencies.slice(0, this.n).sort(); // typed arrays sort numerically
    const pct = (q: number) => (this.n ? (sorted[Math.min(this.n - 1, Math.ceil(q * this.n) - 1)] ?? 0) : 0);
    const non2xx = [...this.statuses].filter(([s]) => s < 200 || s > 299).reduce((a, [, c]) => a + c, 0);
    return {
      seconds: this.seconds, responses: this.n, rps: this.seconds > 0 ? this.n / this.seconds : 0, p50: pct(0.5), p99: pct(0.99),
      statuses: new Map(this.statuses), non2xx, errors: this.errors, timeouts: this.timeouts, chunks: this.chunks,
    };
  }
}

/** One autocannon run that ends after `amount` answered requests; returns its rate. */
async function runAmount(spec: LoadSpec, amount: number, into: Collector): Promise<number> {
  const started = performance.now();
  let lastResponse = started;
  let responses = 0;
  const result = await new Promise<Result>((resolve, reject) => {
    const instance = autocannon(
      // sampleInt: autocannon notices the end of a counted run only at its next sample tick.
      { url: spec.url, connections: spec.connections, amount: Math.max(amount, spec.connections), timeout: 10, requests: spec.requests, sampleInt: 50 },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      lastResponse = performance.now();
      responses++;
      into.record(status, ms);
    });
  });
  const seconds = (lastResponse - started) / 1000;
  into.seconds += seconds;
  into.errors += result.errors;
  into.timeouts += result.timeouts;
  into.chunks++;
  return seconds > 0 ? responses / seconds : 0;
}

/** A run lasts at most about this long, so a rate that drops mid-phase cannot stretch it much. */
const MAX_RUN_SECONDS = 3;

/**
 * Keeps the server under load for about `seconds`, starting from `rate` req/s (or a calibration
 * run of 20 requests per connection when unknown). Returns the phase and the last run's rate.
 */
export async function loadFor(spec: LoadSpec, seconds: number, rate?: number): Promise<{ measurement: Measurement; rate: number }> {
  const into = new Collector();
  let current = rate;
  for (;;) {
    const left = seconds - into.seconds;
    if (left <= Math.max(0.1, seconds * 0.03)) break;
    current = await runAmount(spec, current ? Math.round(current * Math.min(left, MAX_RUN_SECONDS)) : spec.connections * 20, into);
  }
  return { measurement: into.result(), rate: current ?? 0 };
}

export interface ScenarioResult {
  warmup: Measurement;
  measured: Measurement;
  /** Wall-clock seconds of the measurement phase, gaps between its runs included. */
  wallSeconds: number;
  /** CPU seconds the server used during the measurement phase (undefined when unknown). */
  serverCpuSeconds: number | undefined;
  /** CPU seconds this process (the load generator) used during it. */
  clientCpuSeconds: number;
  /** CPU seconds used by everything else on the machine during it (other processes, interrupts): noise. */
  otherCpuSeconds: number | undefined;
}

/** Warms up for about `warmupSeconds`, then measures for about `seconds`. */
export async function warmAndMeasure(
  spec: LoadSpec,
  opts: { label: string; warmupSeconds: number; seconds: number; progress(line: string): void; serverCpu?: () => number | undefined },
): Promise<ScenarioResult> {
  opts.progress(`warming up ${opts.label} (${opts.warmupSeconds} s)…`);
  const warm = await loadFor(spec, opts.warmupSeconds);
  opts.progress(`measuring ${opts.label} (${opts.seconds} s)…`);
  const server0 = opts.serverCpu?.();
  const busy0 = systemBusyCpuSeconds();
  const client0 = process.cpuUsage();
  const wall0 = performance.now();
  const { measurement: measured } = await loadFor(spec, opts.seconds, warm.rate || undefined);
  const wallSeconds = (performance.now() - wall0) / 1000;
  const client = process.cpuUsage(client0);
  const server1 = opts.serverCpu?.();
  const busy1 = systemBusyCpuSeconds();
  const serverCpuSeconds = server0 !== undefined && server1 !== undefined ? server1 - server0 : undefined;
  const clientCpuSeconds = (client.user + client.system) / 1e6;
  const otherCpuSeconds = busy0 !== undefined && busy1 !== undefined && serverCpuSeconds !== undefined
    ? Math.max(0, busy1 - busy0 - serverCpuSeconds - clientCpuSeconds) : undefined;
  const result: ScenarioResult = { warmup: warm.measurement, measured, wallSeconds, serverCpuSeconds, clientCpuSeconds, otherCpuSeconds };
  const pct = (cpu: number | undefined) => (cpu === undefined ? '?' : `${Math.round((100 * cpu) / wallSeconds)}%`);
  opts.progress(
    `  ${Math.round(measured.rps)} req/s, ${measured.responses} requests in ${measured.seconds.toFixed(1)} s (${measured.chunks} runs), ` +
      `p50 ${measured.p50.toFixed(2)} ms, p99 ${measured.p99.toFixed(2)} ms; CPU: server ${pct(serverCpuSeconds)}, load generator ${pct(clientCpuSeconds)}, other ${pct(otherCpuSeconds)}`,
  );
  return result;
}

/** Sum of responses with `status` over several phases. */
export function countStatus(phases: readonly Measurement[], status: number): number {
  return phases.reduce((a, m) => a + (m.statuses.get(status) ?? 0), 0);
}
