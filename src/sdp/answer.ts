// RFC 3264 §6: answering an offer for audio. We take the first usable audio stream, answer it
// with exactly one codec (plus telephone-event), and reject every other stream with port 0 in
// its place. One codec, because the media worker does not switch codecs per packet.
//
// Codec choice: the first payload type in the OFFER's order that we run (RFC 3264 §6.1: the
// offerer lists formats in its preference), unless `local.codecOrder` is 'local'; in a re-offer
// the codec already in use wins when it is still offered, so a hold or a session refresh never
// switches codec mid-call. The offerer's payload type numbers are kept (§6.1).
//
// ptime: the offer's a=ptime when it is 20 or 30; otherwise the ptime in use (re-offers), else
// local.ptime, else 20; never above the offer's a=maxptime.

import { CODECS, codecOf, commonEvents, formatEvents, isTelephoneEvent, TELEPHONE_EVENT, type CodecName } from './codecs.ts';
import { sdpFail, type SdpResult } from './errors.ts';
import { checkLocal, localConnection, ourOrigin, type LocalMedia } from './local.ts';
import type { MediaDescription, PayloadType, SessionDescription } from './model.ts';
import {
  choosePtime,
  intersect,
  mirror,
  remoteView,
  type AnswerResult,
  type NegotiatedCodec,
  type PreviousExchange,
  type RemoteView,
} from './negotiate.ts';
import { parseSdp } from './parse.ts';
import { writeSdp } from './write.ts';

interface Chosen {
  readonly index: number;
  readonly offered: MediaDescription;
  readonly codec: NegotiatedCodec;
  readonly telephoneEvent?: PayloadType & { readonly events: ReadonlySet<number> };
  readonly view: RemoteView;
}

/**
 * Answers an SDP offer. Fails with 'malformed', 'no-audio', 'unsupported-transport' or
 * 'no-common-codec' (the SIP layer answers 488). `previous` is the last negotiation of this
 * dialog when the offer is a re-INVITE: our o= version goes up by one, its codec and ptime are kept.
 */
export function answer(offerSdp: string, local: LocalMedia, previous?: PreviousExchange): AnswerResult {
  checkLocal(local);
  const parsed = parseSdp(offerSdp);
  if (!parsed.ok) return parsed;
  const offer = parsed.value;
  const picked = pickStream(offer, local, previous);
  if (!picked.ok) return picked;
  const { index, offered, codec, telephoneEvent, view } = picked.value;

  const ptime = choosePtime(offered.ptime, offered.maxptime, previous?.ptime ?? local.ptime);
  const ourDirection = intersect(mirror(view.direction), local.direction ?? 'sendrecv');
  const payloads: PayloadType[] = [{ pt: codec.pt, name: codec.name, clockRate: codec.clockRate }];
  if (telephoneEvent) {
    payloads.push({ pt: telephoneEvent.pt, name: TELEPHONE_EVENT, clockRate: codec.clockRate, fmtp: formatEvents(telephoneEvent.events) });
  }
  const audio: MediaDescription = {
    type: 'audio',
    port: local.port,
    protocol: offered.protocol,
    formats: payloads.map((p) => String(p.pt)),
    payloads,
    ptime,
    direction: ourDirection,
    ...(local.rtcpPort !== undefined && local.rtcpPort !== local.port + 1 ? { rtcp: { port: local.rtcpPort } } : {}),
  };
  const origin = ourOrigin(local, previous?.origin);
  const sdp = writeSdp({
    origin,
    name: '-',
    connection: localConnection(local),
    media: offer.media.map((m, i) => (i === index ? audio : rejected(m))),
  });
  return {
    ok: true,
    sdp,
    negotiated: {
      codec,
      ...(telephoneEvent ? { telephoneEventPt: telephoneEvent.pt } : {}),
      ptime,
      remote: view.remote,
      direction: ourDirection,
      remoteDirection: view.direction,
      remoteHold: view.hold,
      origin,
      remoteOrigin: offer.origin,
    },
  };
}

/** RFC 3264 §6: a stream we do not take is answered in place with port 0 and the offer's formats. */
function rejected(m: MediaDescription): MediaDescription {
  return { type: m.type, port: 0, protocol: m.protocol, formats: m.formats, payloads: [] };
}

/** The first RTP/AVP audio stream with a codec we run. */
function pickStream(offer: SessionDescription, local: LocalMedia, previous?: PreviousExchange): SdpResult<Chosen> {
  const audio = offer.media.map((m, index) => ({ m, index })).filter(({ m }) => m.type === 'audio' && m.port !== 0);
  if (audio.length === 0) return sdpFail('no-audio', 'the offer has no m=audio stream with a non-zero port');
  const avp = audio.filter(({ m }) => m.protocol.toUpperCase() === 'RTP/AVP');
  if (avp.length === 0) {
    const protos = [...new Set(audio.map(({ m }) => m.protocol))].join(', ');
    return sdpFail('unsupported-transport', `audio offered over ${protos}; only RTP/AVP is supported`);
  }
  for (const { m, index } of avp) {
    if (m.payloads.length !== m.formats.length) return sdpFail('malformed', `m=audio formats must be payload type numbers: ${m.formats.join(' ')}`);
    const codec = chooseCodec(m.payloads, local, previous);
    if (!codec) continue;
    const view = remoteView(offer, m);
    if (!view.ok) return view;
    const telephoneEvent = local.telephoneEvent ? chooseTelephoneEvent(m.payloads, codec.clockRate) : undefined;
    return { ok: true, value: { index, offered: m, codec, view: view.value, ...(telephoneEvent ? { telephoneEvent } : {}) } };
  }
  const names = avp.flatMap(({ m }) => m.payloads.map((p) => (p.name ? `${p.name}/${p.clockRate ?? '?'}` : `PT ${p.pt}`)));
  return sdpFail('no-common-codec', `none of the offered formats (${names.join(', ')}) is one of ${local.codecs.join(', ')}`);
}

function chooseCodec(payloads: readonly PayloadType[], local: LocalMedia, previous?: PreviousExchange): NegotiatedCodec | undefined {
  const ours = payloads
    .map((p) => ({ p, name: codecOf(p) }))
    .filter((x): x is { p: PayloadType; name: CodecName } => x.name !== undefined && local.codecs.includes(x.name));
  const keep = previous?.codec ? ours.find((x) => x.name === previous.codec?.name) : undefined;
  const pick = keep ?? (local.codecOrder === 'local' ? local.codecs.map((n) => ours.find((x) => x.name === n)).find((x) => x) : ours[0]);
  return pick ? { name: pick.name, pt: pick.p.pt, clockRate: CODECS[pick.name].clockRate } : undefined;
}

/** telephone-event at the codec's clock rate, with the offerer's PT and the events we both handle. */
function chooseTelephoneEvent(payloads: readonly PayloadType[], clockRate: number): Chosen['telephoneEvent'] {
  for (const p of payloads) {
    if (!isTelephoneEvent(p, clockRate)) continue;
    const events = commonEvents(p.fmtp);
    if (events.size > 0) return { ...p, events };
  }
  return undefined;
}
