// Public surface of speech recognition: one SpeechRecognizer interface, pocketsphinx behind it.

export { AsrError, isAsrError } from './errors.ts';
export type { AsrErrorCode } from './errors.ts';
export type { Recognition, RecognizeOptions, SpeechRecognizer } from './recognizer.ts';
export { POCKETSPHINX_CONFIDENCE, POCKETSPHINX_INSTALL, PocketsphinxRecognizer, hintGrammar } from './pocketsphinx.ts';
export type { PocketsphinxOptions } from './pocketsphinx.ts';
