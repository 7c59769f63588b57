// Public surface of src/media/mixer/: the conference Mixer engine (N participants, 8 kHz, 20 ms
// ticks driven by the caller; each hears the sum of the others plus a play-to-all channel), its
// input queues, limiter and speaking detector. No sockets and no clock.

export { Mixer } from './mixer.ts';
export { pcmSource } from './source.ts';
export type { MixerSource } from './source.ts';
export { InputQueue } from './input-queue.ts';
export type { InputQueueStats } from './input-queue.ts';
export { Limiter } from './limiter.ts';
export type { LimiterMode } from './limiter.ts';
export { SpeakingDetector, levelDb } from './speaking.ts';
export type { SpeakingOptions } from './speaking.ts';
export type { MixerEvents, MixerOptions, MixerSink, MixerStats, ParticipantOptions, ParticipantStats } from './types.ts';
