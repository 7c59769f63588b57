// An INVITE we send (UAC, RFC 3261 §13.2): early dialog on a 1xx with a To tag, ACK for the 2xx
// (sent here, not by the transaction: §13.2.2.4), CANCEL before the answer (§9.1), digest
// credentials when the far end challenges (§22.2).

import { getCSeq, getTo } from '../accessors.ts';
import { authorize, createClientAuthState, type DigestUserCredentials } from '../auth/index.ts';
import { confirmUacDialog, inDialogRequest, newCallId, newTag, uacDialog } from '../dialog/state.ts';
import { createRequest, type HeaderInit, type SipRequest, type SipResponse } from '../message.ts';
import type { Remote } from '../remote.ts';
import { buildCancel, type ClientTransaction } from '../transaction/index.ts';
import { SipCall, type CallHost } from './call.ts';

export interface OutgoingCallOptions {
  /** Request-URI, e.g. `sip:+15551230000@127.0.0.1:5080`. */
  uri: string;
  /** Where to send it. */
  target: Remote;
  /** From header value without tag, e.g. `<sip:+15557650000@127.0.0.1>`. */
  from: string;
  /** To header value; default `<uri>`. */
  to?: string;
  sdp?: Buffer;
  headers?: HeaderInit[];
  /** Digest credentials for a 401/407 challenge. */
  credentials?: DigestUserCredentials;
}

export class OutgoingCall extends SipCall {
  invite: SipRequest;
  private tx: ClientTransaction | undefined;
  private ack: SipRequest | undefined;
  private gotProvisional = false;
  private cancelWanted = false;
  private finalSeen = false;
  private readonly authState = createClientAuthState(8);

  constructor(host: CallHost, private readonly opts: OutgoingCallOptions, localHost: string) {
    super(host, newCallId(localHost), opts.target);
    const headers: HeaderInit[] = [
      { name: 'Via', value: host.via(opts.target.transport) },
      { name: 'Max-Forwards', value: '70' },
      { name: 'From', value: `${opts.from};tag=${newTag()}` },
      { name: 'To', value: opts.to ?? `<${opts.uri}>` },
      { name: 'Call-ID', value: this.callId },
      { name: 'CSeq', value: '1 INVITE' },
      { name: 'Contact', value: host.contact(opts.target.transport) },
      ...(opts.headers ?? []),
    ];
    if (opts.sdp) headers.push({ name: 'Content-Type', value: 'application/sdp' });
    this.invite = createRequest({ method: 'INVITE', uri: opts.uri, headers, ...(opts.sdp ? { body: opts.sdp } : {}) });
    this.localSdp = opts.sdp;
  }

  /** Sends the INVITE. */
  start(): this {
    this.tx = this.host.layer.sendRequest(this.invite, this.opts.target, {
      onResponse: (res) => this.onResponse(res),
      onTimeout: () => this.fail(408, 'Request Timeout'),
      onTransportError: () => this.fail(503, 'Service Unavailable'),
    });
    return this;
  }

  private onResponse(res: SipResponse): void {
    if (res.status < 200) {
      this.gotProvisional = true;
      if (getTo(res).tag && !this.dialog) this.dialog = uacDialog(this.invite, res, this.host.contact(this.flow.transport));
      if (this.cancelWanted) this.sendCancel();
      return void this.emit('provisional', res);
    }
    if (this.finalSeen) return;
    this.finalSeen = true;
    if (res.status < 300) return this.onAnswered(res);
    if ((res.status === 401 || res.status === 407) && this.opts.credentials && !this.cancelWanted && this.retryWithAuth(res)) return;
    this.fail(res.status, res.reason, res);
  }

  private retryWithAuth(res: SipResponse): boolean {
    const result = authorize(this.invite, res, this.opts.credentials!, this.authState);
    if (!result.ok) return false;
    this.invite = result.request;
    this.finalSeen = false;
    this.gotProvisional = false;
    this.start();
    return true;
  }

  private onAnswered(res: SipResponse): void {
    if (this.dialog) confirmUacDialog(this.dialog, res);
    else this.dialog = uacDialog(this.invite, res, this.host.contact(this.flow.transport));
    if (res.body.length) this.remoteSdp = res.body;
    this.host.addDialog(this);
    this.ack = inDialogRequest(this.dialog, 'ACK', { via: this.host.via(this.flow.transport), cseq: getCSeq(this.invite).seq });
    this.host.sendDirect(this.ack, this.target());
    if (this.cancelWanted) return void this.hangupAnswered();
    this.emit('answered', res);
  }

  /** A retransmitted 2xx (our ACK was lost): ACK again (§13.2.2.4). */
  resendAck(): void {
    if (this.ack) this.host.sendDirect(this.ack, this.target());
  }

  private sendCancel(): void {
    this.host.layer.sendRequest(buildCancel(this.invite), this.opts.target, {});
  }

  private fail(status: number, reason: string, response?: SipResponse): void {
    if (this.ended) return;
    this.emit('failed', { status, reason, ...(response ? { response } : {}) });
    this.finish({ by: status === 487 && this.cancelWanted ? 'local' : 'error', status, reason });
  }

  private async hangupAnswered(): Promise<void> {
    await super.hangup();
  }

  /** Before the answer: CANCEL (sent once a provisional has arrived, §9.1). After: BYE. */
  override async hangup(): Promise<void> {
    if (this.ended) return;
    if (this.finalSeen && this.ack) return super.hangup();
    if (this.cancelWanted) return;
    this.cancelWanted = true;
    if (this.gotProvisional) this.sendCancel();
  }

  get transaction(): ClientTransaction | undefined {
    return this.tx;
  }
}
