import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getHeaders } from '../message.ts';
import type { IncomingCall } from './incoming.ts';
import { once, SDP_A, SDP_B, startUa } from './ua.fixture.ts';

for (const transport of ['udp', 'tcp'] as const) {
  describe(`user agents over ${transport}`, () => {
    it('call set-up, INFO, re-INVITE and BYE, with every message observed on the call', async () => {
      const b = await startUa({
        onInvite: (call) => {
          call.ring();
          setTimeout(() => call.answer(SDP_B), 20);
        },
      });
      const a = await startUa();
      try {
        const call = a.ua.invite({ uri: `sip:bob@127.0.0.1:${b.port}`, target: { transport, address: '127.0.0.1', port: b.port }, from: '<sip:alice@127.0.0.1>', sdp: SDP_A });
        const seen: string[] = [];
        call.on('message', ({ direction, message }) => seen.push(`${direction} ${message.type === 'request' ? message.method : message.status}`));
        const provisional = once<number>((r) => call.on('provisional', (res) => r(res.status)));
        const answered = await once<string>((r) => call.on('answered', (res) => r(res.body.toString())));
        assert.equal(await provisional, 180);
        assert.equal(answered, SDP_B.toString());
        const [bCall] = await once<IncomingCall[]>((r) => {
          const check = () => (b.ua.activeCalls ? r([...(b.ua as unknown as { calls: Map<string, IncomingCall> }).calls.values()]) : setTimeout(check, 5));
          check();
        });
        assert.ok(bCall);
        const info = once<string>((r) => bCall.on('info', (req) => r(req.body.toString())));
        const infoRes = await call.request('INFO', { body: Buffer.from('Signal=5\r\nDuration=160\r\n'), contentType: 'application/dtmf-relay' });
        assert.equal(infoRes.status, 200);
        assert.match(await info, /Signal=5/);
        const re = await call.reinvite(Buffer.from(SDP_A.toString().replace('40000', '40010')));
        assert.equal(re.status, 200);
        assert.equal(re.body.toString(), SDP_B.toString(), 'without a listener a re-INVITE is answered with the last SDP');
        const bEnded = once<string>((r) => bCall.on('ended', (e) => r(e.by)));
        await call.hangup();
        assert.equal(await bEnded, 'remote');
        assert.deepEqual(seen.slice(0, 4), ['out INVITE', 'in 180', 'in 200', 'out ACK']);
        assert.ok(seen.includes('out BYE') && seen.includes('in 200'));
        assert.equal(a.ua.activeCalls, 0);
        assert.equal(b.ua.activeCalls, 0);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}

describe('user agent policy', () => {
  it('rejects: no INVITE handler → 404; busy → 486 as a failure; admission → 403; OPTIONS → 200 with Allow', async () => {
    const plain = await startUa();
    const busy = await startUa({ onInvite: (call) => call.reject(486) });
    const guarded = await startUa({ admit: () => ({ status: 403, reason: 'Forbidden' }), onInvite: (call) => call.answer(SDP_B) });
    const a = await startUa();
    try {
      const dial = (port: number) => {
        const call = a.ua.invite({ uri: `sip:x@127.0.0.1:${port}`, target: { transport: 'udp', address: '127.0.0.1', port }, from: '<sip:a@127.0.0.1>', sdp: SDP_A });
        return once<number>((r) => call.on('failed', (f) => r(f.status)));
      };
      assert.equal(await dial(plain.port), 404);
      assert.equal(await dial(busy.port), 486);
      assert.equal(await dial(guarded.port), 403);
      assert.equal(guarded.ua.stats.refused, 1);
      const optionsAnswer = once<string | undefined>((r) => a.ua.onSignal((e) => e.direction === 'in' && e.message.type === 'response' && e.message.status === 200 && r(getHeaders(e.message, 'Allow').join(', '))));
      const { createRequest } = await import('../message.ts');
      a.ua.layer.sendRequest(
        createRequest({ method: 'OPTIONS', uri: `sip:127.0.0.1:${plain.port}`, headers: [
          { name: 'Via', value: a.ua.via('udp') }, { name: 'Max-Forwards', value: '70' }, { name: 'From', value: '<sip:a@127.0.0.1>;tag=1' },
          { name: 'To', value: `<sip:127.0.0.1:${plain.port}>` }, { name: 'Call-ID', value: 'opt-1' }, { name: 'CSeq', value: '1 OPTIONS' },
        ] }),
        { transport: 'udp', address: '127.0.0.1', port: plain.port },
      );
      assert.match((await optionsAnswer) ?? '', /INVITE, ACK, BYE, CANCEL, OPTIONS/);
    } finally {
      await Promise.all([plain.close(), busy.close(), guarded.close(), a.close()]);
    }
  });

  it('CANCEL before the answer: 200 to the CANCEL, 487 to the INVITE, both sides end', async () => {
    let bCall: IncomingCall | undefined;
    const b = await startUa({ onInvite: (call) => { bCall = call; call.ring(); } });
    const a = await startUa();
    try {
      const call = a.ua.invite({ uri: `sip:x@127.0.0.1:${b.port}`, target: { transport: 'udp', address: '127.0.0.1', port: b.port }, from: '<sip:a@127.0.0.1>', sdp: SDP_A });
      await once<void>((r) => call.on('provisional', () => r()));
      const failed = once<number>((r) => call.on('failed', (f) => r(f.status)));
      const cancelled = once<void>((r) => bCall?.on('cancelled', () => r()));
      await call.hangup();
      assert.equal(await failed, 487);
      await cancelled;
      assert.equal(b.ua.activeCalls, 0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a flood from one source is answered 503 with Retry-After', async () => {
    const b = await startUa({ rateLimit: { perSecond: 1, burst: 3 } });
    const a = await startUa();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const call = a.ua.invite({ uri: `sip:x@127.0.0.1:${b.port}`, target: { transport: 'udp', address: '127.0.0.1', port: b.port }, from: '<sip:a@127.0.0.1>' });
        statuses.push(await once<number>((r) => call.on('failed', (f) => r(f.status))));
      }
      assert.deepEqual(statuses, [404, 404, 404, 503, 503, 503]);
      assert.equal(b.ua.stats.rateLimited, 3);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
