// TransactionLayer, server side: request matching (§17.2.3), ACK routing, 2xx retransmission
// through the layer (§13.3.1.4), CANCEL (§9.2), transport errors.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SipRequest } from '../message.ts';
import type { Remote } from '../remote.ts';
import { buildResponse } from '../response.ts';
import type { InviteServerTransaction } from './invite-server.ts';
import type { ReceiveResult } from './layer.ts';
import type { ServerTransaction } from './types.ts';
import { LayerHarness, makeRequest, PEER_UDP, respond } from './transaction.fixture.ts';

function serverTx(r: ReceiveResult): ServerTransaction {
  assert.equal(r.kind, 'request');
  if (r.kind !== 'request') throw new Error('unreachable');
  return r.transaction;
}

function inviteTx(r: ReceiveResult): InviteServerTransaction {
  const tx = serverTx(r);
  assert.equal(tx.kind, 'invite-server');
  if (tx.kind !== 'invite-server') throw new Error('unreachable');
  return tx;
}

/** An ACK for a 2xx: a new branch, the 2xx's To tag. */
function ack2xx(invite: SipRequest, toTag = 'to-1'): SipRequest {
  return makeRequest({ method: 'ACK', branch: 'z9hG4bK-ack2xx', toTag, callId: 'call-1@example.com' , seq: 1, uri: invite.uri });
}

