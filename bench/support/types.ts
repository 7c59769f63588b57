// What a benchmark module exports, and the options several benchmarks share. bench/run.ts parses
// the command line against a benchmark's `options` and hands it the typed values.

export interface NumberOption {
  kind: 'number';
  /** Flag name without dashes: `duration` is `--duration`. */
  name: string;
  /** Shown in help after the flag, e.g. SECONDS. */
  placeholder: string;
  description: string;
  default: number;
  min: number;
  max?: number;
  integer?: boolean;
}

export interface ChoiceOption {
  kind: 'choice';
  name: string;
  placeholder: string;
  description: string;
  default: string;
  choices: readonly string[];
}

export type OptionSpec = NumberOption | ChoiceOption;

export type OptionValues = Readonly<Record<string, number | string>>;

export interface BenchContext {
  /** A progress line for the person watching ("warming up…"); goes to stderr. */
  progress(line: string): void;
  /** The report itself (tables, environment); goes to stdout. */
  out(line: string): void;
}

export interface Benchmark {
  /** One line for `npm run bench -- --help`. */
  summary: string;
  options: readonly OptionSpec[];
  /** Runs the benchmark; resolves to the exit code (non-zero when a check failed). */
  run(values: OptionValues, ctx: BenchContext): Promise<number>;
}

export const durationOption: NumberOption = {
  kind: 'number', name: 'duration', placeholder: 'SECONDS', default: 10, min: 1, max: 3600,
  description: 'how long each scenario is measured',
};

export const warmupOption: NumberOption = {
  kind: 'number', name: 'warmup', placeholder: 'SECONDS', default: 2, min: 0, max: 600,
  description: 'load applied before each measurement and not counted',
};

export const connectionsOption: NumberOption = {
  kind: 'number', name: 'connections', placeholder: 'N', default: 50, min: 1, max: 10_000, integer: true,
  description: 'concurrent HTTP connections (one request in flight on each)',
};

export function numberValue(values: OptionValues, name: string): number {
  const v = values[name];
  if (typeof v !== 'number') throw new Error(`benchmark option --${name} is not a number option`);
  return v;
}

export function choiceValue(values: OptionValues, name: string): string {
  const v = values[name];
  if (typeof v !== 'string') throw new Error(`benchmark option --${name} is not a choice option`);
  return v;
}
