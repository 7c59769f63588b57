import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawnRunner } from './process.ts';

describe('spawnRunner', () => {
  it('passes stdin, collects stdout and stderr, and reports the exit status', async () => {
    const r = await spawnRunner('sh', ['-c', 'cat; echo oops >&2; exit 3'], { stdin: 'hello $(id)', timeoutMs: 5000, maxOutputBytes: 1000 });
    assert.equal(new TextDecoder().decode(r.stdout), 'hello $(id)');
    assert.equal(r.stderr, 'oops\n');
    assert.deepEqual([r.exitCode, r.signal, r.timedOut, r.overflow], [3, null, false, false]);
  });

  it('kills a program that runs too long', async () => {
    const t0 = performance.now();
    const r = await spawnRunner('sleep', ['10'], { timeoutMs: 100, maxOutputBytes: 1000 });
    assert.equal(r.timedOut, true);
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(performance.now() - t0 < 3000);
  });

  it('kills a program whose output passes the bound', async () => {
    const r = await spawnRunner('yes', [], { timeoutMs: 5000, maxOutputBytes: 100_000 });
    assert.equal(r.overflow, true);
    assert.ok(r.stdout.length <= 100_000);
  });

  it('rejects with ENOENT when the program does not exist', async () => {
    await assert.rejects(spawnRunner('/nonexistent/program', [], { timeoutMs: 1000, maxOutputBytes: 10 }), { code: 'ENOENT' });
  });
});
