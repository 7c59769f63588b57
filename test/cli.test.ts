import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const BIN = new URL('../bin/switchboard.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('switchboard CLI', () => {
  it('prints help for the program and for every command', () => {
    const top = run(['--help']);
    assert.equal(top.code, 0);
    for (const name of ['serve', 'migrate', 'account', 'number']) {
      assert.match(top.out, new RegExp(`^  ${name} `, 'm'));
      const h = run([name, '--help']);
      assert.equal(h.code, 0, name);
      assert.match(h.out, /Usage:\s+switchboard/);
    }
    const unknown = run(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command "frobnicate"/);
  });

  it('creates and lists accounts and adds numbers on the store without a server', () => {
    const store = ['--data-dir', join(dir, 'a')];
    assert.match(run(['migrate', ...store]).out, /applied: 0001_foundation|store is up to date/);
    const created = run(['account', 'create', '--name', 'Acme', '--json', ...store]);
    assert.equal(created.code, 0, created.err);
    const acct = JSON.parse(created.out) as { sid: string; auth_token: string };
    assert.match(acct.sid, /^AC[0-9a-f]{32}$/);
    assert.match(acct.auth_token, /^[0-9a-f]{32}$/);
    const list = JSON.parse(run(['account', 'list', '--json', ...store]).out) as { sid: string; friendly_name: string }[];
    assert.ok(list.some((a) => a.sid === acct.sid && a.friendly_name === 'Acme'));
    assert.ok(list.some((a) => a.friendly_name === 'Main account'), 'the main account is bootstrapped too');
    const added = run(['number', 'add', '--account', acct.sid, '--number', '+15551230000', '--voice-url', 'http://127.0.0.1:9/v', '--json', ...store]);
    assert.equal(added.code, 0, added.err);
    assert.match((JSON.parse(added.out) as { sid: string }).sid, /^PN/);
    const dup = run(['number', 'add', '--account', acct.sid, '--number', '+15551230000', '--voice-url', 'http://127.0.0.1:9/v', ...store]);
    assert.equal(dup.code, 1);
    assert.match(dup.err, /already belongs to an account \(error 21422\)/);
  });

  it('explains bad usage and bad configuration, and exits non-zero', () => {
    const noName = run(['account', 'create', '--data-dir', join(dir, 'b')]);
    assert.equal(noName.code, 2);
    assert.match(noName.err, /needs --name/);
    const badNumber = run(['number', 'add', '--account', 'AC1', '--number', '555', '--voice-url', 'http://x/', '--data-dir', join(dir, 'b')]);
    assert.equal(badNumber.code, 2);
    assert.match(badNumber.err, /not E\.164/);
    const badFlag = run(['serve', '--nope']);
    assert.equal(badFlag.code, 2);
    const badConfig = run(['serve', '--http-port', 'x', '--store', 'mysql://h'], { SWITCHBOARD_LOG_LEVEL: 'loud' });
    assert.equal(badConfig.code, 1);
    assert.match(badConfig.err, /--http-port: must be a whole number/);
    assert.match(badConfig.err, /SWITCHBOARD_LOG_LEVEL/);
    assert.match(badConfig.err, /store.url must start with/);
  });

  it('serve starts with embedded defaults, prints the credentials once, never logs them, and stops on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = join(dir, 'serve');
    const token = 'f'.repeat(32);
    const sid = `AC${'e'.repeat(32)}`;
    const child = spawn(process.execPath, [BIN, 'serve', '--http-port', String(port), '--sip-port', '0', '--data-dir', dataDir], {
      env: { ...process.env, SWITCHBOARD_ACCOUNT_SID: sid, SWITCHBOARD_AUTH_TOKEN: token, SWITCHBOARD_LOG_LEVEL: 'debug' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 20_000;
    while (!output.includes('switchboard is up')) {
      if (Date.now() > deadline) throw new Error(`serve did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const auth = `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`;
    const res = await fetch(`http://127.0.0.1:${port}/2010-04-01/Accounts/${sid}.json`, { headers: { authorization: auth } });
    assert.equal(res.status, 200);
    const bad = await fetch(`http://127.0.0.1:${port}/2010-04-01/Accounts/${sid}.json`, { headers: { authorization: `Basic ${Buffer.from(`${sid}:wrong-${token}`).toString('base64')}` } });
    assert.equal(bad.status, 401);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const logLines = output.split('\n').filter((l) => l.startsWith('{'));
    assert.ok(logLines.length >= 2, 'JSON log lines were written');
    assert.equal(output.split(token).length - 1, 1, 'the token appears exactly once: in the first-start banner, never in a log line');
    for (const line of logLines) assert.ok(!line.includes(token) && !line.includes('wrong-'), `log line leaks a credential: ${line}`);
  });
});
