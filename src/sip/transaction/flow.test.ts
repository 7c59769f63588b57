// Two TransactionLayers talking through a simulated network (serialize → parse, latency,
// loss) on one FakeScheduler, with minimal UAC and UAS cores on top: how a TU uses the
// layer for an outbound INVITE, an inbound INVITE → 180 → 200 → ACK → BYE, and CANCEL.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeScheduler } from '../../core/index.ts';
import { getCSeq, getTo } from '../accessors.ts';
import { createRequest, getHeader } from '../message.ts';
import type { SipMessage, SipRequest, SipResponse } from '../message.ts';
import { parseMessage } from '../parser.ts';
import type { Remote, TransportName } from '../remote.ts';
import { buildResponse } from '../response.ts';
import { serializeMessage } from '../serializer.ts';
import { buildCancel } from './build.ts';
import { TransactionLayer } from './layer.ts';
import type { ReceiveResult } from './layer.ts';
import { label, makeRequest } from './transaction.fixture.ts';

const A = '10.0.0.1';
const B = '10.0.0.2';
const LATENCY = 20;

class Net {
  readonly scheduler = new FakeScheduler();
  readonly log: string[] = [];
  readonly uac: TransactionLayer;
  readonly uas: TransactionLayer;
  /** Return true to lose the n-th message with this label ("INVITE", "200", …). */
  drop: (what: string, n: number) => boolean = () => false;
  onUac: (r: ReceiveResult) => void = () => {};
  onUas: (r: ReceiveResult) => void = () => {};
  readonly #seen = new Map<string, number>();

  constructor(readonly transport: TransportName) {
    this.uac = new TransactionLayer({ scheduler: this.scheduler, send: (m, t) => this.send(m, t, 'uac') });
    this.uas = new TransactionLayer({ scheduler: this.scheduler, send: (m, t) => this.send(m, t, 'uas') });
  }

  remote(address: string): Remote {
    return { transport: this.transport, address, port: 5060 };
  }

