// Dialog state (RFC 3261 §12) as plain data with pure functions: creation by a UAS (§12.1.1) and a
// UAC (§12.1.2), requests within the dialog (§12.2.1.1, including strict routing), and the checks
// on requests received within it (§12.2.2). No I/O: the UA core sends what these build.

import { RandomPool } from '../../core/random-pool.ts';
import { getCallId, getContacts, getCSeq, getFrom, getTo } from '../accessors.ts';
import { formatNameAddr, parseNameAddr } from '../address.ts';
import { createRequest, getHeaders, type HeaderInit, type SipRequest, type SipResponse } from '../message.ts';
import { formatUri, uriParam } from '../uri.ts';

export interface DialogId {
  callId: string;
  localTag: string;
  remoteTag: string;
}

export interface DialogState {
  id: DialogId;
  /** Our From (UAC) / To (UAS) without the tag, as a name-addr. */
  localUri: string;
  remoteUri: string;
  /** CSeq of the last request we sent in the dialog. */
  localSeq: number;
  /** CSeq of the last request received; undefined until one arrives (§12.2.2). */
  remoteSeq: number | undefined;
  /** Where requests go: the peer's Contact URI (§12.1.1), updated by target refreshes. */
  remoteTarget: string;
  /** Route set: Record-Route values, in the order requests must carry them. */
  routeSet: string[];
  /** Our Contact header value. */
  localContact: string;
  /** True while only a provisional response established it (§12.1). */
  early: boolean;
}

const ids = new RandomPool();

export function newTag(): string {
  return ids.next(6, 'hex');
}

export function newCallId(host: string): string {
  return `${ids.next(12, 'hex')}@${host}`;
}

/** Canonical key for dialog maps. */
export function dialogKey(id: DialogId): string {
  return `${id.callId}\n${id.localTag}\n${id.remoteTag}`;
}

/** The dialog a received request belongs to: our tag is in To (§12.2.2). */
export function dialogIdOfRequest(req: SipRequest): DialogId | undefined {
  const toTag = getTo(req).tag;
  const fromTag = getFrom(req).tag;
  if (!toTag || !fromTag) return undefined;
  return { callId: getCallId(req), localTag: toTag, remoteTag: fromTag };
}

function withoutTag(value: { displayName: string | undefined; uri: Parameters<typeof formatNameAddr>[0]['uri']; params: { name: string; value: string | undefined }[] }): string {
  return formatNameAddr({ ...value, params: value.params.filter((p) => p.name.toLowerCase() !== 'tag') });
}

function contactUri(msg: SipRequest | SipResponse): string | undefined {
  const contacts = getContacts(msg);
  return contacts === '*' || contacts.length === 0 ? undefined : formatUri(contacts[0]!.uri);
}

/** §12.1.1: a UAS creates the dialog when it sends a 1xx (with To tag) or 2xx to the request. */
export function uasDialog(req: SipRequest, localTag: string, localContact: string, early: boolean): DialogState {
  const from = getFrom(req);
  return {
    id: { callId: getCallId(req), localTag, remoteTag: from.tag ?? '' },
    localUri: withoutTag(getTo(req)),
    remoteUri: withoutTag(from),
    localSeq: 0,
    remoteSeq: getCSeq(req).seq,
    remoteTarget: contactUri(req) ?? req.uri,
    routeSet: getHeaders(req, 'Record-Route'),
    localContact,
    early,
  };
}

/** §12.1.2: a UAC creates the dialog from a 1xx with a To tag or a 2xx to its request. */
export function uacDialog(req: SipRequest, res: SipResponse, localContact: string): DialogState {
  const to = getTo(res);
  return {
    id: { callId: getCallId(req), localTag: getFrom(req).tag ?? '', remoteTag: to.tag ?? '' },
    localUri: withoutTag(getFrom(req)),
    remoteUri: withoutTag(getTo(req)),
    localSeq: getCSeq(req).seq,
    remoteSeq: undefined,
    remoteTarget: contactUri(res) ?? req.uri,
    routeSet: getHeaders(res, 'Record-Route').reverse(),
    localContact,
    early: res.status < 200,
  };
}

