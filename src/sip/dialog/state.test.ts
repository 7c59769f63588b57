import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getCSeq, getFrom, getHeaders, getTo, parseMessage, type SipRequest, type SipResponse } from '../index.ts';
import { buildResponse } from '../response.ts';
import { confirmUacDialog, dialogIdOfRequest, inDialogRequest, receiveInDialog, uacDialog, uasDialog } from './state.ts';

const parse = <T>(text: string) => {
  const r = parseMessage(text.replace(/\n/g, '\r\n'));
  if (!r.ok) throw r.error;
  return r.message as T;
};

const invite = parse<SipRequest>(`INVITE sip:bob@127.0.0.1:5060 SIP/2.0
Via: SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK-a1
Record-Route: <sip:p1.example.net;lr>
Record-Route: <sip:p2.example.net;lr>
Max-Forwards: 70
From: "Alice" <sip:alice@example.com>;tag=ft1
To: <sip:bob@127.0.0.1>
Call-ID: call-1@example.com
CSeq: 7 INVITE
Contact: <sip:alice@10.0.0.1:5070;transport=udp>
Content-Length: 0

`);

const VIA = 'SIP/2.0/UDP 127.0.0.1:5060;rport';

test('UAS dialog (§12.1.1): tags, URIs, remote target, route set in order; BYE carries it', () => {
  const d = uasDialog(invite, 'lt9', '<sip:sb@127.0.0.1:5060>', false);
  assert.deepEqual(d.id, { callId: 'call-1@example.com', localTag: 'lt9', remoteTag: 'ft1' });
  assert.equal(d.remoteTarget, 'sip:alice@10.0.0.1:5070;transport=udp');
  assert.deepEqual(d.routeSet, ['<sip:p1.example.net;lr>', '<sip:p2.example.net;lr>']);
  assert.equal(d.remoteSeq, 7);
  const bye = inDialogRequest(d, 'BYE', { via: VIA });
  assert.equal(bye.uri, 'sip:alice@10.0.0.1:5070;transport=udp', 'loose routing keeps the target as Request-URI');
  assert.deepEqual(getHeaders(bye, 'Route'), ['<sip:p1.example.net;lr>', '<sip:p2.example.net;lr>']);
  assert.equal(getFrom(bye).tag, 'lt9');
  assert.equal(getTo(bye).tag, 'ft1');
  const fromUri = getFrom(bye).uri;
  assert.equal(fromUri.kind === 'sip' ? fromUri.user : undefined, 'bob');
  assert.deepEqual(getCSeq(bye), { seq: 1, method: 'BYE' });
  assert.equal(getCSeq(inDialogRequest(d, 'INFO', { via: VIA })).seq, 2);
});

test('UAC dialog (§12.1.2): route set reversed, early then confirmed by the 2xx', () => {
  const ringing = buildResponse(invite, 180, undefined, [{ name: 'Contact', value: '<sip:bob@192.0.2.9>' }], { toTag: 'tt5' }) as SipResponse;
  ringing.headers.push({ name: 'Record-Route', value: '<sip:p1.example.net;lr>' }, { name: 'Record-Route', value: '<sip:p2.example.net;lr>' });
  const d = uacDialog(invite, ringing, '<sip:alice@10.0.0.1:5070>');
  assert.equal(d.early, true);
  assert.deepEqual(d.id, { callId: 'call-1@example.com', localTag: 'ft1', remoteTag: 'tt5' });
  assert.deepEqual(d.routeSet, ['<sip:p2.example.net;lr>', '<sip:p1.example.net;lr>']);
  assert.equal(d.localSeq, 7);
  const ok = buildResponse(invite, 200, undefined, [{ name: 'Contact', value: '<sip:bob@192.0.2.10>' }], { toTag: 'tt5' }) as SipResponse;
  confirmUacDialog(d, ok);
  assert.equal(d.early, false);
  assert.equal(d.remoteTarget, 'sip:bob@192.0.2.10');
  assert.deepEqual(d.routeSet, [], 'the 2xx has no Record-Route');
  const ack = inDialogRequest(d, 'ACK', { via: VIA, cseq: 7 });
  assert.deepEqual(getCSeq(ack), { seq: 7, method: 'ACK' });
  assert.equal(ack.uri, 'sip:bob@192.0.2.10');
  assert.equal(d.localSeq, 7, 'ACK reuses the INVITE CSeq without consuming one');
});

test('strict routing: first route becomes the Request-URI and the target the last Route', () => {
  const d = uasDialog(invite, 'lt9', '<sip:sb@127.0.0.1>', false);
  d.routeSet = ['<sip:strict.example.net;maddr=10.1.1.1>', '<sip:p2.example.net;lr>'];
  const req = inDialogRequest(d, 'BYE', { via: VIA });
  assert.equal(req.uri, 'sip:strict.example.net');
  assert.deepEqual(getHeaders(req, 'Route'), ['<sip:p2.example.net;lr>', '<sip:alice@10.0.0.1:5070;transport=udp>']);
});

test('requests within the dialog: CSeq order enforced (§12.2.2), re-INVITE refreshes the target', () => {
  const d = uasDialog(invite, 'lt9', '<sip:sb@127.0.0.1>', false);
  const reinvite = parse<SipRequest>(`INVITE sip:sb@127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK-a2
Max-Forwards: 70
From: <sip:alice@example.com>;tag=ft1
To: <sip:bob@127.0.0.1>;tag=lt9
Call-ID: call-1@example.com
CSeq: 8 INVITE
Contact: <sip:alice@10.0.0.99:5070>
Content-Length: 0

`);
  assert.deepEqual(dialogIdOfRequest(reinvite), d.id);
  assert.deepEqual(receiveInDialog(d, reinvite), { ok: true });
  assert.equal(d.remoteTarget, 'sip:alice@10.0.0.99:5070');
  assert.equal(d.remoteSeq, 8);
  const old = parse<SipRequest>(`INFO sip:sb@127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK-a3
Max-Forwards: 70
From: <sip:alice@example.com>;tag=ft1
To: <sip:bob@127.0.0.1>;tag=lt9
Call-ID: call-1@example.com
CSeq: 8 INFO
Content-Length: 0

`);
  assert.deepEqual(receiveInDialog(d, old), { ok: false, status: 500, reason: 'CSeq out of order' });
  assert.equal(dialogIdOfRequest(invite), undefined, 'an initial INVITE has no To tag');
});
