// `npm run bench -- ivr`: IVR calls end to end. sipp calls a number whose app (a node:http server
// on loopback) answers Say inside Gather timeout=3, then Hangup; calls carry RTP both ways. At
// rising call rates: the most concurrent calls and calls/s with 0 failed calls, and the time from
// the INVITE to the first RTP packet Switchboard sends on the call (p50/p99). Processes:
//   switchboard  `node --import tsx src/cli/main.ts serve` (every role), a fresh temporary store
//   sipp         bench/ivr/caller.xml, one run per step
//   rtp sink     bench/ivr/sink-child.ts: one socket per call, notes the first RTP packet's arrival
//   app          bench/ivr/app.ts, in this process
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberListOption, numberListValue, type NumberListSpec } from './support/list-option.ts';
import { freePort, onCleanup, processCpuSeconds, startServer, type ServerChild } from './support/process.ts';
import { environment, fmt, fmtInt } from './support/report.ts';
import { freeUdpPort, sippVersion } from './support/sip-peers.ts';
import { choiceValue, numberValue, type BenchContext, type Benchmark, type NumberOption, type OptionValues } from './support/types.ts';
import { GATHER_TIMEOUT_SECONDS, PROMPT, startApp, type IvrApp } from './ivr/app.ts';
import { detailsTable, faults, stepsTable, summary, type StepRow } from './ivr/report.ts';
import { RtpSink } from './ivr/sink.ts';
import { CALLER_AUDIO_DELAY_MS, runStep, type IvrStep } from './ivr/step.ts';

const ACCOUNT_SID = 'AC1b0e5c4a7d2f3e6b9c8d7a6f5e4d3c2b';
const AUTH_TOKEN = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const NUMBER = '+15550100000';
/** Switchboard's RTP ports: below the ephemeral range (where the sink's sockets are) and apart from the media bench's. */
const RTP_PORTS = '12000-19999';
const PCAP = '/usr/share/sip-tester/g711a.pcap';
const WARMUP = { rate: 5, calls: 10 };
/** Above this share of a core used by other processes during a step, the report adds a note. */
const NOISY = 0.15;
/** The sink's event-loop delay p99 above which the report notes that first-RTP times may be late by that much. */
const SINK_LAG_LIMIT_MS = 5;

const ratesSpec: NumberListSpec = {
  name: 'rates', placeholder: 'CPS,CPS,…', description: 'call rates to step through, lowest first; stops at the first step with a failed call',
  default: [20, 40, 60, 80, 100, 120], min: 1, max: 400, integer: true,
};
const secondsOption: NumberOption = {
  kind: 'number', name: 'seconds', placeholder: 'SECONDS', default: 10, min: 1, max: 600,
  description: 'calls are started for this long per step (calls = rate × seconds); each call then lasts about 4 s',
};
const QUICK = { rates: [20, 60], seconds: 5 };
/** Calls per step at most: each holds one sink socket (file descriptor) for the step. */
const MAX_CALLS_PER_STEP = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loads = () => loadavg().map((l) => l.toFixed(2)).join(' ');

interface Settings {
  rates: number[];
  seconds: number;
}

/** --quick yes replaces the options left at their defaults by the short run's. */
function settings(values: OptionValues): Settings {
  const quick = choiceValue(values, 'quick') === 'yes';
  const rates = numberListValue(values, ratesSpec);
  const seconds = numberValue(values, 'seconds');
  const defaultRates = rates.join(',') === ratesSpec.default.join(',');
  return {
    rates: [...(quick && defaultRates ? QUICK.rates : rates)].sort((a, b) => a - b),
    seconds: quick && seconds === secondsOption.default ? QUICK.seconds : seconds,
  };
}

const basic = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;

async function startSwitchboard(dir: string): Promise<{ server: ServerChild; sipPort: number }> {
  const httpPort = await freePort();
  const sipPort = await freeUdpPort();
  const trunks = [{ name: 'bench', outboundUri: 'sip:127.0.0.1:5999', transport: 'udp', allowedAddresses: ['127.0.0.1/32'], maxCps: 1000, maxConcurrent: 10000 }];
  const server = await startServer({
    name: 'switchboard', script: 'src/cli/main.ts', port: httpPort,
    args: ['serve', '--data-dir', join(dir, 'data'), '--http-port', String(httpPort), '--sip-port', String(sipPort), '--rtp-ports', RTP_PORTS],
    env: {
      SWITCHBOARD_LOG_LEVEL: 'warn', SWITCHBOARD_ACCOUNT_SID: ACCOUNT_SID, SWITCHBOARD_AUTH_TOKEN: AUTH_TOKEN,
      SWITCHBOARD_TRUNKS: JSON.stringify(trunks),
    },
  });
  return { server, sipPort };
}

async function createNumber(server: ServerChild, voiceUrl: string): Promise<void> {
  const res = await fetch(`${server.url}/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json`, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ PhoneNumber: NUMBER, VoiceUrl: voiceUrl, VoiceMethod: 'POST' }).toString(),
  });
  const body = await res.text();
  if (res.status !== 201) throw new Error(`creating ${NUMBER} answered ${res.status}: ${body}`);
}