/** A 2xx confirms an early UAC dialog: the route set and remote target come from it (§12.1.2, §13.2.2.4). */
export function confirmUacDialog(state: DialogState, res: SipResponse): void {
  state.early = false;
  state.routeSet = getHeaders(res, 'Record-Route').reverse();
  state.remoteTarget = contactUri(res) ?? state.remoteTarget;
}

/** Updates the remote target from a target-refresh request or its 2xx (§12.2.1.2, §12.2.2). */
export function refreshTarget(state: DialogState, msg: SipRequest | SipResponse): void {
  const uri = contactUri(msg);
  if (uri) state.remoteTarget = uri;
}

export type InDialogCheck = { ok: true } | { ok: false; status: 500; reason: string };

/** §12.2.2: a request whose CSeq is lower than the last one is rejected with 500. */
export function receiveInDialog(state: DialogState, req: SipRequest): InDialogCheck {
  const seq = getCSeq(req).seq;
  if (req.method !== 'ACK' && req.method !== 'CANCEL') {
    if (state.remoteSeq !== undefined && seq <= state.remoteSeq) {
      return { ok: false, status: 500, reason: 'CSeq out of order' };
    }
    state.remoteSeq = seq;
  }
  if (req.method === 'INVITE' || req.method === 'UPDATE') refreshTarget(state, req);
  return { ok: true };
}

/** §12.2.1.1 Request-URI and Route headers: loose routing when the first route has `lr`. */
function routing(state: DialogState): { uri: string; routes: string[] } {
  const [first, ...rest] = state.routeSet;
  if (first === undefined) return { uri: state.remoteTarget, routes: [] };
  const parsed = parseNameAddr(first);
  const uri = parsed.ok ? parsed.value.uri : undefined;
  if (uri?.kind === 'sip' && !uriParam(uri, 'lr')) {
    // Strict routing (§12.2.1.1): the first route becomes the Request-URI, the target the last Route.
    return { uri: formatUri({ ...uri, params: [], headers: [] }), routes: [...rest, `<${state.remoteTarget}>`] };
  }
  return { uri: state.remoteTarget, routes: state.routeSet };
}

export interface InDialogOptions {
  /** Top Via without branch, e.g. `SIP/2.0/UDP 127.0.0.1:5060;rport` (the transaction layer adds the branch). */
  via: string;
  /** CSeq number to use (ACK for 2xx and CANCEL reuse the INVITE's); default: next local CSeq. */
  cseq?: number;
  headers?: readonly HeaderInit[];
  body?: Buffer;
  contentType?: string;
}

/** Builds a request within the dialog (§12.2.1.1); increments the local CSeq unless one is given. */
export function inDialogRequest(state: DialogState, method: string, opts: InDialogOptions): SipRequest {
  const seq = opts.cseq ?? ++state.localSeq;
  const { uri, routes } = routing(state);
  const headers: HeaderInit[] = [
    { name: 'Via', value: opts.via },
    { name: 'Max-Forwards', value: '70' },
    ...routes.map((value) => ({ name: 'Route', value })),
    { name: 'From', value: `${state.localUri};tag=${state.id.localTag}` },
    { name: 'To', value: `${state.remoteUri};tag=${state.id.remoteTag}` },
    { name: 'Call-ID', value: state.id.callId },
    { name: 'CSeq', value: `${seq} ${method}` },
  ];
  if (method !== 'ACK' && method !== 'CANCEL' && method !== 'BYE') headers.push({ name: 'Contact', value: state.localContact });
  if (opts.body && opts.body.length > 0) headers.push({ name: 'Content-Type', value: opts.contentType ?? 'application/sdp' });
  headers.push(...(opts.headers ?? []));
  return createRequest({ method, uri, headers, ...(opts.body ? { body: opts.body } : {}) });
}
