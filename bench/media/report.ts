// The tables and the summary of `npm run bench -- media`.
import { fmt, fmtInt, markdownTable } from '../support/report.ts';
import type { Window } from './measure.ts';

export const LOSS_LIMIT = 0.001;
export const SATURATED = 0.95;
export const GAP_LIMIT_MS = 30;
export const PROMPT_RATIO = 0.999;
export const GOAL_CALLS = 400;
/** A second view: clean and prompt, the round trip (both legs, the bridge twice and the echo) p99 within this. */
export const RTT_LIMIT_MS = 50;

export type Target = 'switchboard' | 'sipp echo';

export interface EchoStep {
  calls: number;
  target: Target;
  window: Window;
  loss: number;
  /** The measured thing's share of a core: the worker thread, or the sipp process. */
  core: number | undefined;
  clean: boolean;
  saturated: boolean;
  /** 1, or 2 for the second window of a step whose first was unclean. */
  attempt: number;
  /** The window the step's verdict rests on (the better of its attempts). */
  final: boolean;
}

export interface PromptStep {
  prompts: number;
  window: Window;
  /** Packets received ÷ packets expected (50/s per prompt over the window). */
  ratio: number;
  clean: boolean;
  attempt: number;
  final: boolean;
}

const pct = (x: number | undefined, digits = 0) => (x === undefined ? '?' : `${fmt(100 * x, digits)}%`);
const perCall = (core: number | undefined, n: number) => (core === undefined ? '?' : fmt((core * 1000) / n, 3));
const mark = (s: { clean: boolean; attempt: number }, text: string) => `${text}${s.attempt > 1 ? ' ↻' : ''}${s.clean ? '' : ' ✗'}`;

export function echoStep(calls: number, target: Target, window: Window, attempt: number): EchoStep {
  const { sent, returned } = window.stats;
  const loss = sent > 0 ? Math.max(0, 1 - returned / sent) : 1;
  const core = target === 'switchboard' ? window.cpu.worker : window.cpu.sipp;
  const saturated = core !== undefined && core >= SATURATED;
  return { calls, target, window, loss, core, clean: loss < LOSS_LIMIT && !saturated, saturated, attempt, final: true };
}

export function promptStep(prompts: number, window: Window, attempt: number): PromptStep {
  const expected = prompts * 50 * window.stats.seconds;
  const ratio = expected > 0 ? window.stats.arrived / expected : 0;
  return { prompts, window, ratio, clean: ratio >= PROMPT_RATIO && window.stats.gapP99 <= GAP_LIMIT_MS, attempt, final: true };
}

export function sideBySide(all: readonly EchoStep[]): string {
  const steps = all.filter((s) => s.final);
  const counts = [...new Set(steps.map((s) => s.calls))].sort((a, b) => a - b);
  const rows = counts.map((n) => {
    const ours = steps.find((s) => s.calls === n && s.target === 'switchboard');
    const ref = steps.find((s) => s.calls === n && s.target === 'sipp echo');
    const ratio = ours?.core !== undefined && ref?.core ? `${fmt(ours.core / ref.core, 2)}×` : '—';
    return [
      fmtInt(n),
      ours ? mark(ours, fmt(100 * ours.loss, 3)) : '—', ours ? pct(ours.core) : '—', ours ? perCall(ours.core, n) : '—', ours ? fmt(ours.window.stats.rttP99, 2) : '—',
      ref ? mark(ref, fmt(100 * ref.loss, 3)) : '—', ref ? pct(ref.core) : '—', ref ? perCall(ref.core, n) : '—', ref ? fmt(ref.window.stats.rttP99, 2) : '—',
      ratio,
    ];
  });
  return markdownTable([
    { title: 'calls', align: 'right' },
    { title: 'switchboard loss %', align: 'right' }, { title: 'worker core', align: 'right' }, { title: 'ms/s per call', align: 'right' }, { title: 'RTT p99 ms', align: 'right' },
    { title: 'sipp echo loss %', align: 'right' }, { title: 'sipp core', align: 'right' }, { title: 'ms/s per call', align: 'right' }, { title: 'RTT p99 ms', align: 'right' },
    { title: 'CPU ours/sipp', align: 'right' },
  ], rows);
}

export function echoDetails(steps: readonly EchoStep[]): string {
  const rows = steps.map((s) => {
    const w = s.window;
    return [
      fmtInt(s.calls), `${s.target}${s.attempt > 1 ? ' (2nd)' : ''}`, fmtInt(w.stats.sent), fmtInt(w.stats.returned), `${fmt(100 * s.loss, 3)}${s.clean ? '' : ' ✗'}`, pct(w.cpu.host), pct(w.cpu.generator), pct(w.cpu.sipp), pct(w.cpu.other),
      w.elu === undefined ? '—' : fmt(w.elu, 2),
      `${w.drops['ours'] ?? 0} / ${w.drops['sipp'] ?? 0} / ${w.drops['generator'] ?? 0}`,
      `${fmt(w.stats.rttP50, 2)} / ${fmt(w.stats.rttP99, 2)}`, fmt(w.stats.gapP99, 1), String(w.stats.skippedSlots), String(w.waited),
    ];
  });
  return markdownTable([
    { title: 'calls', align: 'right' }, { title: 'path', align: 'left' }, { title: 'sent', align: 'right' }, { title: 'returned', align: 'right' }, { title: 'loss %', align: 'right' },
    { title: 'host proc', align: 'right' }, { title: 'generator', align: 'right' }, { title: 'sipp', align: 'right' }, { title: 'other', align: 'right' },
    { title: 'worker ELU', align: 'right' }, { title: 'drops ours/sipp/gen', align: 'right' }, { title: 'RTT p50 / p99 ms', align: 'right' },
    { title: 'gap p99 ms', align: 'right' }, { title: 'gen skipped', align: 'right' }, { title: 'waited s', align: 'right' },
  ], rows);
}