function describe(s: IvrStep): string {
  const core = (cpu: number | undefined) => (cpu === undefined ? '?' : `${Math.round((100 * cpu) / s.wallSeconds)}%`);
  const f = s.firstAudio;
  return [
    `${s.ok}/${s.planned} ok, ${s.failed} failed, ${s.noAudio} without RTP, peak ${s.peak} calls, ${fmt(s.achievedRate, 1)} calls/s`,
    `first RTP p50 ${fmt(f.p50, 1)} ms, p99 ${fmt(f.p99, 1)} ms, max ${fmt(f.max, 1)} ms (${f.count} calls)`,
    `CPU: server ${core(s.cpu.server)}, sipp ${core(s.cpu.sipp)}, sink ${core(s.cpu.sink)}, other ${core(s.cpu.other)}`,
    s.clean ? 'clean' : `NOT CLEAN (${faults(s)})`,
  ].join('; ');
}

interface Run {
  server: ServerChild;
  sipPort: number;
  sink: RtpSink;
  dir: string;
  ctx: BenchContext;
}

async function step(run: Run, label: string, rate: number, calls: number): Promise<StepRow> {
  const warn0 = run.server.warnings().length;
  const pid = run.server.pid;
  const s = await runStep({
    label, rate, calls, sipPort: run.sipPort, number: NUMBER, dir: run.dir, sink: run.sink,
    server: { pid, port: run.sipPort, url: run.server.url, cpuSeconds: run.server.cpuSeconds, gone: () => (processCpuSeconds(pid) === undefined ? 'exited' : undefined) },
  });
  run.ctx.progress(`  ${describe(s)}`);
  if (!s.clean && s.errors) run.ctx.progress(`  sipp errors:\n${s.errors.split('\n').map((l) => `    ${l}`).join('\n')}`);
  return { step: s, warnings: run.server.warnings().length - warn0 };
}

