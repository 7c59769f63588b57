// RFC 3264 §5 and §7: our offers (outbound legs, re-INVITE hold/unhold) and the answers to them.

import { CODECS, codecOf, formatEvents, isTelephoneEvent, SUPPORTED_EVENTS, TELEPHONE_EVENT } from './codecs.ts';
import { sdpFail } from './errors.ts';
import { checkLocal, DEFAULT_PTIME, localConnection, ourOrigin, type LocalMedia, type Ptime } from './local.ts';
import type { Direction, Origin, PayloadType } from './model.ts';
import { choosePtime, intersect, mirror, remoteView, type NegotiatedCodec, type NegotiationResult, type PreviousExchange } from './negotiate.ts';
import { parseSdp } from './parse.ts';
import { writeSdp } from './write.ts';

/** The telephone-event payload type we offer unless a previous negotiation settled another. */
export const DEFAULT_TELEPHONE_EVENT_PT = 101;

/** An offer we sent: its text, and what processAnswer checks the answer against. */
export interface LocalOffer {
  readonly sdp: string;
  readonly origin: Origin;
  /** In our order of preference, with the payload type numbers we offered. */
  readonly codecs: readonly NegotiatedCodec[];
  readonly telephoneEventPt?: number;
  readonly ptime: Ptime;
  readonly direction: Direction;
}

/**
 * One m=audio RTP/AVP offer. With `previous` (a re-INVITE: hold with direction sendonly, resume
 * with sendrecv, or a refresh) the o= version goes up by one and only the codec in use is
 * offered, with its payload type and the ptime in use, so the re-offer cannot switch codec or
 * packetisation mid-call; to continue
 * numbering after a rejected re-offer, pass `{ ...negotiated, origin: rejectedOffer.origin }`.
 */
export function createOffer(local: LocalMedia, previous?: PreviousExchange): LocalOffer {
  checkLocal(local);
  const kept = previous?.codec && local.codecs.includes(previous.codec.name) ? previous.codec : undefined;
  const codecs: NegotiatedCodec[] = kept
    ? [kept]
    : [...new Set(local.codecs)].map((name) => ({ name, pt: CODECS[name].staticPt, clockRate: CODECS[name].clockRate }));
  const payloads: PayloadType[] = codecs.map((c) => ({ pt: c.pt, name: c.name, clockRate: c.clockRate }));
  let telephoneEventPt: number | undefined;
  if (local.telephoneEvent) {
    telephoneEventPt = freePt(previous?.telephoneEventPt ?? DEFAULT_TELEPHONE_EVENT_PT, codecs);
    const clockRate = codecs[0]?.clockRate ?? 8000;
    payloads.push({ pt: telephoneEventPt, name: TELEPHONE_EVENT, clockRate, fmtp: formatEvents(SUPPORTED_EVENTS) });
  }
  const ptime = previous?.ptime ?? local.ptime ?? DEFAULT_PTIME;
  const direction = local.direction ?? 'sendrecv';
  const origin = ourOrigin(local, previous?.origin);
  const sdp = writeSdp({
    origin,
    name: '-',
    connection: localConnection(local),
    media: [
      {
        type: 'audio',
        port: local.port,
        protocol: 'RTP/AVP',
        formats: payloads.map((p) => String(p.pt)),
        payloads,
        ptime,
        direction,
        ...(local.rtcpPort !== undefined && local.rtcpPort !== local.port + 1 ? { rtcp: { port: local.rtcpPort } } : {}),
      },
    ],
  });
  return { sdp, origin, codecs, ...(telephoneEventPt !== undefined ? { telephoneEventPt } : {}), ptime, direction };
}

/** `wanted` unless a codec already uses it, else the first free dynamic payload type (RFC 3551 §3). */
function freePt(wanted: number, codecs: readonly NegotiatedCodec[]): number {
  const used = new Set(codecs.map((c) => c.pt));
  if (!used.has(wanted)) return wanted;
  for (let pt = 96; pt <= 127; pt++) if (!used.has(pt)) return pt;
  return wanted;
}

/**
 * Reads the answer to one of our offers (RFC 3264 §7). The answer must keep our one m=audio
 * RTP/AVP stream in place; port 0 there is 'stream-rejected'. The codec is the first in the
 * answer's list that we offered (answers may list several, as baresip's do); the payload type
 * numbers are the answer's, the ones the answerer expects to receive (§5.1).
 */
export function processAnswer(offer: LocalOffer, answerSdp: string): NegotiationResult {
  const parsed = parseSdp(answerSdp);
  if (!parsed.ok) return parsed;
  const sd = parsed.value;
  if (sd.media.length !== 1) return sdpFail('malformed', `the answer has ${sd.media.length} m= lines; the offer had 1 (RFC 3264 §6)`);
  const m = sd.media[0];
  if (!m || m.type !== 'audio') return sdpFail('malformed', `the answer replaced our m=audio with m=${m?.type ?? ''}`);
  if (m.port === 0) return sdpFail('stream-rejected', 'the answer rejected the audio stream (port 0)');
  if (m.protocol.toUpperCase() !== 'RTP/AVP') return sdpFail('unsupported-transport', `the answer uses ${m.protocol}; we offered RTP/AVP`);

  let codec: NegotiatedCodec | undefined;
  for (const p of m.payloads) {
    const name = codecOf(p);
    const ours = name && offer.codecs.find((c) => c.name === name);
    if (ours) {
      codec = { name: ours.name, pt: p.pt, clockRate: ours.clockRate };
      break;
    }
  }
  if (!codec) return sdpFail('no-common-codec', `the answer (${m.formats.join(' ')}) chose no codec we offered`);
  const clockRate = codec.clockRate;
  const te = offer.telephoneEventPt === undefined ? undefined : m.payloads.find((p) => isTelephoneEvent(p, clockRate));
  const view = remoteView(sd, m);
  if (!view.ok) return view;
  return {
    ok: true,
    negotiated: {
      codec,
      ...(te ? { telephoneEventPt: te.pt } : {}),
      ptime: choosePtime(m.ptime, m.maxptime, offer.ptime),
      remote: view.value.remote,
      direction: intersect(offer.direction, mirror(view.value.direction)),
      remoteDirection: view.value.direction,
      remoteHold: view.value.hold,
      origin: offer.origin,
      remoteOrigin: sd.origin,
    },
  };
}