export function promptTable(steps: readonly PromptStep[]): string {
  const rows = steps.map((s) => {
    const w = s.window;
    return [
      fmtInt(s.prompts), fmtInt(s.prompts * 50), fmtInt(w.stats.arrived / w.stats.seconds), mark(s, fmt(100 * s.ratio, 2)),
      `${fmt(w.stats.gapP50, 1)} / ${fmt(w.stats.gapP99, 1)} / ${fmt(w.stats.gapMax, 1)}`,
      pct(w.cpu.worker), perCall(w.cpu.worker, s.prompts), w.elu === undefined ? '—' : fmt(w.elu, 2), pct(w.cpu.generator), pct(w.cpu.other),
      `${w.drops['ours'] ?? 0} / ${w.drops['generator'] ?? 0}`, String(w.waited),
    ];
  });
  return markdownTable([
    { title: 'prompts', align: 'right' }, { title: 'expected pkt/s', align: 'right' }, { title: 'received pkt/s', align: 'right' }, { title: 'received %', align: 'right' },
    { title: 'gap p50 / p99 / max ms', align: 'right' }, { title: 'worker core', align: 'right' }, { title: 'ms/s per prompt', align: 'right' },
    { title: 'worker ELU', align: 'right' }, { title: 'generator', align: 'right' }, { title: 'other', align: 'right' }, { title: 'drops ours/gen', align: 'right' }, { title: 'waited s', align: 'right' },
  ], rows);
}

const best = <T extends { clean: boolean }>(steps: readonly T[], n: (s: T) => number) =>
  steps.filter((s) => s.clean).reduce<number | undefined>((m, s) => (m === undefined || n(s) > m ? n(s) : m), undefined);

export function summary(allEcho: readonly EchoStep[], allPrompts: readonly PromptStep[]): string[] {
  const echo = allEcho.filter((s) => s.final);
  const prompts = allPrompts.filter((s) => s.final);
  const ours = echo.filter((s) => s.target === 'switchboard');
  const ref = echo.filter((s) => s.target === 'sipp echo');
  const bestOurs = best(ours, (s) => s.calls);
  const bestRef = best(ref, (s) => s.calls);
  const firstBad = (steps: readonly EchoStep[]) => steps.find((s) => !s.clean);
  const describe = (b: number | undefined, steps: readonly EchoStep[]) => {
    const bad = firstBad(steps);
    const why = bad ? ` (first failing step ${fmtInt(bad.calls)}: loss ${fmt(100 * bad.loss, 3)}%${bad.saturated ? ', saturated' : ''})` : ' (clean at every step tried)';
    return `${b === undefined ? 'none' : fmtInt(b)}${why}`;
  };
  const lines = [
    `most concurrent bridged calls with < ${100 * LOSS_LIMIT}% loss: switchboard (1 worker): ${describe(bestOurs, ours)}; sipp -rtp_echo: ${describe(bestRef, ref)}`,
  ];
  const prompt = (steps: readonly EchoStep[]) => best(steps.map((s) => ({ ...s, clean: s.clean && s.window.stats.rttP99 <= RTT_LIMIT_MS })), (s) => s.calls);
  const show = (n: number | undefined) => (n === undefined ? 'none' : fmtInt(n));
  lines.push(`… and with round-trip p99 ≤ ${RTT_LIMIT_MS} ms as well (latency the relay adds under load): switchboard ${show(prompt(ours))}; sipp -rtp_echo ${show(prompt(ref))}`);
  const at = (steps: readonly EchoStep[], n: number) => steps.find((s) => s.calls === n);
  const o400 = at(ours, GOAL_CALLS);
  const r400 = at(ref, GOAL_CALLS);
  if (o400 && r400) {
    lines.push(`CPU at ${GOAL_CALLS} calls: worker thread ${pct(o400.core)} of a core (${perCall(o400.core, GOAL_CALLS)} ms/s per call), sipp echo ${pct(r400.core)} (${perCall(r400.core, GOAL_CALLS)} ms/s per call)`);
  }
  const enough = bestOurs !== undefined && bestOurs >= GOAL_CALLS;
  const asGood = bestOurs !== undefined && (bestRef === undefined || bestOurs >= bestRef);
  lines.push(`goal (≥ ${GOAL_CALLS} concurrent bridged calls per worker on one core, at or above sipp's echo): ${enough ? 'calls met' : 'calls NOT met'}, ${asGood ? 'at or above sipp' : 'below sipp'} → ${enough && asGood ? 'MET' : 'NOT MET'}`);
  const bestPrompts = best(prompts, (s) => s.prompts);
  const badPrompt = prompts.find((s) => !s.clean);
  lines.push(`most concurrent prompts with ≥ ${100 * PROMPT_RATIO}% of packets and gap p99 ≤ ${GAP_LIMIT_MS} ms: ${bestPrompts === undefined ? 'none' : fmtInt(bestPrompts)}` +
    (badPrompt ? ` (first failing step ${fmtInt(badPrompt.prompts)}: ${fmt(100 * badPrompt.ratio, 2)}%, gap p99 ${fmt(badPrompt.window.stats.gapP99, 1)} ms)` : ' (clean at every step tried)'));
  return lines;
}
