// ACK for a non-2xx (§17.1.1.3), CANCEL (§9.1), branch IDs (§8.1.1.7) and timer configuration.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getCSeq, getCallId, getFrom, getTo, getTopVia, getVias } from '../accessors.ts';
import { getHeader, getHeaders } from '../message.ts';
import { parseMessage } from '../parser.ts';
import { serializeMessage } from '../serializer.ts';
import { isRfc3261Branch } from '../via.ts';
import { BranchGenerator } from './branch.ts';
import { buildAck, buildCancel } from './build.ts';
import { DEFAULT_TIMERS, doubled, resolveTimers } from './timers.ts';
import { makeRequest, respond } from './transaction.fixture.ts';

const ROUTES = ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>'];

describe('buildAck (§17.1.1.3)', () => {
  const invite = makeRequest({ branch: 'z9hG4bK-inv', seq: 314, routes: ROUTES });
  const busy = respond(invite, 486, 'uas-tag');
  const ack = buildAck(invite, busy);

  it('keeps Request-URI, Call-ID, From; takes To from the response; CSeq number with method ACK', () => {
    assert.equal(ack.method, 'ACK');
    assert.equal(ack.uri, invite.uri);
    assert.equal(getCallId(ack), getCallId(invite));
    assert.equal(getHeader(ack, 'From'), getHeader(invite, 'From'));
    assert.equal(getFrom(ack).tag, 'from-1');
    assert.equal(getTo(ack).tag, 'uas-tag');
    assert.deepEqual(getCSeq(ack), { seq: 314, method: 'ACK' });
  });

  it('has a single Via equal to the INVITE top Via (same branch) and the INVITE Route set', () => {
    assert.equal(getVias(ack).length, 1);
    assert.equal(getHeader(ack, 'Via'), getHeader(invite, 'Via'));
    assert.equal(getTopVia(ack)?.branch, 'z9hG4bK-inv');
    assert.deepEqual(getHeaders(ack, 'Route'), ROUTES);
    assert.equal(getHeader(ack, 'Contact'), undefined);
    assert.equal(ack.body.length, 0);
  });

  it('serializes to a message the strict parser accepts', () => {
    const r = parseMessage(serializeMessage(ack));
    assert.ok(r.ok);
    assert.equal(r.message.type, 'request');
  });
});

describe('buildCancel (§9.1)', () => {
  it('matches the INVITE except method and Via count', () => {
    const invite = makeRequest({ branch: 'z9hG4bK-inv', seq: 7, routes: ROUTES });
    const cancel = buildCancel(invite);
    assert.equal(cancel.method, 'CANCEL');
    assert.equal(cancel.uri, invite.uri);
    assert.deepEqual(getCSeq(cancel), { seq: 7, method: 'CANCEL' });
    assert.equal(getHeader(cancel, 'To'), getHeader(invite, 'To'));
    assert.equal(getTopVia(cancel)?.branch, 'z9hG4bK-inv');
    assert.equal(getVias(cancel).length, 1);
    assert.deepEqual(getHeaders(cancel, 'Route'), ROUTES);
    assert.ok(parseMessage(serializeMessage(cancel)).ok);
  });
});

describe('BranchGenerator (§8.1.1.7)', () => {
  it('makes unique RFC 3261 branches of token characters, across pool refills', () => {
    const gen = new BranchGenerator();
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const b = gen.next();
      assert.ok(isRfc3261Branch(b));
      assert.match(b, /^z9hG4bK[A-Za-z0-9_-]{16}$/);
      seen.add(b);
    }
    assert.equal(seen.size, 5000);
  });
});

describe('timers', () => {
  it('defaults to T1 500 ms, T2 4 s, T4 5 s, D 32 s, 100 Trying after 200 ms', () => {
    assert.deepEqual({ ...DEFAULT_TIMERS }, { t1: 500, t2: 4000, t4: 5000, timerD: 32_000, trying: 200 });
    assert.deepEqual({ ...resolveTimers({ t1: 250 }) }, { ...DEFAULT_TIMERS, t1: 250 });
  });
  it('rejects bad values', () => {
    assert.throws(() => resolveTimers({ t1: 0 }), RangeError);
    assert.throws(() => resolveTimers({ t4: Number.NaN }), RangeError);
    assert.throws(() => resolveTimers({ t1: 5000, t2: 4000 }), RangeError);
    assert.throws(() => resolveTimers({ trying: -1 }), RangeError);
  });
  it('doubles up to a cap', () => {
    assert.equal(doubled(500, 4000), 1000);
    assert.equal(doubled(4000, 4000), 4000);
    assert.equal(doubled(16_000, Infinity), 32_000);
  });
});
