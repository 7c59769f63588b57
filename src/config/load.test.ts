import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from './load.ts';

const file = (content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'sb-cfg-')), 'c.json');
  writeFileSync(path, content);
  return path;
};

test('defaults give a runnable embedded configuration', () => {
  const r = loadConfig({ env: {} });
  assert.ok(r.ok);
  assert.equal(r.config.http.port, 8080);
  assert.equal(r.config.http.publicUrl, 'http://127.0.0.1:8080');
  assert.equal(r.config.sip.port, 5060);
  assert.equal(r.config.store.url, 'sqlite:./data/switchboard.db');
  assert.equal(r.config.bus.url, 'inproc');
  assert.deepEqual(r.config.trunks, []);
});

test('sources layer: defaults < file < environment < flags, and derived values follow', () => {
  const path = file(JSON.stringify({ http: { port: 7000, host: '0.0.0.0' }, dataDir: '/var/sb', sip: { port: 5070 } }));
  const r = loadConfig({ file: path, env: { SWITCHBOARD_HTTP_PORT: '7100', SWITCHBOARD_SIP_PORT: '5080' }, flags: { 'http-port': '7200', 'rtp-ports': '30000-30100' } });
  assert.ok(r.ok);
  assert.equal(r.config.http.port, 7200);
  assert.equal(r.config.sip.port, 5080);
  assert.equal(r.config.http.publicUrl, 'http://127.0.0.1:7200', 'derived from the final host and port');
  assert.equal(r.config.store.url, 'sqlite:/var/sb/switchboard.db');
  assert.deepEqual([r.config.rtp.portMin, r.config.rtp.portMax], [30000, 30100]);
});

test('every problem is reported at once, naming its source', () => {
  const path = file(JSON.stringify({ http: { port: 'eighty', colour: 'blue' }, trunks: [{ name: 'a', outboundUri: 'http://x', maxCps: -1 }] }));
  const r = loadConfig({ file: path, env: { SWITCHBOARD_LOG_LEVEL: 'loud', SWITCHBOARD_STORE_URL: 'mysql://x' }, flags: { 'rtp-ports': 'low-high', 'public-url': 'ftp://x' } });
  assert.equal(r.ok, false);
  if (r.ok) return;
  const all = r.problems.join('\n');
  for (const expected of [
    /config file: unknown setting "http.colour"/,
    /config file: http.port: must be a whole number/,
    /environment SWITCHBOARD_LOG_LEVEL: must be one of/,
    /--rtp-ports: must be MIN-MAX/,
    /--public-url: must be an http/,
    /\[0\]\.outboundUri must be a sip: URI/,
    /\[0\]\.maxCps must be a positive number/,
    /store.url must start with sqlite: or postgres/,
  ]) assert.match(all, expected);
});

test('unreadable and invalid files are problems, not crashes', () => {
  const missing = loadConfig({ file: '/nonexistent/sb.json', env: {} });
  assert.ok(!missing.ok && /cannot read it \(ENOENT\)/.test(missing.problems[0] ?? ''));
  const broken = loadConfig({ file: file('{ nope'), env: {} });
  assert.ok(!broken.ok && /not valid JSON/.test(broken.problems[0] ?? ''));
  const array = loadConfig({ file: file('[]'), env: {} });
  assert.ok(!array.ok && /must hold a JSON object/.test(array.problems[0] ?? ''));
});

test('trunks parse from JSON in the environment with defaults; secrets are not echoed in problems', () => {
  const r = loadConfig({ env: { SWITCHBOARD_TRUNKS: JSON.stringify([{ name: 't1', outboundUri: 'sip:127.0.0.1:5090', password: 'hunter2', username: 'u' }]) } });
  assert.ok(r.ok);
  assert.deepEqual(r.config.trunks[0], { name: 't1', outboundUri: 'sip:127.0.0.1:5090', transport: 'udp', username: 'u', password: 'hunter2', allowedAddresses: [], maxCps: 1, maxConcurrent: 100 });
  const bad = loadConfig({ env: { SWITCHBOARD_AUTH_TOKEN: 'short-secret' } });
  assert.ok(!bad.ok);
  assert.ok(!bad.problems.join(' ').includes('short-secret'));
});

test('an inverted or odd RTP range is a problem', () => {
  const r = loadConfig({ env: {}, flags: { 'rtp-ports': '9-3' } });
  assert.ok(!r.ok);
  assert.match(r.problems.join('\n'), /rtp.portMin \(9\) must be below rtp.portMax \(3\)/);
  assert.match(r.problems.join('\n'), /must be even/);
});
