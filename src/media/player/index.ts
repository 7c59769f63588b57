// Public surface of the media player: WAV in and out, resampling to 8 kHz, tones, the frame
// pacer and the Player engine. No sockets; time comes from an injected Scheduler.

export { WavError, isWavError } from './errors.ts';
export type { WavErrorCode } from './errors.ts';

export {
  MAX_WAV_CHANNELS,
  MAX_WAV_RATE,
  MIN_WAV_RATE,
  WAVE_FORMAT_ALAW,
  WAVE_FORMAT_EXTENSIBLE,
  WAVE_FORMAT_IEEE_FLOAT,
  WAVE_FORMAT_MULAW,
  WAVE_FORMAT_PCM,
  decodeWav,
  parseWavHeader,
  wavToPcm8k,
} from './wav-reader.ts';
export type { WavAudio, WavEncoding, WavInfo } from './wav-reader.ts';
export { encodeWav } from './wav-writer.ts';
export type { WavWriteEncoding, WavWriteOptions } from './wav-writer.ts';
export { RESAMPLE_ROLLOFF, resample, resampleReach } from './resample.ts';

export { BEEP, RINGBACK, TELEPHONY_RATE, beep, cadence, dbm0ToPeak, ringback, silence, tone } from './tones.ts';
export type { Cadence, RingbackRegion, ToneOptions } from './tones.ts';

export { Pacer } from './pacer.ts';
export type { PacerOptions, PacerStats, PacerTick } from './pacer.ts';
export { DEFAULT_MAX_LOOPS, PlayQueue } from './play-queue.ts';
export type { PlayItemInfo, PlayOutcome, PlaySource, PlayStatus, QueueEvent } from './play-queue.ts';
export { Player } from './player.ts';
export type { FrameSink, InterruptReport, PlayHandle, PlayerEvents, PlayerOptions } from './player.ts';
