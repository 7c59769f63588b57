import { readFileSync } from 'node:fs';
import { fields, type Config, type FieldSpec } from './schema.ts';
import { coerce } from './validate.ts';

export interface ConfigSources {
  /** Path of a JSON config file (`--config FILE`). */
  file?: string;
  /** Environment; defaults to process.env (config/ is the only module that reads it). */
  env?: Record<string, string | undefined>;
  /** Values from command-line flags, keyed by flag name without dashes (`http-port`). */
  flags?: Record<string, string | undefined>;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

function getPath(obj: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let o = obj;
  for (const k of keys) o = (o[k] ??= {}) as Record<string, unknown>;
  o[last] = value;
}

/** Every dotted path a config file may set, for reporting unknown keys. */
function fileKeys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => {
    const path = prefix + k;
    const isLeaf = fields.some((f) => f.path === path);
    return !isLeaf && v && typeof v === 'object' && !Array.isArray(v) ? fileKeys(v as Record<string, unknown>, `${path}.`) : [path];
  });
}

function readFile(file: string, problems: string[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    problems.push(`config file ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    problems.push(`config file ${file}: must hold a JSON object`);
  } catch (e) {
    problems.push(`config file ${file}: not valid JSON (${(e as Error).message})`);
  }
  return {};
}

/**
 * Loads the configuration: defaults < file < environment < flags. Validates everything once and
 * reports every problem together; the caller prints them and exits 1.
 */
export function loadConfig(sources: ConfigSources = {}): ConfigResult {
  const env = sources.env ?? process.env;
  let flags = sources.flags ?? {};
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  const file = sources.file ? readFile(sources.file, problems) : {};
  for (const key of fileKeys(file)) {
    if (!fields.some((f) => f.path === key)) problems.push(`config file: unknown setting "${key}"`);
  }
  const rtpPorts = flags['rtp-ports'];
  if (rtpPorts !== undefined) {
    const m = /^(\d+)-(\d+)$/.exec(rtpPorts);
    if (m) flags = { ...flags, 'rtp-port-min': m[1], 'rtp-port-max': m[2] };
    else problems.push(`--rtp-ports: must be MIN-MAX, e.g. 20000-30000 (got "${rtpPorts}")`);
  }
  const derived: FieldSpec[] = [];
  for (const spec of fields) {
    const flagName = spec.flag;
    const layers: [string, unknown][] = [
      [`config file: ${spec.path}`, getPath(file, spec.path)],
      [`environment ${spec.env}`, env[spec.env] === '' ? undefined : env[spec.env]],
      [`--${flagName}`, flagName ? flags[flagName] : undefined],
    ];
    let chosen: unknown;
    for (const [where, raw] of layers) {
      if (raw === undefined) continue;
      const r = coerce(spec, raw);
      if (r.ok) chosen = r.value;
      else problems.push(`${where}: ${r.problem}${spec.secret ? '' : ` (got ${JSON.stringify(raw)})`}`);
    }
    if (chosen !== undefined) setPath(out, spec.path, chosen);
    else if (typeof spec.default === 'function') derived.push(spec);
    else setPath(out, spec.path, spec.default);
  }
  const config = out as unknown as Config;
  for (const spec of derived) setPath(out, spec.path, (spec.default as (c: Config) => string)(config));
  if (config.rtp.portMin >= config.rtp.portMax) problems.push(`rtp.portMin (${config.rtp.portMin}) must be below rtp.portMax (${config.rtp.portMax})`);
  if (config.rtp.portMin % 2 !== 0) problems.push(`rtp.portMin (${config.rtp.portMin}) must be even (RTP on even ports, RTCP on the next)`);
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(config.store.url)) problems.push(`store.url must start with sqlite: or postgres:// (got "${config.store.url}")`);
  if (config.bus.url !== 'inproc') problems.push(`bus.url "${config.bus.url}" is not supported yet: only inproc (NATS comes with the event router)`);
  if (config.bootstrap.accountSid && !/^AC[0-9a-f]{32}$/.test(config.bootstrap.accountSid)) problems.push('SWITCHBOARD_ACCOUNT_SID must be AC followed by 32 lowercase hex digits');
  if (config.sip.nonceSecret && config.sip.nonceSecret.length < 16) problems.push('SWITCHBOARD_SIP_NONCE_SECRET must be at least 16 characters');
  if (config.bootstrap.authToken && config.bootstrap.authToken.length < 16) problems.push('SWITCHBOARD_AUTH_TOKEN must be at least 16 characters');
  return problems.length ? { ok: false, problems } : { ok: true, config };
}
