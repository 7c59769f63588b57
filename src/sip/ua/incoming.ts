// An INVITE we received (UAS, RFC 3261 §13.3): ring, answer or reject; CANCEL ends it with 487.

import { getCallId } from '../accessors.ts';
import { newTag, uasDialog } from '../dialog/state.ts';
import type { HeaderInit, SipRequest, SipResponse } from '../message.ts';
import type { Remote } from '../remote.ts';
import { buildResponse } from '../response.ts';
import type { InviteServerTransaction } from '../transaction/index.ts';
import { SipCall, type CallHost } from './call.ts';

export class IncomingCall extends SipCall {
  readonly localTag = newTag();
  private finalSent = false;

  constructor(
    host: CallHost,
    readonly invite: SipRequest,
    private readonly tx: InviteServerTransaction,
    source: Remote,
  ) {
    super(host, getCallId(invite), source);
    this.remoteSdp = invite.body.length ? invite.body : undefined;
    tx.handlers = {
      onAckTimeout: () => {
        // §13.3.1.4: no ACK for our 2xx within 64*T1 — end the session with a BYE.
        if (this.dialog && !this.ended) void this.hangup();
        else this.finish({ by: 'error', status: 408, reason: 'no ACK' });
      },
    };
  }

  private respond(status: number, reason?: string, headers: HeaderInit[] = [], body?: Buffer): SipResponse {
    const res = buildResponse(this.invite, status, reason, headers, { toTag: this.localTag, ...(body ? { body } : {}) }) as SipResponse;
    this.tx.respond(res);
    return res;
  }

  /** Sends a provisional response (180 Ringing by default; 183 with SDP for early media). */
  ring(status = 180, sdp?: Buffer): void {
    if (this.finalSent || this.ended) return;
    const contact = { name: 'Contact', value: this.host.contact(this.flow.transport) };
    this.respond(status, undefined, sdp ? [contact, { name: 'Content-Type', value: 'application/sdp' }] : [contact], sdp);
  }

  /** Answers with 200 OK and our SDP; the dialog exists from here, confirmed by the ACK. */
  answer(sdp?: Buffer, headers: HeaderInit[] = []): void {
    if (this.finalSent || this.ended) throw new Error('the INVITE has already been answered or ended');
    this.finalSent = true;
    const contact = this.host.contact(this.flow.transport);
    const extra: HeaderInit[] = [{ name: 'Contact', value: contact }, ...headers];
    if (sdp) extra.push({ name: 'Content-Type', value: 'application/sdp' });
    this.localSdp = sdp;
    this.dialog = uasDialog(this.invite, this.localTag, contact, false);
    this.host.addDialog(this);
    this.respond(200, 'OK', extra, sdp);
  }

  /** Rejects with a final error status (486 busy, 603 decline, 404 …). */
  reject(status: number, reason?: string, headers: HeaderInit[] = []): void {
    if (this.finalSent || this.ended) return;
    this.finalSent = true;
    this.respond(status, reason, headers);
    this.finish({ by: 'local', status, reason: reason ?? `rejected ${status}` });
  }

  /** The ACK for our 2xx arrived. */
  acknowledged(ack: SipRequest): void {
    this.emit('confirmed', ack);
  }

  /** The caller's CANCEL matched this INVITE while unanswered: 487 and done (§9.2). */
  cancel(cancel: SipRequest): void {
    if (this.finalSent) return;
    this.finalSent = true;
    this.respond(487, 'Request Terminated');
    this.emit('cancelled', cancel);
    this.finish({ by: 'remote', status: 487, reason: 'cancelled' });
  }

  override async hangup(): Promise<void> {
    if (!this.finalSent) return this.reject(480, 'Temporarily Unavailable');
    return super.hangup();
  }
}
