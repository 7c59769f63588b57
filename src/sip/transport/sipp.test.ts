// Interop with an independent SIP stack: SIPp (Debian package sip-tester) sends OPTIONS to a
// minimal responder built on createTransports and expects 200, over UDP and over TCP (-t t1).
// sipp must be installed: a missing sipp FAILS this test (it is never skipped).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { buildResponse } from '../response.ts';
import { createTransports } from './set.ts';
import type { SipTransportSet } from './set.ts';

const SCENARIO = fileURLToPath(new URL('./testdata/uac-options-expect-200.xml', import.meta.url));
const CALLS = 20;

interface SippRun {
  code: number | null;
  output: string;
}

function sippInstalled(): boolean {
  const probe = spawnSync('sipp', ['-v'], { encoding: 'utf8' });
  return probe.error === undefined && /SIPp v/.test(`${probe.stdout}${probe.stderr}`);
}

/** Runs sipp without blocking the event loop (the responder lives in this process). */
function runSipp(args: readonly string[], cwd: string): Promise<SippRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('sipp', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('interop with sipp', () => {
  let server: SipTransportSet;
  let dir: string;
  const installed = sippInstalled();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-sipp-'));
    server = await createTransports({
      host: '127.0.0.1',
      port: 0,
      onMessage: (message, source) => {
        if (message.type === 'request' && message.method === 'OPTIONS') {
          server.send(buildResponse(message, 200, undefined, [{ name: 'Allow', value: 'INVITE, ACK, BYE, CANCEL, OPTIONS' }], { toTag: 'sb1' }), source);
        }
      },
    });
  });

  after(async () => {
    await server?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  for (const [name, mode] of [
    ['UDP', 'u1'],
    ['TCP', 't1'],
  ] as const) {
    it(`answers ${CALLS} sipp OPTIONS with 200 over ${name}; sipp exits 0`, async () => {
      assert.ok(installed, 'sipp was not found on PATH: apt-get install sip-tester (see shared/reference/sip-testbed.md)');
      const before = server.stats.messagesIn;
      const errorFile = join(dir, `errors-${mode}.log`);
      const run = await runSipp(
        [
          `127.0.0.1:${server.local.port}`,
          '-sf', SCENARIO,
          '-t', mode,
          '-i', '127.0.0.1',
          '-m', String(CALLS),
          '-r', '100',
          '-nostdin',
          '-timeout', '20s',
          '-timeout_error',
          '-trace_err',
          '-error_file', errorFile,
        ],
        dir,
      );
      const errors = await readFile(errorFile, 'utf8').catch(() => '');
      assert.equal(run.code, 0, `sipp exited ${run.code}\n${run.output.slice(-2000)}\n${errors.slice(-2000)}`);
      assert.ok(server.stats.messagesIn - before >= CALLS);
    });
  }
});
