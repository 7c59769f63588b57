// A whole MP3 body to 8 kHz mono PCM: decoded slice by slice (Mp3Decoder), each slice resampled
// as it arrives (StreamResampler), so neither step blocks the event loop for long and the file
// is never held whole at its source rate.

import { concatPcm } from '../pcm.ts';
import { TELEPHONY_RATE } from '../player/index.ts';
import { nextTurn } from './mp3-decoder.ts';
import type { Mp3Decoder } from './mp3-decoder.ts';
import { StreamResampler } from './resample-stream.ts';

export interface Mp3ToPcmOptions {
  /** Longest output accepted, in 8 kHz samples; Mp3TooLongError past it. */
  maxSamples?: number;
  /** Gives the event loop a turn between resampled slices; setImmediate by default. */
  yieldToLoop?: () => Promise<void>;
}

/** Thrown (through the decoder) when the audio runs past `maxSamples` at 8 kHz. */
export class Mp3TooLongError extends Error {
  override readonly name = 'Mp3TooLongError';
}

export async function mp3ToPcm8k(decoder: Mp3Decoder, bytes: Uint8Array, options: Mp3ToPcmOptions = {}): Promise<Int16Array> {
  const { maxSamples = Infinity, yieldToLoop = nextTurn } = options;
  const parts: Int16Array[] = [];
  let produced = 0;
  let resampler: StreamResampler | undefined;
  const take = (part: Int16Array | undefined): void => {
    if (!part || part.length === 0) return;
    produced += part.length;
    if (produced > maxSamples) throw new Mp3TooLongError(`MP3 runs past ${Math.round(maxSamples / TELEPHONY_RATE)} s`);
    parts.push(part);
  };
  await decoder.decode(bytes, async (samples, rate) => {
    if (resampler && resampler.fromRate !== rate) take(resampler.end()); // a stream spliced from two rates
    if (!resampler || resampler.fromRate !== rate) resampler = new StreamResampler(rate, TELEPHONY_RATE);
    resampler.push(samples);
    for (let part = resampler.next(); part; part = resampler.next()) {
      take(part);
      await yieldToLoop();
    }
  });
  if (resampler) take(resampler.end());
  return concatPcm(parts);
}
