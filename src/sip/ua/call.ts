// What incoming and outgoing calls share: the dialog once it exists, requests within it
// (RFC 3261 §12.2, §14 re-INVITE, §15 BYE, RFC 6086 INFO), and the typed events an app listens to.

import { getCSeq } from '../accessors.ts';
import { dialogKey, inDialogRequest, receiveInDialog, type DialogState } from '../dialog/state.ts';
import type { SipRequest, SipResponse, HeaderInit, SipMessage } from '../message.ts';
import type { Remote, TransportName } from '../remote.ts';
import { buildResponse } from '../response.ts';
import type { ServerTransaction, TransactionLayer } from '../transaction/index.ts';
import { TypedEmitter } from '../../core/index.ts';
import { remoteOfUri } from './target.ts';

export type EndReason = { by: 'local' | 'remote' | 'error'; status?: number; reason: string };

export interface CallEvents extends Record<string, unknown[]> {
  /** A 1xx to our INVITE. */
  provisional: [SipResponse];
  /** A 2xx to our INVITE (UAC), after our ACK went out. */
  answered: [SipResponse];
  /** The ACK to our 2xx arrived (UAS): the dialog is confirmed. */
  confirmed: [SipRequest];
  /** A re-INVITE; call `respond` (default when nobody listens: 200 with our last SDP). */
  reinvite: [SipRequest, (status: number, body?: Buffer) => void];
  /** An INFO (answered 200). */
  info: [SipRequest];
  /** The peer sent BYE (answered 200). */
  bye: [SipRequest];
  /** The INVITE was cancelled by the caller (we answered 487). */
  cancelled: [SipRequest];
  /** Our INVITE got a final error response, timed out or could not be sent. */
  failed: [{ status: number; reason: string; response?: SipResponse }];
  /** The call is over; emitted exactly once. */
  ended: [EndReason];
  /** Every SIP message of this call, either way (for signaling callbacks). */
  message: [{ direction: 'in' | 'out'; message: SipMessage; remote: Remote }];
}

/** What a call needs from its user agent. */
export interface CallHost {
  readonly layer: TransactionLayer;
  via(transport: TransportName): string;
  contact(transport: TransportName): string;
  /** Sends outside any transaction (the ACK for a 2xx; a fresh branch is added), observed like the rest. */
  sendDirect(message: SipRequest, target: Remote): void;
  addDialog(call: SipCall): void;
  forget(call: SipCall): void;
}

export abstract class SipCall extends TypedEmitter<CallEvents> {
  dialog: DialogState | undefined;
  /** The last SDP we sent (re-INVITEs without a listener are answered with it). */
  localSdp: Buffer | undefined;
  remoteSdp: Buffer | undefined;
  ended = false;
  private hangingUp = false;

  protected constructor(
    protected readonly host: CallHost,
    readonly callId: string,
    /** The flow signaling goes over (where the initial request came from or went to). */
    public flow: Remote,
  ) {
    super();
  }

  get dialogKey(): string | undefined {
    return this.dialog ? dialogKey(this.dialog.id) : undefined;
  }

  /** Where requests within the dialog go: the remote target, over the call's flow for TCP. */
  protected target(): Remote {
    if (this.flow.transport === 'tcp' || !this.dialog) return this.flow;
    return remoteOfUri(this.dialog.remoteTarget, this.flow) ?? this.flow;
  }

  /** Sends a request within the dialog; resolves with the final response (408 on timeout). */
  request(method: string, opts: { body?: Buffer; contentType?: string; headers?: HeaderInit[] } = {}): Promise<SipResponse> {
    const dialog = this.dialog;
    if (!dialog || this.ended) return Promise.reject(new Error(`no dialog to send ${method} in`));
    const req = inDialogRequest(dialog, method, { via: this.host.via(this.flow.transport), ...opts });
    return new Promise((resolve) => {
      const synth = (status: number, reason: string) => resolve(buildResponse(req, status, reason) as SipResponse);
      this.host.layer.sendRequest(req, this.target(), {
        onResponse: (res) => {
          if (res.status < 200) return;
          if (method === 'INVITE' && res.status < 300) this.ackReinvite(res);
          resolve(res);
        },
        onTimeout: () => synth(408, 'Request Timeout'),
        onTransportError: () => synth(503, 'Service Unavailable'),
      });
    });
  }

  /** Re-INVITE with a new offer (hold, unhold, new media); the answer is in the returned response. */
  async reinvite(sdp: Buffer): Promise<SipResponse> {
    const res = await this.request('INVITE', { body: sdp, contentType: 'application/sdp' });
    if (res.status < 300) {
      this.localSdp = sdp;
      if (res.body.length) this.remoteSdp = res.body;
    }
    return res;
  }

  private ackReinvite(res: SipResponse): void {
    if (!this.dialog) return;
    const ack = inDialogRequest(this.dialog, 'ACK', { via: this.host.via(this.flow.transport), cseq: getCSeq(res).seq });
    this.host.sendDirect(ack, this.target());
  }

  /** Ends the call: BYE when established (subclasses handle the unanswered states). */
  async hangup(): Promise<void> {
    if (this.ended || !this.dialog || this.hangingUp) return;
    this.hangingUp = true;
    await this.request('BYE').catch(() => undefined);
    this.finish({ by: 'local', reason: 'hangup' });
  }

  /** A request that matched this call's dialog. */
  handleRequest(req: SipRequest, tx: ServerTransaction): void {
    const dialog = this.dialog;
    if (!dialog) return void tx.respond(buildResponse(req, 481, 'Call/Transaction Does Not Exist') as SipResponse);
    const check = receiveInDialog(dialog, req);
    if (!check.ok) return void tx.respond(buildResponse(req, check.status, check.reason) as SipResponse);
    const reply = (status: number, body?: Buffer, headers: HeaderInit[] = []) => {
      const extra = body?.length ? [...headers, { name: 'Contact', value: dialog.localContact }, { name: 'Content-Type', value: 'application/sdp' }] : headers;
      tx.respond(buildResponse(req, status, undefined, extra, body ? { body } : {}) as SipResponse);
    };
    switch (req.method) {
      case 'BYE':
        reply(200);
        this.emit('bye', req);
        return this.finish({ by: 'remote', reason: 'bye' });
      case 'INVITE':
        if (req.body.length) this.remoteSdp = req.body;
        if (this.listenerCount('reinvite') > 0) return void this.emit('reinvite', req, (status, body) => reply(status, body));
        return reply(200, this.localSdp);
      case 'INFO':
        reply(200);
        return void this.emit('info', req);
      case 'OPTIONS':
      case 'UPDATE':
        return reply(200);
      default:
        return reply(405, undefined, [{ name: 'Allow', value: 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE' }]);
    }
  }

  /** Marks the call over, forgets it in the UA and emits `ended` once. */
  protected finish(reason: EndReason): void {
    if (this.ended) return;
    this.ended = true;
    this.host.forget(this);
    this.emit('ended', reason);
  }

  /** Called by the UA for each message of the call (observers). */
  observed(direction: 'in' | 'out', message: SipMessage, remote: Remote): void {
    this.emit('message', { direction, message, remote });
  }
}
