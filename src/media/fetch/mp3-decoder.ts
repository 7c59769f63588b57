// MP3 (MPEG-1/2/2.5 Layer I/II/III) to mono 16-bit PCM with mpg123-decoder, a WASM build of
// libmpg123 (eshaz/wasm-audio-decoders).
//
// - The package is imported and its decoder instantiated on the first MP3, not at start-up (the
//   module carries ~100 KB of embedded WASM). One decoder serves every file, one file at a time:
//   decodes are queued, and the decoder is reset (fresh mpg123 state) between files.
// - Gapless decoding is on (the package's default): encoder delay and padding recorded in a
//   Xing/LAME tag are trimmed. Files without that tag keep them (tens of ms of silence).
// - The body is fed in slices with a yield to the event loop after each, so a long file does
//   not stall the RTP pacers of the calls sharing this process (about 1 ms an 8 KB slice).
// - mpg123 always outputs two channels (a mono file is duplicated); they are averaged.
// - On a decoding error mpg123-decoder also writes one line to console.error; that is the
//   package's doing and cannot be turned off.

import type { MPEGDecodedAudio, MPEGDecoder } from 'mpg123-decoder';

export type Mp3DecodeErrorCode =
  /** The decoder could not be loaded or instantiated (package missing, no WebAssembly). */
  | 'ERR_MP3_UNAVAILABLE'
  /** mpg123 reported an error in the stream. */
  | 'ERR_MP3_CORRUPT'
  /** The body held no decodable MPEG audio frame. */
  | 'ERR_MP3_NO_AUDIO';

export class Mp3DecodeError extends Error {
  override readonly name = 'Mp3DecodeError';
  constructor(
    readonly code: Mp3DecodeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isMp3DecodeError(value: unknown): value is Mp3DecodeError {
  return value instanceof Mp3DecodeError;
}

/** Receives decoded audio slice by slice: mono PCM at `sampleRate`. May throw to stop decoding. */
export type PcmSink = (samples: Int16Array, sampleRate: number) => void | Promise<void>;

/** What the decoder needs of mpg123-decoder's MPEGDecoder (a seam for tests). */
export type MpegDecoderLike = Pick<MPEGDecoder, 'ready' | 'reset' | 'free' | 'decode'>;

export interface Mp3DecoderOptions {
  /** Creates the WASM decoder; by default imports mpg123-decoder on first use. */
  create?: () => Promise<MpegDecoderLike>;
  /** Bytes fed to mpg123 between yields; 8 KiB by default. */
  sliceBytes?: number;
  /** Gives the event loop a turn between slices; setImmediate by default. */
  yieldToLoop?: () => Promise<void>;
}

export const DEFAULT_MP3_SLICE_BYTES = 8 * 1024;

async function createMpg123(): Promise<MpegDecoderLike> {
  const { MPEGDecoder: Decoder } = await import('mpg123-decoder');
  return new Decoder();
}

/** Resolves on the event loop's next check phase (after pending I/O). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Averages the channels of `frames` samples and converts float [-1, 1] to 16-bit. */
export function mixDownToInt16(channels: readonly Float32Array[], frames: number): Int16Array {
  const out = new Int16Array(frames);
  const n = channels.length;
  if (n === 0) return out;
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < n; c++) sum += channels[c]![i]!;
    const s = Math.round((sum / n) * 32767);
    out[i] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
  }
  return out;
}

export class Mp3Decoder {
  private readonly create: () => Promise<MpegDecoderLike>;
  private readonly sliceBytes: number;
  private readonly yieldToLoop: () => Promise<void>;
  private decoder: MpegDecoderLike | undefined;
  /** The decoder has seen a file since it was created or reset. */
  private used = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: Mp3DecoderOptions = {}) {
    this.create = options.create ?? createMpg123;
    this.sliceBytes = options.sliceBytes ?? DEFAULT_MP3_SLICE_BYTES;
    this.yieldToLoop = options.yieldToLoop ?? nextTurn;
  }

  /** Whether the WASM decoder is currently instantiated. */
  get loaded(): boolean {
    return this.decoder !== undefined;
  }

  /**
   * Decodes one whole MP3 file, handing mono PCM to `sink` as it comes. Rejects with an
   * Mp3DecodeError, or with whatever `sink` threw. Calls are serialised.
   */
  decode(bytes: Uint8Array, sink: PcmSink): Promise<void> {
    return this.serially(() => this.run(bytes, sink));
  }

  /** Frees the WASM decoder (after any queued decodes). A later decode instantiates a new one. */
  close(): Promise<void> {
    return this.serially(async () => this.drop());
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async run(bytes: Uint8Array, sink: PcmSink): Promise<void> {
    const decoder = await this.ready();
    this.used = true;
    let total = 0;
    for (let at = 0; at < bytes.length; at += this.sliceBytes) {
      const decoded = this.decodeSlice(decoder, bytes.subarray(at, at + this.sliceBytes));
      const [firstError] = decoded.errors;
      if (firstError) {
        throw new Mp3DecodeError('ERR_MP3_CORRUPT', `MP3 stream is corrupt near byte ${firstError.inputBytes}: mpg123 ${firstError.message}`);
      }
      if (decoded.samplesDecoded > 0) {
        if (!(decoded.sampleRate > 0)) throw new Mp3DecodeError('ERR_MP3_CORRUPT', 'MP3 decoder reported no sample rate');
        total += decoded.samplesDecoded;
        await sink(mixDownToInt16(decoded.channelData, decoded.samplesDecoded), decoded.sampleRate);
      }
      await this.yieldToLoop();
    }
    if (total === 0) throw new Mp3DecodeError('ERR_MP3_NO_AUDIO', `no MPEG audio frames in ${bytes.length} bytes`);
  }

  private decodeSlice(decoder: MpegDecoderLike, slice: Uint8Array): MPEGDecodedAudio {
    try {
      return decoder.decode(slice);
    } catch (err) {
      this.drop(); // a throwing WASM instance is not trusted again
      throw new Mp3DecodeError('ERR_MP3_CORRUPT', `MP3 decoder failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  /** The decoder, created on first use and reset after each file. */
  private async ready(): Promise<MpegDecoderLike> {
    let decoder = this.decoder;
    try {
      if (!decoder) {
        const created = await this.create();
        this.decoder = decoder = created; // set before awaiting, so a failed init is still freed
        await created.ready;
      } else if (this.used) {
        await decoder.reset();
      }
    } catch (err) {
      this.drop();
      throw new Mp3DecodeError('ERR_MP3_UNAVAILABLE', `MP3 decoder is unavailable: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    this.used = false;
    return decoder;
  }

  private drop(): void {
    const decoder = this.decoder;
    this.decoder = undefined;
    this.used = false;
    try {
      decoder?.free();
    } catch {
      // Freeing a half-initialised instance can throw; it is unreachable either way.
    }
  }
}