/** The most frequent messages among the server's warn+ lines: "N× msg". */
function warningDigest(lines: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of lines) {
    let msg = line.slice(0, 120);
    try {
      const parsed = JSON.parse(line) as { msg?: string; message?: string };
      msg = `${parsed.msg ?? '?'}${parsed.message ? `: ${parsed.message}` : ''}`.slice(0, 160);
    } catch {
      // keep the raw line
    }
    counts.set(msg, (counts.get(msg) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([msg, n]) => `${fmtInt(n)}× ${msg}`);
}

function checks(warm: StepRow, rows: readonly StepRow[], app: IvrApp, alive: boolean): [boolean, string][] {
  const all = [warm, ...rows].map((r) => r.step);
  const started = all.reduce((a, s) => a + s.attempted, 0);
  const answered = all.reduce((a, s) => a + s.answered, 0);
  const hits = app.hits();
  const voice = hits.byRoute['POST /voice'] ?? 0;
  const firstRtp = all.filter((s) => s.firstAudio.count > 0);
  const minLatency = Math.min(...firstRtp.map((s) => s.firstAudio.min));
  return [
    [warm.step.clean, `warm-up (${WARMUP.calls} calls at ${WARMUP.rate} cps) clean, so sipp, the sink, the app and TTS work: ${warm.step.clean ? 'yes' : `no (${faults(warm.step)})`}`],
    [alive, `switchboard alive to the end: ${alive ? 'yes' : 'no'}`],
    [voice >= answered && voice <= started && hits.total === voice && hits.withoutCallSid === 0,
      `app webhooks: ${fmtInt(voice)} POST /voice (${fmtInt(hits.total)} requests in all, ${hits.withoutCallSid} without CallSid) for ${fmtInt(started)} calls started, ${fmtInt(answered)} answered`],
    [firstRtp.length > 0 && minLatency > 0, `every INVITE → first RTP time is positive (sipp's log and the sink's ports join up): ${firstRtp.length ? `shortest ${fmt(minLatency, 2)} ms` : 'no RTP measured'}`],
  ];
}

async function run(values: OptionValues, ctx: BenchContext): Promise<number> {
  const s = settings(values);
  const biggest = Math.round(Math.max(...s.rates) * s.seconds);
  if (biggest > MAX_CALLS_PER_STEP) {
    ctx.progress(`a step may place at most ${fmtInt(MAX_CALLS_PER_STEP)} calls (rate × seconds, one sink socket each); the largest asks for ${fmtInt(biggest)}`);
    return 2;
  }
  const sipp = sippVersion();
  if (!existsSync(PCAP)) throw new Error(`${PCAP} is missing (it ships with sipp: apt-get install sip-tester)`);
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-ivr-'));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  const loadBefore = loads();

  const app = await startApp();
  onCleanup(() => app.close());
  ctx.progress(`app at ${app.voiceUrl}; starting Switchboard and the RTP sink; load average ${loadBefore}`);
  const { server, sipPort } = await startSwitchboard(dir);
  await createNumber(server, app.voiceUrl);
  const sink = new RtpSink();
  await sink.ready;
  ctx.progress(`switchboard pid ${server.pid} (SIP udp 127.0.0.1:${sipPort}, API ${server.url}, RTP ${RTP_PORTS}), sink pid ${sink.pid}; ${NUMBER} → ${app.voiceUrl}`);
  const r: Run = { server, sipPort, sink, dir, ctx };

  ctx.progress(`warm-up: ${WARMUP.calls} calls at ${WARMUP.rate} cps (not counted; the first one synthesizes the prompt)…`);
  const warm = await step(r, 'warm-up', WARMUP.rate, WARMUP.calls);
  const rows: StepRow[] = [];
  if (warm.step.clean) {
    for (const rate of s.rates) {
      await sleep(2000);
      ctx.progress(`rate ${rate} cps, ${s.seconds} s: ${Math.round(rate * s.seconds)} calls…`);
      const row = await step(r, String(rate), rate, Math.round(rate * s.seconds));
      rows.push(row);
      if (!row.step.clean) {
        ctx.progress(`  first step with a failure at ${rate} cps; no higher rates`);
        break;
      }
    }
  } else {
    ctx.progress('  the warm-up was not clean; no steps run');
  }
  const alive = processCpuSeconds(server.pid) !== undefined;
  const warnings = server.warnings();
  const loadAfter = loads();
  await server.stop();
  await sink.stop();

  ctx.out('');
  ctx.out(stepsTable(rows));
  ctx.out('');
  for (const line of summary(rows)) ctx.out(line);
  ctx.out('');
  ctx.out(detailsTable(rows));
  ctx.out('');
  const w = warm.step;
  ctx.out(`warm-up: ${w.ok}/${w.planned} calls ok; first call (prompt synthesized, cold JIT): first RTP ${fmt(w.firstCall, 1)} ms; all ${w.firstAudio.count}: p50 ${fmt(w.firstAudio.p50, 1)} ms, max ${fmt(w.firstAudio.max, 1)} ms`);
  ctx.out(`calls: INVITE (PCMA, PCMU, telephone-event; ptime 30) → 200 → ACK → sipp plays g711a.pcap from ${CALLER_AUDIO_DELAY_MS} ms after the ACK → the app's ` +
    `<Gather timeout="${GATHER_TIMEOUT_SECONDS}"><Say>${PROMPT}</Say></Gather><Hangup/> → Switchboard's BYE`);
  ctx.out(`${s.seconds} s of call starts per step; first RTP = its arrival at the sink − sipp's gettimeofday() right after the INVITE's sendto() (µs, one host clock); ` +
    'server waits = share of the step its main thread was runnable but had no CPU (/proc/PID/task/PID/schedstat); ' +
    'server lag = its event-loop delay over the step (prom-client\'s histogram in /metrics, read and reset at each end of the step)');
  ctx.out(`switchboard: log level warn, RTP ${RTP_PORTS}, 1 media worker (the default), SQLite store; app and sink on loopback`);
  for (const line of environment()) ctx.out(line);
  ctx.out(`sipp:   ${sipp}`);
  ctx.out(`load:   ${loadBefore} (1/5/15 min) before, ${loadAfter} after the steps`);
  const noisy = rows.filter((x) => (x.step.cpu.other ?? 0) > NOISY * x.step.wallSeconds);
  if (noisy.length) {
    ctx.out(`note:   other processes used more than ${NOISY * 100}% of a core during ${noisy.length} of ${rows.length} steps (${noisy.map((x) => x.step.rate).join(', ')} cps; column "other"): ` +
      'an unclean step or a high p99 there may show the machine\'s limit, not the server\'s; rerun on a quiet machine');
  }
  const laggy = rows.filter((x) => x.step.sinkLag.p99 > SINK_LAG_LIMIT_MS);
  if (laggy.length) {
    ctx.out(`note:   the sink's event-loop delay p99 was above ${SINK_LAG_LIMIT_MS} ms during ${laggy.map((x) => `${x.step.rate} cps (${fmt(x.step.sinkLag.p99, 1)} ms)`).join(', ')}: ` +
      'first-RTP times there may be late by about that much (the machine was busy)');
  }
  if (warnings.length) {
    ctx.out(`server warnings (${fmtInt(warnings.length)} lines at warn or above, most frequent first):`);
    for (const line of warningDigest(warnings)) ctx.out(`  ${line}`);
  }
  const c = checks(warm, rows, app, alive);
  ctx.out('');
  for (const [ok, text] of c) ctx.out(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
  return c.every(([ok]) => ok) ? 0 : 1;
}

export const benchmark: Benchmark = {
  summary: 'IVR calls (Say + Gather + Hangup, RTP both ways) at rising rates: most concurrent calls with 0 failed, INVITE → first RTP p50/p99',
  options: [
    numberListOption(ratesSpec), secondsOption,
    { kind: 'choice', name: 'quick', placeholder: 'yes|no', description: `a short run: rates ${QUICK.rates.join(',')}, ${QUICK.seconds} s each (options set to other than their defaults still win)`, default: 'no', choices: ['no', 'yes'] },
  ],
  run,
};
