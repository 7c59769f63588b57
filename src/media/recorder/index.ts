// Public surface of src/media/recorder/: the <Record> engine (pure; time is the audio), the
// session that wires it to storage and fills RTP gaps on a Scheduler, and RecordingStorage with a
// crash-safe local-disk implementation and an in-memory one. WAV output is this folder's own small
// streaming writer (wav.ts), independent of src/media/player/.

export { RecorderError, isRecorderError } from './errors.ts';
export type { RecorderErrorCode } from './errors.ts';
export { Recorder } from './recorder.ts';
export type { RecorderEvents, RecorderOptions, RecorderState, RecordingEndReason, RecordingOutcome } from './recorder.ts';
export { SpeechDetector, resolveSilenceOptions, rmsDbfs } from './silence.ts';
export type { ResolvedSilenceOptions, SilenceOptions } from './silence.ts';
export { RecordingSession } from './session.ts';
export type { RecordingResult, RecordingSessionEvents, RecordingSessionOptions } from './session.ts';
export { checkRecordingFormat, checkRecordingId, finalizeAllOnExit, readRecording } from './storage.ts';
export type {
  FinalizeAllEntry, FinalizeAllReport, FinalizeOptions, RecordingEncoding, RecordingFile, RecordingFormat, RecordingStorage, RecordingWriter,
} from './storage.ts';
export { InMemoryRecordingStorage } from './memory-storage.ts';
export { LocalRecordingStorage, RECORDING_FLUSH_CHANNEL } from './local-storage.ts';
export type { LocalRecordingStorageOptions, RecordingFlushMessage } from './local-storage.ts';
export { WAV_HEADER_BYTES, WAV_MAX_DATA_BYTES, encodeWav, parseWav, parseWavHeader, pcmBytes, wavHeader } from './wav.ts';
export type { WavFormat, WavInfo } from './wav.ts';
