import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config/index.ts';

/** Flags every command takes to find its configuration (same names as docs/configuration.md). */
export const CONFIG_FLAGS = {
  config: { type: 'string' },
  'http-host': { type: 'string' },
  'http-port': { type: 'string' },
  'public-url': { type: 'string' },
  'sip-host': { type: 'string' },
  'sip-port': { type: 'string' },
  'rtp-ports': { type: 'string' },
  'data-dir': { type: 'string' },
  store: { type: 'string' },
  bus: { type: 'string' },
  region: { type: 'string' },
  'log-level': { type: 'string' },
  'media-workers': { type: 'string' },
  tts: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export const CONFIG_HELP = `Configuration (lowest to highest: defaults, --config FILE, SWITCHBOARD_* environment, flags):
  --config FILE         JSON config file (see docs/configuration.md)
  --http-host ADDR      REST API address (default 127.0.0.1)
  --http-port N         REST API port (default 8080)
  --public-url URL      base URL for uri fields and callbacks
  --sip-host ADDR       SIP address (default 127.0.0.1)
  --sip-port N          SIP port (default 5060)
  --rtp-ports MIN-MAX   RTP port range (default 20000-30000)
  --data-dir DIR        data directory (default ./data)
  --store URL           sqlite:PATH (default DIR/switchboard.db) or postgres://…
  --log-level LEVEL     fatal error warn info debug trace silent (default info)
  --media-workers N     media worker threads (default 1; 0 runs media in the main thread)
  --tts ENGINE          espeak-ng (default) or flite, for <Say>`;

export class UsageError extends Error {}

export interface Parsed<T> {
  values: T;
  positionals: string[];
}

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...CONFIG_FLAGS, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Loads the config from the parsed flags, or throws with every problem listed. */
export function configFrom(values: Record<string, unknown>): Config {
  const flags: Record<string, string | undefined> = {};
  for (const k of Object.keys(CONFIG_FLAGS)) if (typeof values[k] === 'string' && k !== 'config') flags[k] = values[k] as string;
  const result = loadConfig({ ...(typeof values.config === 'string' ? { file: values.config } : {}), flags });
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuration has ${problems.length} problem(s)`);
  }
}
