// Inputs, outputs, events and counters of the Bridge (bridge.ts). The bridge is a pure engine:
// the media endpoint of each leg hands it the RTP packets it received and implements a LegSink
// that re-packetises what the bridge sends with its own SSRC, sequence numbers and timestamps.

import type { RtpDtmfEvent } from '../dtmf/index.ts';
import type { RtpPacket } from '../rtp/index.ts';

/** The two legs. Media "from a" is what the far end of leg b hears. hangupOnStar watches leg a. */
export type LegId = 'a' | 'b';

/** G.711 laws by their SDP names (one byte per sample at 8 kHz). */
export type G711Codec = 'PCMU' | 'PCMA';

/** What a leg negotiated; `Negotiated` from sdp/ maps to it field by field. */
export interface LegFormat {
  readonly codec: G711Codec;
  /** The RTP payload type of the codec (0 for PCMU, 8 for PCMA unless re-mapped). */
  readonly payloadType: number;
  /** Packet interval in ms (10, 20, 30 …); sets the frame size the leg is sent (8 samples a ms). */
  readonly ptimeMs: number;
  /** RFC 4733 telephone-event payload type, when the leg negotiated it. */
  readonly telephoneEventPt?: number | undefined;
}

/** How media from one leg reaches the other. */
export type RelayPath =
  /** Same law and ptime: the received payload is handed on as is (no copy, no decode). */
  | 'forward'
  /** Other law, same ptime: µ-law ↔ A-law by one 256-entry table, no PCM round trip. */
  | 'transcode'
  /**
   * Other ptime (and maybe law): samples are re-framed through a small buffer. G.711 is one byte
   * per sample, so re-framing the code bytes is exactly re-framing PCM, without decoding and encoding.
   */
  | 'reframe';

/** The RTP header fields the bridge reads; a parsed `RtpPacket` is one. */
export type BridgeRtpIn = Pick<RtpPacket, 'payloadType' | 'payload' | 'marker' | 'timestamp' | 'ssrc'>;

/** One RFC 4733 packet for a sink to send. */
export interface RelayedEventPacket {
  /** The telephone-event payload type of the sink's leg. */
  readonly payloadType: number;
  /** One 4-byte event block (§2.3), a fresh array the sink may keep. */
  readonly payload: Uint8Array;
  /** Set on the first packet of an event (§2.5.1.2). */
  readonly marker: boolean;
  /**
   * First packet of a new event: the sink takes its running RTP timestamp as the event's timestamp.
   * Every packet of the event, up to the last end packet, carries that timestamp (§2.5.1.2), and none
   * moves the running timestamp on (the audio packets sent meanwhile do).
   */
  readonly first: boolean;
  /** E bit set: the final packet, sent `endRepeats` times in a row (§2.5.1.4). */
  readonly end: boolean;
  readonly event: number;
  /** Duration so far in timestamp units. */
  readonly duration: number;
}

/** What the endpoint of a leg implements to send what the bridge relays to it. */
export interface LegSink {
  /**
   * One audio packet in the leg's own codec: send it with the leg's SSRC, next sequence number and
   * running timestamp, then move the timestamp on by `samples`. `payload` is a view the bridge may
   * reuse after the call returns (the received datagram, or a buffer of the bridge): serialise it
   * before returning (RtpSession.sendRtp does).
   */
  sendAudio(payload: Uint8Array, samples: number, marker: boolean): void;
  /** One telephone-event packet (see RelayedEventPacket for its timestamp). */
  sendEvent(packet: RelayedEventPacket): void;
  /**
   * The other leg's stream skipped this many samples (loss, or silence not sent): move the running
   * timestamp on without sending (RtpSession.advanceTimestamp), so the far end's jitter buffer
   * sees the same gap. Without it the timeline is closed up.
   */
  skipSamples?(samples: number): void;
}

/**
 * A tap sees one direction's audio as 8 kHz PCM, decoded only while a tap is attached.
 * `pcm` is reused after the call returns (copy to keep it); `gapSamples` is how many samples were
 * missing before it (loss or silence suppression), for a recorder to fill.
 */
export type BridgeTap = (pcm: Int16Array, gapSamples: number) => void;

/** What became of a DTMF event received on a leg. */
export type DtmfRelayOutcome =
  /** Sent on as RFC 4733 with the other leg's telephone-event payload type. */
  | 'rfc4733'
  /** The other leg has no telephone-event: the caller may play in-band tones there. */
  | 'inband-needed'
  /** Not relayed: the '*' of hangupOnStar. */
  | 'suppressed';

export interface BridgeDtmf {
  readonly from: LegId;
  readonly to: LegId;
  /** The start or end as the RFC 4733 receiver of leg `from` reported it (once per press). */
  readonly event: RtpDtmfEvent;
  readonly relay: DtmfRelayOutcome;
}

export interface BridgeEvents extends Record<string, unknown[]> {
  dtmf: [BridgeDtmf];
  /** hangupOnStar is on and leg a pressed '*' (RFC 4733): the call layer decides what follows. */
  'hangup-on-star': [{ readonly from: LegId; readonly atMs: number }];
}

export interface BridgeOptions {
  readonly a: LegFormat;
  readonly b: LegFormat;
  readonly sinkA: LegSink;
  readonly sinkB: LegSink;
  /** Report '*' pressed on leg a as 'hangup-on-star' and do not relay it (default false). */
  readonly hangupOnStar?: boolean;
  /** How often the end packet of a relayed event is sent (default 3, RFC 4733 §2.5.1.4). */
  readonly endRepeats?: number;
  /**
   * A timestamp step larger than this (samples) is a new timeline (new SSRC, a peer that restarts
   * its clock), not a gap to reproduce (default 80 000, 10 s).
   */
  readonly maxGapSamples?: number;
  /** RFC 4733 receiver end timeout in ms (default 400): an event whose end packets were lost ends then. */
  readonly dtmfEndTimeoutMs?: number;
}

/** Counters of one direction (media received on one leg and sent to the other). */
export interface BridgeDirectionStats {
  /** Audio packets received. */
  packetsIn: number;
  /** Audio packets handed to the other leg's sink. */
  packetsOut: number;
  /** Received packets whose bytes went through the µ-law ↔ A-law table. */
  transcoded: number;
  /** Received packets that went through the re-framing buffer. */
  reframed: number;
  /** Packets older than the last one relayed (reordered or duplicated), dropped. */
  late: number;
  /** Packets with a payload type of neither the codec nor telephone-event (comfort noise …), dropped. */
  ignored: number;
  /** Samples the stream skipped (loss, silence suppression), passed on as timestamp gaps. */
  gapSamples: number;
  /** Payloads decoded for a tap. */
  tapped: number;
  /** Telephone-event packets received. */
  dtmfPacketsIn: number;
  /** Telephone-event packets sent. */
  dtmfPacketsOut: number;
  /** Key presses relayed as RFC 4733. */
  dtmfRelayed: number;
  /** Key presses reported for in-band fallback or suppressed. */
  dtmfNotRelayed: number;
}

export function emptyDirectionStats(): BridgeDirectionStats {
  return {
    packetsIn: 0, packetsOut: 0, transcoded: 0, reframed: 0, late: 0, ignored: 0, gapSamples: 0, tapped: 0,
    dtmfPacketsIn: 0, dtmfPacketsOut: 0, dtmfRelayed: 0, dtmfNotRelayed: 0,
  };
}
