// The typed error of an external engine the media module runs (TTS, speech recognition): a
// stable string code and the engine's name. Each module narrows the code to its own union.

export class EngineError<C extends string> extends Error {
  constructor(
    readonly code: C,
    /** The engine's name ('espeak-ng', 'flite', 'pocketsphinx' …). */
    readonly engine: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