describe('TransactionLayer.receive: requests (§17.2.3)', () => {
  it('a new request creates a server transaction; its retransmission is absorbed by it', () => {
    const h = new LayerHarness();
    const invite = makeRequest({ branch: 'z9hG4bK-a' });
    const tx = inviteTx(h.layer.receive(invite, PEER_UDP));
    assert.equal(tx.state, 'Proceeding');
    assert.equal(h.layer.stats.serverTransactions, 1);
    const again = h.layer.receive(makeRequest({ branch: 'z9hG4bK-a' }), PEER_UDP);
    assert.deepEqual(again.kind === 'absorbed' && again.transaction, tx);
    assert.deepEqual(h.wire, ['100'], 'the retransmission is answered with a 100 at once');
    const opt = serverTx(h.layer.receive(makeRequest({ method: 'OPTIONS', branch: 'z9hG4bK-a' }), PEER_UDP));
    assert.equal(opt.kind, 'non-invite-server', 'same branch, other method: another transaction');
    assert.equal(h.layer.stats.retransmissionsAbsorbed, 1);
  });

  it('the same branch from another sent-by is another transaction', () => {
    const h = new LayerHarness();
    const a = serverTx(h.layer.receive(makeRequest({ branch: 'z9hG4bK-s', sentBy: 'a.example.com' }), PEER_UDP));
    const b = serverTx(h.layer.receive(makeRequest({ branch: 'z9hG4bK-s', sentBy: 'b.example.com' }), PEER_UDP));
    const c = h.layer.receive(makeRequest({ branch: 'z9hG4bK-s', sentBy: 'A.EXAMPLE.COM' }), PEER_UDP);
    assert.notEqual(a, b);
    assert.equal(c.kind === 'absorbed' && c.transaction, a, 'host compared case-insensitively');
    assert.equal(h.layer.stats.serverTransactions, 2);
  });

  it('responses go to the source Remote the request came from', () => {
    const h = new LayerHarness();
    const from: Remote = { transport: 'udp', address: '198.51.100.7', port: 40_000 };
    const tx = serverTx(h.layer.receive(makeRequest({ method: 'OPTIONS' }), from));
    tx.respond(respond(tx.request, 200));
    assert.equal(h.sent[0]!.target, from);
  });

  it('an ACK for a non-2xx matches the INVITE transaction (same branch) and confirms it', () => {
    const h = new LayerHarness();
    const tx = inviteTx(h.layer.receive(makeRequest({ branch: 'z9hG4bK-n' }), PEER_UDP));
    tx.respond(respond(tx.request, 486));
    const ack = makeRequest({ method: 'ACK', branch: 'z9hG4bK-n', toTag: 'to-1' });
    const r = h.layer.receive(ack, PEER_UDP);
    assert.equal(r.kind === 'absorbed' && r.transaction, tx);
    assert.equal(tx.state, 'Confirmed');
    assert.equal(h.layer.receive(ack, PEER_UDP).kind, 'absorbed');
    h.scheduler.advance(5000);
    assert.ok(h.idle);
    const late = h.layer.receive(ack, PEER_UDP);
    assert.deepEqual(late.kind === 'ack-2xx' && late.acknowledged, false, 'after Timer I an ACK goes to the core');
  });

  it('2xx: the INVITE transaction ends, the layer retransmits the 2xx until the ACK, which goes to the TU', () => {
    const h = new LayerHarness();
    const invite = makeRequest({ branch: 'z9hG4bK-ok' });
    const tx = inviteTx(h.layer.receive(invite, PEER_UDP));
    tx.respond(respond(invite, 180));
    tx.respond(respond(invite, 200));
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(h.layer.stats.serverTransactions, 0);
    assert.equal(h.layer.stats.pending2xx, 1);
    h.scheduler.advance(1600);
    assert.deepEqual(h.wire, ['180', '200', '200', '200']);
    // a retransmitted INVITE crossing the 2xx is absorbed, not a new call
    const dup = h.layer.receive(makeRequest({ branch: 'z9hG4bK-ok' }), PEER_UDP);
    assert.deepEqual(dup.kind === 'absorbed' && dup.transaction, undefined);
    assert.equal(h.layer.stats.serverTransactions, 0);
    const r = h.layer.receive(ack2xx(invite), PEER_UDP);
    assert.deepEqual(r.kind === 'ack-2xx' && r.acknowledged, true);
    const again = h.layer.receive(ack2xx(invite), PEER_UDP);
    assert.deepEqual(again.kind === 'ack-2xx' && again.acknowledged, false);
    h.scheduler.advance(60_000);
    assert.equal(h.count('200'), 3);
    assert.ok(h.idle);
  });

  it('2xx never ACKed: the TU gets onAckTimeout with the 2xx after 64*T1 (so it can send BYE)', () => {
    const h = new LayerHarness();
    const log: string[] = [];
    const tx = inviteTx(h.layer.receive(makeRequest({ branch: 'z9hG4bK-noack' }), PEER_UDP));
    tx.handlers = { onAckTimeout: (_t, res) => log.push(`ack-timeout ${res.status}@${h.scheduler.now()}`) };
    tx.respond(respond(tx.request, 200));
    h.scheduler.advance(40_000);
    assert.deepEqual(log, ['ack-timeout 200@32000']);
    assert.equal(h.count('200'), 11);
    assert.ok(h.idle);
  });

  it('stop2xx() and retransmit2xx: false', () => {
    const h = new LayerHarness();
    const tx = inviteTx(h.layer.receive(makeRequest({ branch: 'z9hG4bK-stop' }), PEER_UDP));
    tx.respond(respond(tx.request, 200));
    assert.equal(h.layer.stop2xx(tx), true);
    assert.equal(h.layer.stop2xx(tx), false);
    h.scheduler.advance(40_000);
    assert.equal(h.count('200'), 1);
    assert.ok(h.idle);

    const off = new LayerHarness({ retransmit2xx: false });
    const t2 = inviteTx(off.layer.receive(makeRequest({ branch: 'z9hG4bK-off' }), PEER_UDP));
    t2.respond(respond(t2.request, 200));
    off.scheduler.advance(40_000);
    assert.equal(off.count('200'), 1);
    assert.ok(off.idle);
  });

  it('transportError(response) terminates the server transaction that sent it', () => {
    const h = new LayerHarness();
    const log: string[] = [];
    const tx = serverTx(h.layer.receive(makeRequest({ method: 'MESSAGE', branch: 'z9hG4bK-te' }), PEER_UDP));
    tx.handlers = { onTransportError: () => log.push('error') };
    tx.respond(respond(tx.request, 200));
    assert.equal(h.layer.transportError(h.sent[0]!.message), true);
    assert.deepEqual(log, ['error']);
    assert.ok(h.idle);
  });

  it('a request without Via, or an ACK without Call-ID, is invalid', () => {
    const h = new LayerHarness();
    const req = makeRequest();
    req.headers = req.headers.filter((x) => x.name !== 'Via');
    const r = h.layer.receive(req, PEER_UDP);
    assert.equal(r.kind, 'invalid');
    const ack = makeRequest({ method: 'ACK', branch: 'z9hG4bK-bad-ack' });
    ack.headers = ack.headers.filter((x) => x.name !== 'Call-ID');
    assert.equal(h.layer.receive(ack, PEER_UDP).kind, 'invalid');
    assert.ok(h.idle);
  });
});

