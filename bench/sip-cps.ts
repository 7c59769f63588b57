// `npm run bench -- sip-cps`: SIP call setup rate. `sipp -sn uac` (INVITE, 180, 200, ACK, BYE,
// 200) at rising call rates against Switchboard's UAS test app (test/sip/apps/uas-app.ts in its
// own process) and, in the same run, against sipp's own `-sn uas`, on loopback UDP. Per step:
// calls, failures, retransmissions, achieved rate, and the server's CPU per 1,000 calls.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberListOption, numberListValue, type NumberListSpec } from './support/list-option.ts';
import { onCleanup } from './support/process.ts';
import { environment, fmt } from './support/report.ts';
import { details, sideBySide, summary, type Series } from './support/sip-cps-report.ts';
import { freeUdpPort, sippVersion, startSippUas, startSwitchboardUas, uasAppStats, type SipServer } from './support/sip-peers.ts';
import { measureStep } from './support/sip-step.ts';
import { numberValue, type BenchContext, type Benchmark, type NumberOption, type OptionValues } from './support/types.ts';

const ratesSpec: NumberListSpec = {
  name: 'rates', placeholder: 'CPS,CPS,…', description: 'call rates to step through, lowest first',
  default: [250, 500, 1000, 1500, 2000, 3000, 4000], min: 1, max: 20_000, integer: true,
};

const secondsOption: NumberOption = {
  kind: 'number', name: 'seconds', placeholder: 'SECONDS', default: 10, min: 1, max: 600,
  description: 'length of each step (calls per step = rate × seconds)',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loads = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** CPU share of one core each server uses while idle, over `seconds` (sipp polls; Node sleeps). */
async function idleShares(servers: readonly SipServer[], seconds: number): Promise<string> {
  const before = servers.map((s) => s.cpuSeconds());
  await sleep(seconds * 1000);
  return servers.map((s, i) => {
    const a = before[i];
    const b = s.cpuSeconds();
    return `${s.name} ${a === undefined || b === undefined ? '?' : `${fmt((100 * (b - a)) / seconds, 1)}%`}`;
  }).join(', ');
}

/** Steps every server through the rates, each rate on each server in turn; a server stops at its first unclean step. */
async function stepAll(servers: SipServer[], rates: readonly number[], seconds: number, dir: string, ctx: BenchContext): Promise<Series[]> {
  const series: Series[] = servers.map((s) => ({ name: s.name, steps: [] }));
  const active = new Set(servers.map((_, i) => i));
  for (const rate of rates) {
    for (const i of [...active]) {
      const server = servers[i];
      const into = series[i];
      if (!server || !into) continue;
      const step = await measureStep(server, rate, seconds, dir, ctx.progress);
      into.steps.push(step);
      if (!step.clean) {
        active.delete(i);
        ctx.progress(`  ${server.name}: first unclean step at ${rate} cps; no higher rates for it`);
      }
    }
    if (active.size === 0) break;
  }
  return series;
}

interface Checks {
  list: [boolean, string][];
}

/** Sanity checks on the measurement itself (not on the goal). */
function checks(ours: Series, ref: Series, oursOutput: string): Checks {
  const list: [boolean, string][] = [];
  const first = ref.steps[0];
  list.push([first?.clean === true, `sipp uas clean at the lowest rate (the testbed works): ${first?.clean ? 'yes' : 'no'}`]);
  const died = [...ours.steps, ...ref.steps].filter((s) => s.died);
  list.push([died.length === 0, `servers alive through their steps: ${died.length === 0 ? 'yes' : died.map((s) => `${s.server} ${s.died} at ${s.rate} cps`).join(', ')}`]);
  const stats = uasAppStats(oursOutput);
  const attempted = ours.steps.reduce((a, s) => a + s.uac.attempted, 0);
  const ok = ours.steps.reduce((a, s) => a + s.uac.ok, 0);
  if (!stats) list.push([false, 'uas-app printed no stats on SIGTERM']);
  else {
    const consistent = stats['invites'] === attempted && (stats['ended'] ?? 0) >= ok;
    list.push([consistent, `uas-app counted ${stats['invites']} INVITEs, ${stats['answered']} answered, ${stats['ended']} ended; sipp started ${attempted} calls, ${ok} succeeded`]);
  }
  return { list };
}

async function run(values: OptionValues, ctx: BenchContext): Promise<number> {
  const rates = numberListValue(values, ratesSpec).sort((a, b) => a - b);
  const seconds = numberValue(values, 'seconds');
  const sipp = sippVersion();
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-sip-cps-'));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  const loadBefore = loads();

  ctx.progress('starting the Switchboard UAS (test/sip/apps/uas-app.ts) and sipp -sn uas…');
  const ours = await startSwitchboardUas(await freeUdpPort());
  const ref = await startSippUas(await freeUdpPort());
  ctx.progress(`switchboard on udp 127.0.0.1:${ours.port} (pid ${ours.pid}), sipp uas on udp 127.0.0.1:${ref.port} (pid ${ref.pid}); load average ${loadBefore}`);
  const idle = await idleShares([ours, ref], 3);
  ctx.progress(`idle CPU: ${idle}`);

  const [oursSeries, refSeries] = await stepAll([ours, ref], rates, seconds, dir, ctx);
  const loadAfter = loads();
  ctx.progress('stopping the servers (uas-app first hangs up any call left from an overloaded step: up to 45 s)…');
  const oursOutput = await ours.stop();
  await ref.stop();
  if (!oursSeries || !refSeries) throw new Error('internal: a series is missing');

  ctx.out('');
  ctx.out(sideBySide(rates, oursSeries, refSeries));
  ctx.out('');
  const s = summary(rates, oursSeries, refSeries);
  for (const line of s.lines) ctx.out(line);
  ctx.out('');
  ctx.out(details([...oursSeries.steps, ...refSeries.steps].sort((a, b) => a.rate - b.rate)));
  ctx.out('');
  ctx.out(`${seconds} s per step (calls = rate × seconds), loopback UDP, -buff_size 4194304 on every sipp; CPU per 1k includes the settle after each step (switchboard ${ours.settleSeconds} s, sipp uas ${ref.settleSeconds} s)`);
  ctx.out(`idle CPU before the first step: ${idle}`);
  for (const line of environment()) ctx.out(line);
  ctx.out(`sipp:   ${sipp}`);
  ctx.out(`load:   ${loadBefore} (1/5/15 min) before, ${loadAfter} after the steps`);
  const noisy = [...oursSeries.steps, ...refSeries.steps].filter((st) => (st.otherCpuSeconds ?? 0) > 0.15 * st.uac.wallSeconds);
  if (noisy.length) {
    ctx.out(`note:   other processes used more than 15% of a core during ${noisy.length} of ${oursSeries.steps.length + refSeries.steps.length} steps ` +
      `(${noisy.map((st) => `${st.server} ${st.rate}`).join(', ')}; column "other"): an unclean step among them may show the machine's limit rather than the server's; rerun on a quiet machine`);
  }
  const c = checks(oursSeries, refSeries, oursOutput);
  ctx.out('');
  for (const [ok, text] of c.list) ctx.out(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
  return c.list.every(([ok]) => ok) ? 0 : 1;
}

export const benchmark: Benchmark = {
  summary: 'SIP calls/s: sipp -sn uac at rising rates against our UAS app and sipp -sn uas (CPU per 1k calls)',
  options: [numberListOption(ratesSpec), secondsOption],
  run,
};
