// Test helpers for the bridge: a LegSink that records what it is handed, RTP packet builders and
// signal measurements (tone generator, Goertzel, RMS).

import type { BridgeRtpIn, LegSink, RelayedEventPacket } from './types.ts';

export { allocatedBytes } from '../../core/alloc-testing.ts';
export { toneAmplitude } from '../pcm.ts';

export interface SentAudio {
  /** A copy of the payload (the bridge reuses its buffers). */
  readonly bytes: Uint8Array;
  /** The very object handed over, to check the forward path does not copy. */
  readonly view: Uint8Array;
  readonly samples: number;
  readonly marker: boolean;
}

export type SinkRecord = { kind: 'audio'; audio: SentAudio } | { kind: 'event'; packet: RelayedEventPacket } | { kind: 'skip'; samples: number };

/** Records every call, in order. */
export class RecordingSink implements LegSink {
  readonly log: SinkRecord[] = [];

  sendAudio(payload: Uint8Array, samples: number, marker: boolean): void {
    this.log.push({ kind: 'audio', audio: { bytes: Uint8Array.from(payload), view: payload, samples, marker } });
  }

  sendEvent(packet: RelayedEventPacket): void {
    this.log.push({ kind: 'event', packet });
  }

  skipSamples(samples: number): void {
    this.log.push({ kind: 'skip', samples });
  }

  get audio(): SentAudio[] {
    return this.log.flatMap((r) => (r.kind === 'audio' ? [r.audio] : []));
  }

  get events(): RelayedEventPacket[] {
    return this.log.flatMap((r) => (r.kind === 'event' ? [r.packet] : []));
  }

  get skips(): number[] {
    return this.log.flatMap((r) => (r.kind === 'skip' ? [r.samples] : []));
  }

  /** All audio bytes sent, in order, as one array. */
  concat(): Uint8Array {
    const parts = this.audio;
    const out = new Uint8Array(parts.reduce((n, p) => n + p.bytes.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p.bytes, o);
      o += p.bytes.length;
    }
    return out;
  }
}

/** A sink that does nothing (benchmarks). */
export const NULL_SINK: LegSink = { sendAudio() {}, sendEvent() {}, skipSamples() {} };

export function rtp(payloadType: number, payload: Uint8Array, timestamp: number, marker = false, ssrc = 0x1234): BridgeRtpIn {
  return { payloadType, payload, timestamp: timestamp >>> 0, marker, ssrc };
}

/** `n` samples of a sine at `freq` Hz (8 kHz), peak `amp`, starting at sample `start` of an endless tone. */
export function sine(freq: number, n: number, amp: number, start = 0): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amp * Math.sin((2 * Math.PI * freq * (start + i)) / 8000));
  return out;
}


export function rms(samples: Int16Array): number {
  let sum = 0;
  for (const x of samples) sum += x * x;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}

/** Frequency estimated from the positive-going zero crossings. */
export function zeroCrossingHz(samples: Int16Array, rate = 8000): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = 1; i < samples.length; i++) {
    if (samples[i - 1]! < 0 && samples[i]! >= 0) {
      if (first < 0) first = i;
      else count++;
      last = i;
    }
  }
  return count === 0 ? 0 : (count * rate) / (last - first);
}


