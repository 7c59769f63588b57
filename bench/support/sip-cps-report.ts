// The report of `npm run bench -- sip-cps`: the side-by-side table, a details table, the summary
// (highest clean rate, CPU per 1,000 calls at the highest rate both handled, the goal).
import { fmt, fmtInt, markdownTable, type Column } from './report.ts';
import { cpuPerThousand, type StepResult } from './sip-step.ts';

/** The issue's goal: at least this many calls/s on one process … */
export const GOAL_CPS = 2000;
/** … at no more than this many times the CPU per call of sipp's own UAS. */
export const GOAL_CPU_RATIO = 3;

export interface Series {
  /** Column label ("switchboard", "sipp uas"). */
  name: string;
  steps: StepResult[];
}

const right = (title: string): Column => ({ title, align: 'right' });
const per1k = (s: StepResult | undefined) => {
  const v = s && cpuPerThousand(s);
  return v === undefined ? '?' : fmt(v, 3);
};

function cells(s: StepResult | undefined): string[] {
  if (!s) return ['—', '—', '—', '—', '—'];
  const u = s.uac;
  return [`${fmtInt(u.ok)}${s.clean ? '' : ' ✗'}`, fmtInt(u.failed), fmtInt(u.retrans), fmtInt(u.achievedRate), per1k(s)];
}

function ratio(a: StepResult | undefined, b: StepResult | undefined): string {
  const x = a && cpuPerThousand(a);
  const y = b && cpuPerThousand(b);
  return x === undefined || y === undefined || y === 0 ? '—' : `${fmt(x / y, 2)}×`;
}

/** Per rate: each server's ok / failed / retrans / achieved cps / CPU s per 1k calls, and the CPU ratio. */
export function sideBySide(rates: readonly number[], ours: Series, ref: Series): string {
  const half = (n: string) => [right(`${n} ok`), right('failed'), right('retrans'), right('cps'), right('CPU s/1k')];
  const columns: Column[] = [right('rate'), ...half(ours.name), ...half(ref.name), right('CPU ours/ref')];
  const rows = rates.map((rate) => {
    const a = ours.steps.find((s) => s.rate === rate);
    const b = ref.steps.find((s) => s.rate === rate);
    return [fmtInt(rate), ...cells(a), ...cells(b), a?.clean && b?.clean ? ratio(a, b) : '—'];
  });
  return markdownTable(columns, rows);
}

/** Per step: wall time, response time, CPU shares, drops: what the figures rest on. */
export function details(all: readonly StepResult[]): string {
  const columns: Column[] = [
    right('rate'), { title: 'server', align: 'left' }, right('wall s'), right('INVITE→200 ms'), right('server core'),
    right('sipp UAC core'), right('other'), right('rx drops'),
  ];
  const pct = (cpu: number | undefined, wall: number) => (cpu === undefined ? '?' : `${Math.round((100 * cpu) / wall)}%`);
  const rows = all.map((s) => [
    fmtInt(s.rate), s.server, fmt(s.uac.wallSeconds, 1), fmt(s.uac.rttMs, 0), pct(s.serverCpuUnderLoad, s.uac.wallSeconds),
    pct(s.uac.uacCpuSeconds, s.uac.wallSeconds), pct(s.otherCpuSeconds, s.uac.wallSeconds), fmtInt(s.drops),
  ]);
  return markdownTable(columns, rows);
}

function highestClean(series: Series): StepResult | undefined {
  return series.steps.filter((s) => s.clean).reduce<StepResult | undefined>((best, s) => (!best || s.rate > best.rate ? s : best), undefined);
}

function cleanDescription(series: Series, rates: readonly number[]): string {
  const best = highestClean(series);
  if (!best) return `${series.name}: no clean step`;
  const last = series.steps[series.steps.length - 1];
  const limit = last && !last.clean ? `first unclean at ${fmtInt(last.rate)} cps` : best.rate === Math.max(...rates) ? 'clean at every rate tried' : 'stopped early';
  return `${series.name}: ${fmtInt(best.rate)} cps (${limit})`;
}

export interface Summary {
  lines: string[];
  goalMet: boolean;
}

export function summary(rates: readonly number[], ours: Series, ref: Series): Summary {
  const lines = [`highest clean rate: ${cleanDescription(ours, rates)}; ${cleanDescription(ref, rates)}`];
  const common = [...rates].reverse().find((r) => ours.steps.find((s) => s.rate === r)?.clean && ref.steps.find((s) => s.rate === r)?.clean);
  let ratioValue: number | undefined;
  if (common === undefined) lines.push('no rate was handled cleanly by both servers: no CPU comparison');
  else {
    const a = ours.steps.find((s) => s.rate === common);
    const b = ref.steps.find((s) => s.rate === common);
    const x = a && cpuPerThousand(a);
    const y = b && cpuPerThousand(b);
    ratioValue = x !== undefined && y !== undefined && y > 0 ? x / y : undefined;
    lines.push(
      `CPU per 1,000 calls at ${fmtInt(common)} cps (the highest rate both handled cleanly): ${ours.name} ${per1k(a)} s, ${ref.name} ${per1k(b)} s; ` +
        `ours/sipp = ${ratioValue === undefined ? '?' : `${fmt(ratioValue, 2)}×`}`,
    );
  }
  const oursBest = highestClean(ours)?.rate ?? 0;
  const rateOk = oursBest >= GOAL_CPS;
  const cpuOk = ratioValue !== undefined && ratioValue <= GOAL_CPU_RATIO;
  lines.push(
    `goal (≥ ${fmtInt(GOAL_CPS)} calls/s on one process, CPU per call ≤ ${GOAL_CPU_RATIO}× sipp uas): ` +
      `rate ${rateOk ? 'met' : 'NOT met'} (${fmtInt(oursBest)} cps), CPU ${cpuOk ? 'met' : 'NOT met'}` +
      ` (${ratioValue === undefined ? '?' : `${fmt(ratioValue, 2)}×`}) → ${rateOk && cpuOk ? 'MET' : 'NOT MET'}`,
  );
  return { lines, goalMet: rateOk && cpuOk };
}