describe('CANCEL (§9.2)', () => {
  it('is its own transaction; the layer names the INVITE it cancels; TU answers 200 and 487; the ACK is absorbed', () => {
    const h = new LayerHarness();
    const invite = makeRequest({ branch: 'z9hG4bK-c' });
    const inv = inviteTx(h.layer.receive(invite, PEER_UDP));
    inv.respond(respond(invite, 180));
    const cancel = makeRequest({ method: 'CANCEL', branch: 'z9hG4bK-c' });
    const r = h.layer.receive(cancel, PEER_UDP);
    assert.equal(r.kind, 'cancel');
    if (r.kind !== 'cancel') return;
    assert.equal(r.target, inv);
    assert.equal(r.transaction.kind, 'non-invite-server');
    assert.equal(r.target?.state, 'Proceeding');
    r.transaction.respond(buildResponse(cancel, 200, undefined, undefined, { toTag: 'to-1' }));
    r.target?.respond(respond(invite, 487));
    assert.deepEqual(h.wire, ['180', '200', '487']);
    const retransmittedCancel = h.layer.receive(makeRequest({ method: 'CANCEL', branch: 'z9hG4bK-c' }), PEER_UDP);
    assert.equal(retransmittedCancel.kind === 'absorbed' && retransmittedCancel.transaction, r.transaction);
    assert.deepEqual(h.wire, ['180', '200', '487', '200']);
    const ack = h.layer.receive(makeRequest({ method: 'ACK', branch: 'z9hG4bK-c', toTag: 'to-1' }), PEER_UDP);
    assert.equal(ack.kind === 'absorbed' && ack.transaction, inv);
    h.scheduler.advance(32_000);
    assert.ok(h.idle);
  });

  it('without a matching INVITE the target is undefined (TU answers 481)', () => {
    const h = new LayerHarness();
    h.layer.receive(makeRequest({ branch: 'z9hG4bK-other' }), PEER_UDP);
    h.layer.receive(makeRequest({ branch: 'z9hG4bK-c2', sentBy: 'elsewhere.example.com' }), PEER_UDP);
    const r = h.layer.receive(makeRequest({ method: 'CANCEL', branch: 'z9hG4bK-c2' }), PEER_UDP);
    assert.equal(r.kind, 'cancel');
    if (r.kind !== 'cancel') return;
    assert.equal(r.target, undefined);
    r.transaction.respond(respond(r.request, 481));
    assert.deepEqual(h.wire, ['481']);
  });

  it('after the INVITE was answered the target is in Completed (the CANCEL has no effect, §9.2)', () => {
    const h = new LayerHarness();
    const inv = inviteTx(h.layer.receive(makeRequest({ branch: 'z9hG4bK-late' }), PEER_UDP));
    inv.respond(respond(inv.request, 486));
    const r = h.layer.receive(makeRequest({ method: 'CANCEL', branch: 'z9hG4bK-late' }), PEER_UDP);
    assert.equal(r.kind === 'cancel' && r.target?.state, 'Completed');
  });
});
