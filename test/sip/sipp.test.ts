import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { realScheduler } from '../../src/core/index.ts';
import { createTransports } from '../../src/sip/transport/index.ts';
import { UserAgent } from '../../src/sip/ua/index.ts';
import { requireSipp, runSipp, SCENARIOS } from '../support/sipp.ts';
import { startUasApp } from './apps/uas-app.ts';

/** A port free for both UDP and TCP on 127.0.0.1. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const ok = await new Promise<boolean>((resolve) => {
      const u = createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
    });
    if (ok) return port;
  }
}

const num = (s: Record<string, string>, k: string) => Number(s[k] ?? NaN);

describe('the SIP stack against sipp (UAS side)', () => {
  let app: Awaited<ReturnType<typeof startUasApp>>;
  let ringing: Awaited<ReturnType<typeof startUasApp>>;
  before(async () => {
    requireSipp();
    app = await startUasApp({ port: await freePort() });
    ringing = await startUasApp({ port: await freePort(), mode: 'ring' });
  });
  after(async () => {
    await app.close();
    await ringing.close();
  });

  for (const [name, extra] of [['UDP', []], ['TCP', ['-t', 't1']]] as const) {
    it(`completes 1,000 sipp -sn uac calls over ${name} with 0 failures`, async () => {
      const before = app.stats.confirmed;
      const r = await runSipp([`127.0.0.1:${app.port}`, '-sn', 'uac', '-r', '250', '-m', '1000', '-l', '400', '-p', String(await freePort()), ...extra], { timeoutMs: 90_000 });
      assert.equal(r.code, 0, `sipp failed:\n${r.errors}\n${r.output.slice(-2000)}`);
      assert.equal(num(r.stats, 'SuccessfulCall(C)'), 1000);
      assert.equal(num(r.stats, 'FailedCall(C)'), 0);
      assert.equal(app.stats.confirmed - before, 1000, 'every 200 was ACKed');
    });
  }

  it('completes 1,000 calls with 10% packet loss thanks to retransmissions', async () => {
    const r = await runSipp([`127.0.0.1:${app.port}`, '-sn', 'uac', '-r', '100', '-m', '1000', '-l', '600', '-lost', '10', '-p', String(await freePort())], { timeoutMs: 240_000 });
    assert.equal(r.code, 0, `sipp failed:\n${r.errors.slice(-3000)}`);
    assert.equal(num(r.stats, 'SuccessfulCall(C)'), 1000);
    assert.ok(num(r.stats, 'Retransmissions(C)') > 0, 'loss was actually recovered by retransmissions');
  });

  it('answers a CANCEL before the answer with 200, and the INVITE with 487', async () => {
    const before = ringing.stats.cancelled;
    const r = await runSipp([`127.0.0.1:${ringing.port}`, '-sf', `${SCENARIOS}uac-invite-cancel-expect-487.xml`, '-m', '20', '-r', '20', '-p', String(await freePort())], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, `sipp failed:\n${r.errors}`);
    assert.equal(num(r.stats, 'SuccessfulCall(C)'), 20);
    assert.equal(ringing.stats.cancelled - before, 20);
  });
});

describe('the SIP stack against sipp (UAC side)', () => {
  let ua: UserAgent;
  before(async () => {
    requireSipp();
    const transport = await createTransports({ host: '127.0.0.1', port: 0 });
    ua = new UserAgent({ transport, scheduler: realScheduler(), host: '127.0.0.1', port: transport.local.port });
  });
  after(() => ua.close());

  const call = (port: number) =>
    ua.invite({ uri: `sip:service@127.0.0.1:${port}`, target: { transport: 'udp', address: '127.0.0.1', port }, from: '<sip:switchboard@127.0.0.1>',
      sdp: Buffer.from('v=0\r\no=sb 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n') });

  it('completes calls against sipp -sn uas: answered, ACKed, hung up with BYE', async () => {
    const port = await freePort();
    const uas = runSipp(['-sn', 'uas', '-p', String(port), '-m', '10'], { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 10; i++) {
        const c = call(port);
        const answered = await new Promise<number>((resolve) => {
          c.on('answered', (res) => resolve(res.status));
          c.on('failed', (f) => resolve(f.status));
        });
        assert.equal(answered, 200);
        const ended = new Promise((r) => c.on('ended', r));
        await c.hangup();
        await ended;
    }
    const r = await uas;
    assert.equal(r.code, 0, `sipp uas failed:\n${r.errors}`);
    assert.equal(num(r.stats, 'SuccessfulCall(C)'), 10, 'sipp saw 10 complete calls, each ended by our BYE');
  });

  it('a rejecting UAS (486) fails the call busy and gets a correct ACK', async () => {
    const port = await freePort();
    const done = runSipp(['-sf', `${SCENARIOS}uas-invite-reply-486-expect-ack.xml`, '-p', String(port), '-m', '5'], { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 5; i++) {
      const c = call(port);
      const failed = await new Promise<number>((resolve) => c.on('failed', (f) => resolve(f.status)));
      assert.equal(failed, 486);
    }
    const r = await done;
    assert.equal(r.code, 0, `sipp saw no ACK:\n${r.errors}`);
    assert.equal(num(r.stats, 'SuccessfulCall(C)'), 5);
  });
});
