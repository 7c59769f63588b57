// The report of `npm run bench -- ivr`: the steps table, a details table, the summary and the goal.
import { fmt, fmtInt, markdownTable, type Column } from '../support/report.ts';
import type { IvrStep, Percentiles } from './step.ts';

/** The issue's goal: at least this many concurrent IVR calls with none failed … */
export const GOAL_CONCURRENT = 200;
/** … and INVITE → first RTP packet under this many ms at the 99th percentile. */
export const GOAL_P99_MS = 100;

export interface StepRow {
  step: IvrStep;
  /** pino lines at warn or above the server logged during the step. */
  warnings: number;
}

const right = (title: string): Column => ({ title, align: 'right' });
const ms = (v: number) => (Number.isFinite(v) ? fmt(v, 1) : '—');
const pct = (cpu: number | undefined, wall: number) => (cpu === undefined ? '?' : `${Math.round((100 * cpu) / wall)}%`);
const pair = (p: Percentiles) => (p.count ? `${ms(p.p50)} / ${ms(p.p99)}` : '—');

/** Why a step is not clean, in words ("" when it is). */
export function faults(s: IvrStep): string {
  const list: string[] = [];
  if (s.failed) list.push(`${fmtInt(s.failed)} failed`);
  if (s.ok + s.failed < s.planned) list.push(`${fmtInt(s.planned - s.ok - s.failed)} not finished`);
  if (s.noAudio) list.push(`${fmtInt(s.noAudio)} answered without RTP`);
  if (s.killed) list.push('sipp killed at its time limit');
  else if (s.code !== 0 && !s.failed) list.push(`sipp exit ${s.code}`);
  if (s.died) list.push(`server ${s.died}`);
  return list.join(', ');
}

/** Per step: the calls, failures, concurrency, rate, first-audio latency and the server's core. */
export function stepsTable(rows: readonly StepRow[]): string {
  const columns: Column[] = [
    right('rate'), right('calls'), right('ok'), right('failed'), right('no RTP'), right('peak calls'), right('calls/s'),
    right('first RTP p50 ms'), right('p99 ms'), right('max ms'), right('server core'),
  ];
  return markdownTable(columns, rows.map(({ step: s }) => [
    fmtInt(s.rate), fmtInt(s.planned), `${fmtInt(s.ok)}${s.clean ? '' : ' ✗'}`, fmtInt(s.failed), fmtInt(s.noAudio), fmtInt(s.peak),
    fmt(s.achievedRate, 1), ms(s.firstAudio.p50), ms(s.firstAudio.p99), ms(s.firstAudio.max), pct(s.cpu.server, s.wallSeconds),
  ]));
}

/** Per step: where the latency goes, what the other processes used, retransmissions, warnings. */
export function detailsTable(rows: readonly StepRow[]): string {
  const columns: Column[] = [
    right('rate'), right('wall s'), right('call s'), right('INVITE→200 p50 / p99 ms'), right('200→RTP p50 / p99 ms'),
    right('retrans'), right('server waits'), right('server lag p99 / max ms'), right('sipp core'), right('sink core'), right('other'),
    right('sink lag p99 / max ms'), right('rx drops'), right('warnings'),
  ];
  return markdownTable(columns, rows.map(({ step: s, warnings }) => [
    fmtInt(s.rate), fmt(s.wallSeconds, 1), Number.isFinite(s.callSeconds) ? fmt(s.callSeconds, 2) : '—', pair(s.answer), pair(s.media),
    fmtInt(s.retrans), pct(s.serverRunQueue, s.wallSeconds), s.serverLag ? `${ms(s.serverLag.p99)} / ${ms(s.serverLag.max)}` : '?', pct(s.cpu.sipp, s.wallSeconds), pct(s.cpu.sink, s.wallSeconds), pct(s.cpu.other, s.wallSeconds),
    `${ms(s.sinkLag.p99)} / ${ms(s.sinkLag.max)}`, fmtInt(s.drops), fmtInt(warnings),
  ]));
}

/** The summary lines: the most concurrent calls with 0 failed, the same within the latency goal, the first unclean step, the goal. */
export function summary(rows: readonly StepRow[]): string[] {
  const steps = rows.map((r) => r.step);
  const clean = steps.filter((s) => s.clean);
  const most = (list: readonly IvrStep[]) => list.reduce<IvrStep | undefined>((a, s) => (!a || s.peak > a.peak ? s : a), undefined);
  const at = (s: IvrStep) => `${fmtInt(s.peak)} at ${fmtInt(s.rate)} cps (${fmt(s.achievedRate, 1)} calls/s started, ${fmtInt(s.ok)} calls), ` +
    `first RTP p50 ${ms(s.firstAudio.p50)} ms, p99 ${ms(s.firstAudio.p99)} ms`;
  const best = most(clean);
  const fast = most(clean.filter((s) => s.firstAudio.p99 < GOAL_P99_MS));
  const unclean = steps.find((s) => !s.clean);
  const goal = `goal (≥ ${GOAL_CONCURRENT} concurrent IVR calls, 0 failed, first RTP p99 < ${GOAL_P99_MS} ms)`;
  const lines = [
    `most concurrent calls with 0 failed: ${best ? at(best) : 'none (no clean step)'}`,
    `most concurrent calls with 0 failed and first RTP p99 < ${GOAL_P99_MS} ms: ${fast ? at(fast) : 'none'}`,
    unclean
      ? `first step with a failure: ${fmtInt(unclean.rate)} cps (${faults(unclean)})`
      : `no step had a failure (the highest rate tried was ${fmtInt(steps[steps.length - 1]?.rate ?? 0)} cps; past the latency limit calls queue rather than fail)`,
  ];
  if (fast && fast.peak >= GOAL_CONCURRENT) {
    lines.push(`${goal}: MET (${fmtInt(fast.peak)} concurrent at ${fmtInt(fast.rate)} cps, p99 ${ms(fast.firstAudio.p99)} ms)`);
  } else {
    const why = !best || best.peak < GOAL_CONCURRENT
      ? `no clean step reached ${GOAL_CONCURRENT} concurrent calls${best ? ` (best ${fmtInt(best.peak)})` : ''}`
      : `the clean steps with ≥ ${GOAL_CONCURRENT} concurrent calls had first RTP p99 ≥ ${GOAL_P99_MS} ms ` +
        `(${clean.filter((s) => s.peak >= GOAL_CONCURRENT).map((s) => `${fmtInt(s.rate)} cps: ${ms(s.firstAudio.p99)} ms`).join(', ')})`;
    lines.push(`${goal}: NOT MET: ${why}`);
  }
  return lines;
}
