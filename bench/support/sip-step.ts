// One step of `npm run bench -- sip-cps`: a sipp UAC run against one server, with that server's
// CPU time over the run plus its settle time (the deferred work for the step's calls).
import { performance } from 'node:perf_hooks';
import { systemBusyCpuSeconds } from './process.ts';
import { udpSocket, type SipServer } from './sip-peers.ts';
import { isClean, runUacStep, type UacResult } from './sipp-uac.ts';

export interface StepResult {
  rate: number;
  server: string;
  uac: UacResult;
  clean: boolean;
  /** Server CPU seconds from the start of the UAC run to the end of the settle time. */
  serverCpuSeconds: number | undefined;
  /** Server CPU seconds during the UAC run only (for "share of a core under load"). */
  serverCpuUnderLoad: number | undefined;
  /** CPU seconds used during the UAC run by neither the server, sipp UAC nor this process. */
  otherCpuSeconds: number | undefined;
  /** Datagrams the server's socket dropped (receive buffer full) during the step. */
  drops: number;
  /** Set when the server died during the step. */
  died: string | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const diff = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : b - a);

/** CPU seconds per 1,000 successful calls (undefined when unknown or no call succeeded). */
export function cpuPerThousand(s: StepResult): number | undefined {
  return s.serverCpuSeconds === undefined || s.uac.ok === 0 ? undefined : (s.serverCpuSeconds * 1000) / s.uac.ok;
}

function describe(s: StepResult, settle: number): string {
  const u = s.uac;
  const pct = (cpu: number | undefined) => (cpu === undefined ? '?' : `${Math.round((100 * cpu) / u.wallSeconds)}%`);
  const per1k = cpuPerThousand(s);
  return [
    `${u.ok}/${u.planned} ok, ${u.failed} failed, ${u.retrans} retrans, ${u.achievedRate.toFixed(0)} cps achieved, INVITE→200 ${u.rttMs.toFixed(0)} ms avg`,
    `server CPU ${s.serverCpuSeconds?.toFixed(2) ?? '?'} s incl. ${settle} s settle (${per1k?.toFixed(3) ?? '?'} s per 1k calls), ${pct(s.serverCpuUnderLoad)} of a core under load`,
    `sipp UAC ${pct(u.uacCpuSeconds)}, other ${pct(s.otherCpuSeconds)}${s.drops ? `, ${s.drops} datagrams dropped` : ''}`,
    `${s.clean ? 'clean' : 'NOT CLEAN'}${u.killed ? ' (sipp killed at its time limit)' : ''}${s.died ? ` (server ${s.died})` : ''}`,
  ].join('; ');
}

export async function measureStep(server: SipServer, rate: number, seconds: number, dir: string, progress: (line: string) => void): Promise<StepResult> {
  progress(`rate ${rate} cps, ${seconds} s: ${server.name} …`);
  const drops0 = udpSocket(server.port).drops;
  const cpu0 = server.cpuSeconds();
  const busy0 = systemBusyCpuSeconds();
  const self0 = process.cpuUsage();
  const uac = await runUacStep({ target: server.port, rate, seconds, dir });
  const cpuLoaded = server.cpuSeconds();
  const busy1 = systemBusyCpuSeconds();
  const self = process.cpuUsage(self0);
  const serverCpuUnderLoad = diff(cpu0, cpuLoaded);
  const busy = diff(busy0, busy1);
  const otherCpuSeconds = busy === undefined || serverCpuUnderLoad === undefined || uac.uacCpuSeconds === undefined
    ? undefined : Math.max(0, busy - serverCpuUnderLoad - uac.uacCpuSeconds - (self.user + self.system) / 1e6);
  // The settle counts toward the step: work the server defers (timers) belongs to these calls.
  const settleStart = performance.now();
  while (!server.gone() && performance.now() - settleStart < server.settleSeconds * 1000) await sleep(250);
  const died = server.gone();
  const result: StepResult = {
    rate, server: server.name, uac, clean: isClean(uac) && !died,
    serverCpuSeconds: died ? undefined : diff(cpu0, server.cpuSeconds()), serverCpuUnderLoad, otherCpuSeconds,
    drops: Math.max(0, udpSocket(server.port).drops - drops0), died,
  };
  progress(`  ${describe(result, server.settleSeconds)}`);
  if (!result.clean && uac.errors) progress(`  sipp errors:\n${uac.errors.split('\n').map((l) => `    ${l}`).join('\n')}`);
  return result;
}