  /** What a transport does: bytes on the wire, parsed on the other side after LATENCY ms. */
  send(message: SipMessage, target: Remote, from: 'uac' | 'uas'): void {
    const what = label(message);
    const key = `${from}:${what}`;
    const n = (this.#seen.get(key) ?? 0) + 1;
    this.#seen.set(key, n);
    const lost = this.drop(key, n);
    this.log.push(`${this.scheduler.now()} ${from} ${what}${lost ? ' (lost)' : ''}`);
    assert.equal(target.address, from === 'uac' ? B : A);
    if (lost) return;
    const bytes = serializeMessage(message);
    this.scheduler.setTimer(LATENCY, () => {
      const parsed = parseMessage(bytes);
      if (!parsed.ok) throw new Error(parsed.error.reason);
      if (from === 'uac') this.onUas(this.uas.receive(parsed.message, this.remote(A)));
      else this.onUac(this.uac.receive(parsed.message, this.remote(B)));
    });
  }

  get idle(): boolean {
    const quiet = (l: TransactionLayer): boolean => {
      const s = l.stats;
      return s.clientTransactions === 0 && s.serverTransactions === 0 && s.pending2xx === 0;
    };
    return quiet(this.uac) && quiet(this.uas) && this.scheduler.pending === 0;
  }
}

/** The UAC core's ACK for a 2xx (§13.2.2.4): a new branch, sent straight to the transport. */
function ackFor2xx(invite: SipRequest, ok: SipResponse): SipRequest {
  return createRequest({
    method: 'ACK',
    uri: invite.uri,
    headers: [
      { name: 'Via', value: `SIP/2.0/UDP ${A}:5060;branch=z9hG4bK-ack-${getCSeq(invite).seq}` },
      { name: 'Max-Forwards', value: '70' },
      { name: 'From', value: getHeader(invite, 'From') ?? '' },
      { name: 'To', value: getHeader(ok, 'To') ?? '' },
      { name: 'Call-ID', value: getHeader(invite, 'Call-ID') ?? '' },
      { name: 'CSeq', value: `${getCSeq(invite).seq} ACK` },
    ],
  });
}

function inDialog(method: string, seq: number, toTag: string, branch: string): SipRequest {
  return makeRequest({ method, seq, toTag, branch, sentBy: `${A}:5060` });
}

/** UAS core: ring at once, answer after 1 s, take ACK and BYE. */
function uasCore(net: Net, events: string[]): void {
  net.onUas = (r) => {
    const at = net.scheduler.now();
    if (r.kind === 'request' && r.transaction.kind === 'invite-server') {
      const tx = r.transaction;
      events.push(`uas: INVITE@${at}`);
      tx.handlers = { onAckTimeout: (_t, res) => events.push(`uas: no ACK for ${res.status}`) };
      tx.respond(buildResponse(tx.request, 180, undefined, undefined, { toTag: 'uas' }));
      net.scheduler.setTimer(1000, () => tx.respond(buildResponse(tx.request, 200, undefined, undefined, { toTag: 'uas' })));
    } else if (r.kind === 'ack-2xx') {
      events.push(`uas: ACK@${at} acknowledged=${r.acknowledged}`);
    } else if (r.kind === 'request' && r.request.method === 'BYE') {
      events.push(`uas: BYE@${at}`);
      r.transaction.respond(buildResponse(r.request, 200));
    }
  };
}

/** UAC core: INVITE; on 2xx ACK (and re-ACK stray 2xx retransmissions); BYE 2 s later. */
function uacCore(net: Net, events: string[]): void {
  const invite = makeRequest({ branch: null, sentBy: `${A}:5060`, uri: `sip:bob@${B}` });
  let ack: SipRequest | undefined;
  net.onUac = (r) => {
    if (r.kind === 'stray-response' && r.invite2xx && ack !== undefined) {
      events.push(`uac: 2xx retransmission@${net.scheduler.now()}, ACK again`);
      net.send(ack, net.remote(B), 'uac');
    }
  };
  net.uac.sendRequest(invite, net.remote(B), {
    onResponse: (res) => {
      events.push(`uac: ${res.status}@${net.scheduler.now()}`);
      if (res.status !== 200) return;
      ack = ackFor2xx(invite, res);
      net.send(ack, net.remote(B), 'uac');
      const tag = getTo(res).tag ?? '';
      net.scheduler.setTimer(2000, () =>
        net.uac.sendRequest(inDialog('BYE', 2, tag, 'z9hG4bK-bye'), net.remote(B), {
          onResponse: (bye) => events.push(`uac: BYE ${bye.status}@${net.scheduler.now()}`),
        }),
      );
    },
    onTimeout: () => events.push('uac: timeout'),
  });
}

describe('end to end over a simulated network', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`INVITE → 100/180 → 200 → ACK → BYE → 200 without loss (${transport})`, () => {
      const net = new Net(transport);
      const events: string[] = [];
      uasCore(net, events);
      uacCore(net, events);
      net.scheduler.advance(60_000);
      assert.deepEqual(events, [
        'uas: INVITE@20',
        'uac: 180@40',
        'uac: 200@1040',
        'uas: ACK@1060 acknowledged=true',
        'uas: BYE@3060',
        'uac: BYE 200@3080',
      ]);
      assert.ok(net.idle, net.log.join('\n'));
      assert.equal(net.uac.stats.retransmissionsSent + net.uas.stats.retransmissionsSent, 0);
    });
  }

  it('UDP with loss: lost INVITE (Timer A), lost 200 and lost ACK (§13.3.1.4 retransmission, ACK again)', () => {
    const net = new Net('udp');
    const events: string[] = [];
    net.drop = (what, n) => (what === 'uac:INVITE' && n === 1) || (what === 'uas:200' && n === 1) || (what === 'uac:ACK' && n === 1);
    uasCore(net, events);
    uacCore(net, events);
    net.scheduler.advance(60_000);
    assert.deepEqual(events, [
      'uas: INVITE@520', // Timer A re-sent the INVITE at 500
      'uac: 180@540',
      'uac: 200@2040', // the 2xx sent at 1520 was lost; retransmitted at 2020
      // that ACK was lost; the 2xx again at 3020 (interval doubled), the UAC core ACKs again
      'uac: 2xx retransmission@3040, ACK again',
      'uas: ACK@3060 acknowledged=true',
      'uas: BYE@4060',
      'uac: BYE 200@4080',
    ]);
    assert.ok(net.idle, net.log.join('\n'));
    assert.equal(net.uac.stats.retransmissionsSent, 1);
    assert.equal(net.uas.stats.retransmissionsSent, 2);
  });

  it('CANCEL: the UAS answers 200 to the CANCEL and 487 to the INVITE; the INVITE transaction ACKs the 487', () => {
    const net = new Net('udp');
    const events: string[] = [];
    const invite = makeRequest({ branch: null, sentBy: `${A}:5060`, uri: `sip:bob@${B}` });
    net.onUas = (r) => {
      if (r.kind === 'request' && r.transaction.kind === 'invite-server') {
        r.transaction.respond(buildResponse(r.request, 180, undefined, undefined, { toTag: 'uas' }));
      } else if (r.kind === 'cancel') {
        const target = r.target;
        r.transaction.respond(buildResponse(r.request, target ? 200 : 481, undefined, undefined, { toTag: 'uas' }));
        if (target?.state === 'Proceeding') target.respond(buildResponse(target.request, 487, undefined, undefined, { toTag: 'uas' }));
        events.push(`uas: CANCEL target=${target ? target.state : 'none'}`);
      } else if (r.kind === 'absorbed' && r.request.method === 'ACK') {
        events.push('uas: ACK for 487 absorbed');
      }
    };
    net.uac.sendRequest(invite, net.remote(B), {
      onResponse: (res) => {
        events.push(`uac: INVITE ${res.status}`);
        if (res.status === 180) {
          net.uac.sendRequest(buildCancel(invite), net.remote(B), { onResponse: (c) => events.push(`uac: CANCEL ${c.status}`) });
        }
      },
    });
    net.scheduler.advance(60_000);
    assert.deepEqual(events, ['uac: INVITE 180', 'uas: CANCEL target=Completed', 'uac: CANCEL 200', 'uac: INVITE 487', 'uas: ACK for 487 absorbed']);
    assert.ok(net.idle, net.log.join('\n'));
  });
});
