// `npm run bench -- <name> [options]`: runs the benchmark exported by bench/<name>.ts.
// A new benchmark is a file in bench/ that exports `benchmark: Benchmark` plus one line below.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { cleanup } from './support/process.ts';
import type { Benchmark, OptionSpec, OptionValues } from './support/types.ts';

const benchmarks: Record<string, () => Promise<Benchmark>> = {
  api: async () => (await import('./api.ts')).benchmark,
  'sip-cps': async () => (await import('./sip-cps.ts')).benchmark,
  media: async () => (await import('./media.ts')).benchmark,
  ivr: async () => (await import('./ivr.ts')).benchmark,
};

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

function optionHelp(o: OptionSpec): string {
  const flag = `--${o.name} ${o.placeholder}`;
  const extra = o.kind === 'choice' ? ` (${o.choices.join(' | ')})` : '';
  return `    ${flag.padEnd(22)} ${o.description}${extra}; default ${o.default}`;
}

async function usage(): Promise<string> {
  const lines = ['Usage: npm run bench -- <benchmark> [options]', '', 'Benchmarks:'];
  for (const [name, load] of Object.entries(benchmarks)) {
    try {
      const b = await load();
      lines.push(`  ${name.padEnd(10)} ${b.summary}`, ...b.options.map(optionHelp));
    } catch (e) {
      lines.push(`  ${name.padEnd(10)} (cannot be loaded: ${(e as Error).message})`);
    }
  }
  lines.push('', 'Run "npm run bench -- <benchmark> --help" for one benchmark. See bench/README.md.');
  return lines.join('\n');
}

function benchmarkHelp(name: string, b: Benchmark): string {
  const opts = b.options.length ? b.options.map(optionHelp).join('\n') : '    (no options)';
  return `Usage: npm run bench -- ${name} [options]\n\n${b.summary}\n\nOptions:\n${opts}`;
}

/** Parses the flags against the benchmark's option specs; throws a message listing every problem. */
function parseOptions(b: Benchmark, args: string[]): OptionValues {
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const o of b.options) config[o.name] = { type: 'string' };
  let raw: Record<string, string | boolean | undefined>;
  try {
    const parsed = parseArgs({ args, options: config, strict: true, allowPositionals: false });
    raw = parsed.values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new Error((e as Error).message);
  }
  const values: Record<string, number | string> = {};
  const problems: string[] = [];
  for (const o of b.options) {
    const given = raw[o.name];
    if (typeof given !== 'string') {
      values[o.name] = o.default;
      continue;
    }
    if (o.kind === 'choice') {
      if (o.choices.includes(given)) values[o.name] = given;
      else problems.push(`--${o.name} must be one of ${o.choices.join(', ')} (got "${given}")`);
      continue;
    }
    const n = Number(given);
    if (given.trim() === '' || !Number.isFinite(n)) problems.push(`--${o.name} must be a number (got "${given}")`);
    else if (o.integer && !Number.isInteger(n)) problems.push(`--${o.name} must be a whole number (got ${given})`);
    else if (n < o.min || (o.max !== undefined && n > o.max)) problems.push(`--${o.name} must be between ${o.min} and ${o.max ?? '∞'} (got ${given})`);
    else values[o.name] = n;
  }
  if (problems.length) throw new Error(problems.join('\n'));
  return values;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(await usage());
    return 0;
  }
  const load = benchmarks[name];
  if (!load) {
    err(`bench: unknown benchmark "${name}". Known benchmarks: ${Object.keys(benchmarks).join(', ')}.\n`);
    err(await usage());
    return 2;
  }
  const b = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    out(benchmarkHelp(name, b));
    return 0;
  }
  let values: OptionValues;
  try {
    values = parseOptions(b, rest);
  } catch (e) {
    for (const line of (e as Error).message.split('\n')) err(`bench ${name}: ${line}`);
    err(`\n${benchmarkHelp(name, b)}`);
    return 2;
  }
  return b.run(values, { out, progress: (line) => err(`[${name}] ${line}`) });
}

let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await cleanup().catch((e: unknown) => err(`bench: cleanup failed: ${String(e)}`));
  }
  process.exit(code);
}

process.once('SIGINT', () => {
  err('\nbench: interrupted; stopping the servers…');
  void shutdown(130);
});
process.once('SIGTERM', () => void shutdown(143));

main(process.argv.slice(2)).then(
  (code) => shutdown(code),
  (e: unknown) => {
    err(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return shutdown(1);
  },
);
