// `npm run bench -- api`: REST throughput and latency of Switchboard on SQLite (HTTP Basic auth)
// for a fetch (GET a call) and a create (POST a number), each beside bare Fastify serving the
// same route shapes with constant bodies of the same size. Servers run in child processes.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestSpec } from 'autocannon';
import { createStore, type CallRow } from '../src/store/index.ts';
import { countStatus, warmAndMeasure, type Measurement, type ScenarioResult } from './support/load.ts';
import { freePort, onCleanup, startServer, type ServerChild } from './support/process.ts';
import { environment, fmt, fmtInt, markdownTable } from './support/report.ts';
import { connectionsOption, durationOption, numberValue, warmupOption, type BenchContext, type Benchmark, type OptionValues } from './support/types.ts';

const VOICE_URL = 'http://127.0.0.1:9/voice';
const FORM = 'application/x-www-form-urlencoded';

interface Target {
  accountSid: string;
  authToken: string;
  callSid: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** +15550000000, +15550000001, …: every POST claims a number nobody claimed before. */
function numberSequence(): () => string {
  let n = 0;
  return () => {
    if (n > 9_999_999) throw new Error('ran out of +1555xxxxxxx numbers');
    return `+1555${String(n++).padStart(7, '0')}`;
  };
}

const paths = (t: Target) => ({
  call: `/2010-04-01/Accounts/${t.accountSid}/Calls/${t.callSid}.json`,
  numbers: `/2010-04-01/Accounts/${t.accountSid}/IncomingPhoneNumbers.json`,
});
const basic = (t: Target) => `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString('base64')}`;
const numberForm = (phone: string) => `PhoneNumber=${encodeURIComponent(phone)}&VoiceUrl=${encodeURIComponent(VOICE_URL)}`;

/** Creates the store in dataDir and inserts the call record the GET scenario fetches. */
async function seedCall(storeUrl: string, accountSid: string): Promise<string> {
  const store = createStore(storeUrl);
  try {
    await store.migrate();
    const now = Date.now();
    const call: CallRow = {
      sid: `CA${hex(16)}`, account_sid: accountSid, parent_call_sid: null, to_address: '+15557654321', from_address: '+15551234567',
      phone_number_sid: null, status: 'completed', direction: 'outbound-api', start_time: now - 65_000, end_time: now - 3_000,
      duration: 62, answered_by: null, forwarded_from: null, caller_name: null, queue_time: 0, trunk_sid: null, api_version: '2010-04-01',
      date_created: now - 66_000, date_updated: now - 3_000,
    };
    await store.calls.insert(call);
    return call.sid;
  } finally {
    await store.close();
  }
}

async function countNumbers(storeUrl: string, accountSid: string): Promise<number> {
  const store = createStore(storeUrl);
  try {
    return await store.numbers.count({ account_sid: accountSid });
  } finally {
    await store.close();
  }
}

/** One request of each shape against Switchboard: checks the status, returns the body sizes in bytes. */
async function probeSizes(server: ServerChild, t: Target, nextNumber: () => string): Promise<{ get: number; post: number }> {
  const p = paths(t);
  const get = await fetch(`${server.url}${p.call}`, { headers: { authorization: basic(t) } });
  const getBody = Buffer.from(await get.arrayBuffer());
  if (get.status !== 200) throw new Error(`GET ${p.call} answered ${get.status}: ${getBody.toString()}`);
  const post = await fetch(`${server.url}${p.numbers}`, {
    method: 'POST', headers: { authorization: basic(t), 'content-type': FORM }, body: numberForm(nextNumber()),
  });
  const postBody = Buffer.from(await post.arrayBuffer());
  if (post.status !== 201) throw new Error(`POST ${p.numbers} answered ${post.status}: ${postBody.toString()}`);
  return { get: getBody.length, post: postBody.length };
}

function scenarios(t: Target, nextNumber: () => string): { get: RequestSpec[]; post: RequestSpec[] } {
  const p = paths(t);
  const authorization = basic(t);
  return {
    get: [{ method: 'GET', path: p.call, headers: { authorization } }],
    post: [{
      method: 'POST', path: p.numbers, headers: { authorization, 'content-type': FORM },
      setupRequest: (req) => ({ ...req, body: numberForm(nextNumber()) }),
    }],
  };
}

interface Settings {
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

/** Measures GET then POST against one server. */
async function measurePair(server: ServerChild, who: string, t: Target, nextNumber: () => string, s: Settings, ctx: BenchContext) {
  const reqs = scenarios(t, nextNumber);
  const run = (label: string, requests: RequestSpec[]) =>
    warmAndMeasure(
      { url: server.url, connections: s.connections, requests },
      { label: `${label} on ${who}`, warmupSeconds: s.warmupSeconds, seconds: s.seconds, progress: ctx.progress, serverCpu: server.cpuSeconds },
    );
  const get = await run('GET call', reqs.get);
  const post = await run('POST number', reqs.post);
  return { get, post };
}

const allRuns = (...results: ScenarioResult[]): Measurement[] => results.flatMap((r) => [r.warmup, r.measured]);

const COLUMNS = [
  { title: 'scenario', align: 'left' }, { title: 'req/s', align: 'right' }, { title: 'p50 ms', align: 'right' },
  { title: 'p99 ms', align: 'right' }, { title: 'vs bare', align: 'right' }, { title: 'server CPU', align: 'right' },
  { title: 'server µs/req', align: 'right' }, { title: 'load-gen CPU', align: 'right' },
] as const;

function row(name: string, r: ScenarioResult, reference: ScenarioResult): string[] {
  const m = r.measured;
  const percent = (cpu: number) => `${Math.round((100 * cpu) / r.wallSeconds)}%`;
  const server = r.serverCpuSeconds;
  return [
    name, fmtInt(m.rps), fmt(m.p50, 2), fmt(m.p99, 2), `${fmt(m.rps / reference.measured.rps, 2)}×`,
    server === undefined ? '?' : percent(server), server === undefined ? '?' : fmtInt((server * 1e6) / m.responses), percent(r.clientCpuSeconds),
  ];
}

interface OursResult {
  get: ScenarioResult;
  post: ScenarioResult;
  sizes: { get: number; post: number };
  /** Numbers in the store after the server stopped, and the 201s that should have made them. */
  rows: number;
  created: number;
  warnings: string[];
}

/** Switchboard on a fresh SQLite store in dataDir: seed a call, start, probe sizes, measure, count rows. */
async function benchSwitchboard(dataDir: string, s: Settings, ctx: BenchContext): Promise<OursResult> {
  const storeUrl = `sqlite:${dataDir}/switchboard.db`;
  const accountSid = `AC${hex(16)}`;
  const target: Target = { accountSid, authToken: hex(16), callSid: await seedCall(storeUrl, accountSid) };
  const nextNumber = numberSequence();
  ctx.progress(`starting Switchboard (SQLite in ${dataDir})…`);
  const [httpPort, sipPort] = [await freePort(), await freePort()];
  const server = await startServer({
    name: 'switchboard', script: 'src/cli/main.ts', port: httpPort,
    args: ['serve', '--data-dir', dataDir, '--http-port', String(httpPort), '--sip-port', String(sipPort)],
    env: { SWITCHBOARD_LOG_LEVEL: 'warn', SWITCHBOARD_ACCOUNT_SID: target.accountSid, SWITCHBOARD_AUTH_TOKEN: target.authToken },
  });
  ctx.progress(`Switchboard is up at ${server.url} (pid ${server.pid})`);
  const sizes = await probeSizes(server, target, nextNumber);
  ctx.progress(`response bodies: GET call ${sizes.get} B, POST number ${sizes.post} B`);
  const { get, post } = await measurePair(server, 'Switchboard', target, nextNumber, s, ctx);
  const warnings = server.warnings();
  await server.stop();
  const rows = await countNumbers(storeUrl, accountSid);
  return { get, post, sizes, rows, created: 1 + countStatus([post.warmup, post.measured], 201), warnings }; // 1: the size probe
}

/** The reference: bare Fastify answering constant bodies of Switchboard's sizes. */
async function benchBare(sizes: { get: number; post: number }, s: Settings, ctx: BenchContext) {
  ctx.progress('starting the bare Fastify reference…');
  const port = await freePort();
  const server = await startServer({
    name: 'bare-fastify', script: 'bench/support/bare-fastify.ts', port,
    args: ['--port', String(port), '--get-bytes', String(sizes.get), '--post-bytes', String(sizes.post)],
  });
  const target: Target = { accountSid: `AC${hex(16)}`, authToken: hex(16), callSid: `CA${hex(16)}` };
  const result = await measurePair(server, 'bare Fastify', target, numberSequence(), s, ctx);
  await server.stop();
  return result;
}

/** Prints the table, the settings and the machine; then the checks. Returns the exit code. */
function report(ctx: BenchContext, s: Settings, ours: OursResult, ref: { get: ScenarioResult; post: ScenarioResult }): number {
  ctx.out('');
  ctx.out(markdownTable(COLUMNS, [
    row('GET call: Switchboard', ours.get, ref.get),
    row('GET call: bare Fastify', ref.get, ref.get),
    row('POST number: Switchboard', ours.post, ref.post),
    row('POST number: bare Fastify', ref.post, ref.post),
  ]));
  ctx.out('');
  ctx.out(`${s.connections} connections, ${s.warmupSeconds} s warm-up, ~${s.seconds} s measured per scenario; response bodies GET ${ours.sizes.get} B, POST ${ours.sizes.post} B`);
  for (const line of environment()) ctx.out(line);
  const noise = [ours.get, ref.get, ours.post, ref.post].map((r) => (r.otherCpuSeconds === undefined ? undefined : r.otherCpuSeconds / r.wallSeconds));
  ctx.out(`other load (CPU used by neither server nor load generator, rows in table order): ${noise.map((n) => (n === undefined ? '?' : `${Math.round(100 * n)}%`)).join(', ')}`);

  const oursRuns = allRuns(ours.get, ours.post);
  const refRuns = allRuns(ref.get, ref.post);
  const sum = (runs: Measurement[], f: (m: Measurement) => number) => runs.reduce((a, m) => a + f(m), 0);
  const checks: [boolean, string][] = [
    [sum(oursRuns, (m) => m.non2xx) === 0, `Switchboard non-2xx responses: ${sum(oursRuns, (m) => m.non2xx)} (warm-up included)`],
    [sum(refRuns, (m) => m.non2xx) === 0, `bare Fastify non-2xx responses: ${sum(refRuns, (m) => m.non2xx)}`],
    [sum([...oursRuns, ...refRuns], (m) => m.errors) === 0, `connection errors/timeouts: ${sum([...oursRuns, ...refRuns], (m) => m.errors)}`],
    [ours.rows === ours.created, `numbers in SQLite: ${ours.rows}; 201 responses: ${ours.created}`],
    [ours.warnings.length === 0, `Switchboard log lines at warn or above: ${ours.warnings.length}`],
  ];
  ctx.out('');
  for (const [ok, text] of checks) ctx.out(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
  for (const w of ours.warnings.slice(0, 5)) ctx.out(`     ${w}`);
  if (noise.some((n) => n !== undefined && n > 0.15)) {
    ctx.out('note other processes used more than 15% of a core during a measurement: the figures are low; rerun on a quiet machine');
  }
  return checks.every(([ok]) => ok) ? 0 : 1;
}

async function run(values: OptionValues, ctx: BenchContext): Promise<number> {
  const s: Settings = { seconds: numberValue(values, 'duration'), warmupSeconds: numberValue(values, 'warmup'), connections: numberValue(values, 'connections') };
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
  onCleanup(() => rm(dataDir, { recursive: true, force: true }));
  const ours = await benchSwitchboard(dataDir, s, ctx);
  const ref = await benchBare(ours.sizes, s, ctx);
  return report(ctx, s, ours, ref);
}

export const benchmark: Benchmark = {
  summary: 'REST API req/s and p50/p99: GET a call and POST a number on SQLite, vs bare Fastify',
  options: [durationOption, connectionsOption, warmupOption],
  run,
};
