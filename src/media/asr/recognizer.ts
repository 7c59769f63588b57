// The speech recognizer interface: telephone audio (8 kHz mono PCM) in, a transcript out. One
// implementation today (pocketsphinx.ts); `<Gather input="speech">` reaches it through MediaHost.

export interface RecognizeOptions {
  /** BCP-47 tag from `<Gather language>`; an engine may support only some (pocketsphinx: en-US). */
  language?: string;
  /** Comma-separated phrases from `<Gather hints>`; engines may ignore them. */
  hints?: string;
}

export interface Recognition {
  /** The transcript, '' when nothing was recognised. */
  text: string;
  /** 0–1; engines that report none use a fixed value (see the implementation). */
  confidence: number;
}

export interface SpeechRecognizer {
  readonly name: string;
  recognize(pcm8k: Int16Array, o?: RecognizeOptions): Promise<Recognition>;
  /** Resolves when the engine is installed and usable; rejects with an AsrError naming what to install. */
  check(): Promise<void>;
}
