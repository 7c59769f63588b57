// RFC 2543 fallback matching (RFC 3261 §17.2.3, last paragraphs; §9.2 for CANCEL):
// requests whose top Via branch lacks "z9hG4bK" match on Request-URI, To tag,
// From tag, Call-ID, CSeq and top Via; an ACK's To tag is the one of the response sent.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InviteServerTransaction } from './invite-server.ts';
import type { ReceiveResult } from './layer.ts';
import type { RequestInit } from './transaction.fixture.ts';
import { LayerHarness, makeRequest, PEER_UDP, respond } from './transaction.fixture.ts';

function old(init: RequestInit = {}): ReturnType<typeof makeRequest> {
  return makeRequest({ branch: null, ...init });
}

function invite(r: ReceiveResult): InviteServerTransaction {
  if (r.kind !== 'request' || r.transaction.kind !== 'invite-server') throw new Error(`expected a new INVITE, got ${r.kind}`);
  return r.transaction;
}

describe('RFC 2543 matching (§17.2.3)', () => {
  it('an INVITE without a branch is matched by Request-URI, tags, Call-ID, CSeq and top Via', () => {
    const h = new LayerHarness();
    const tx = invite(h.layer.receive(old(), PEER_UDP));
    assert.equal(tx.rfc2543, true);
    const same = h.layer.receive(old(), PEER_UDP);
    assert.equal(same.kind === 'absorbed' && same.transaction, tx);
    for (const differ of [
      { uri: 'sip:carol@example.com' },
      { callId: 'other@example.com' },
      { seq: 2 },
      { fromTag: 'other' },
      { toTag: 'x' },
      { sentBy: '192.0.2.99:5060' },
    ]) {
      const r = h.layer.receive(old(differ), PEER_UDP);
      assert.equal(r.kind, 'request', JSON.stringify(differ));
    }
    assert.equal(h.layer.stats.serverTransactions, 7);
    const still = h.layer.receive(old(), PEER_UDP);
    assert.equal(still.kind === 'absorbed' && still.transaction, tx, 'the first transaction is still found');
  });

  it('a re-INVITE (To tag set) is matched, and so is its ACK carrying the same tag', () => {
    const h = new LayerHarness();
    const tx = invite(h.layer.receive(old({ toTag: 'dlg' }), PEER_UDP));
    assert.equal(h.layer.receive(old({ toTag: 'dlg' }), PEER_UDP).kind, 'absorbed');
    tx.respond(respond(tx.request, 488, 'ignored-because-set'));
    const ack = h.layer.receive(old({ method: 'ACK', toTag: 'dlg' }), PEER_UDP);
    assert.equal(ack.kind === 'absorbed' && ack.transaction, tx);
    assert.equal(tx.state, 'Confirmed');
  });

  it('a branch without the cookie is treated the same way', () => {
    const h = new LayerHarness();
    const tx = invite(h.layer.receive(old({ branch: '1234' }), PEER_UDP));
    assert.equal(tx.rfc2543, true);
    const same = h.layer.receive(old({ branch: '1234' }), PEER_UDP);
    assert.equal(same.kind === 'absorbed' && same.transaction, tx);
  });

  it('ACK matches when its To tag equals the tag of the response the transaction sent', () => {
    const h = new LayerHarness();
    const tx = invite(h.layer.receive(old(), PEER_UDP));
    tx.respond(respond(tx.request, 404, 'uas-404'));
    const wrong = h.layer.receive(old({ method: 'ACK', toTag: 'someone-else' }), PEER_UDP);
    assert.equal(wrong.kind, 'ack-2xx');
    assert.equal(tx.state, 'Completed');
    const right = h.layer.receive(old({ method: 'ACK', toTag: 'uas-404' }), PEER_UDP);
    assert.equal(right.kind === 'absorbed' && right.transaction, tx);
    assert.equal(tx.state, 'Confirmed');
  });

  it('non-INVITE requests match including their method', () => {
    const h = new LayerHarness();
    const r = h.layer.receive(old({ method: 'OPTIONS', toTag: 't' }), PEER_UDP);
    assert.equal(r.kind, 'request');
    const again = h.layer.receive(old({ method: 'OPTIONS', toTag: 't' }), PEER_UDP);
    assert.equal(again.kind, 'absorbed');
    assert.equal(h.layer.receive(old({ method: 'INFO', toTag: 't' }), PEER_UDP).kind, 'request');
  });

  it('CANCEL finds its INVITE by the same identity with method INVITE (§9.2)', () => {
    const h = new LayerHarness();
    const tx = invite(h.layer.receive(old(), PEER_UDP));
    const r = h.layer.receive(old({ method: 'CANCEL' }), PEER_UDP);
    assert.equal(r.kind === 'cancel' && r.target, tx);
    const retransmitted = h.layer.receive(old({ method: 'CANCEL' }), PEER_UDP);
    assert.equal(retransmitted.kind, 'absorbed');
    const otherUri = h.layer.receive(old({ method: 'CANCEL', uri: 'sip:carol@example.com' }), PEER_UDP);
    assert.equal(otherUri.kind === 'cancel' && otherUri.target, undefined);
    const otherToTag = h.layer.receive(old({ method: 'CANCEL', toTag: 'zz' }), PEER_UDP);
    assert.equal(otherToTag.kind === 'cancel' && otherToTag.target, undefined);
  });

  it('a 2543 INVITE answered 2xx: retransmissions absorbed, ACK stops the 2xx, nothing leaks', () => {
    const h = new LayerHarness();
    const tx = invite(h.layer.receive(old(), PEER_UDP));
    tx.respond(respond(tx.request, 200, 'uas'));
    assert.equal(h.layer.receive(old(), PEER_UDP).kind, 'absorbed');
    const ack = h.layer.receive(old({ method: 'ACK', toTag: 'uas' }), PEER_UDP);
    assert.equal(ack.kind === 'ack-2xx' && ack.acknowledged, true);
    h.scheduler.advance(60_000);
    assert.ok(h.idle);
  });
});
