// The play-to-all channel's input: something that fills one frame when the mixer ticks (hold
// music, an announcement, a beep when someone joins). Pull rather than push, so the source
// follows the mixer's clock and never drifts against it.

export interface MixerSource {
  /**
   * Fill `out` (one frame, 8 kHz PCM) and return how many samples were written from its start.
   * Fewer than `out.length` means the source is done: the rest of the frame is silence and the
   * mixer lets go of the source ('play-ended').
   */
  read(out: Int16Array): number;
}

/** A source over PCM already in memory; `loop` starts over at the end (hold music). */
export function pcmSource(pcm: Int16Array, loop = false): MixerSource {
  let pos = 0;
  return {
    read(out: Int16Array): number {
      let n = 0;
      while (n < out.length) {
        if (pos >= pcm.length) {
          if (!loop || pcm.length === 0) break;
          pos = 0;
        }
        const k = Math.min(out.length - n, pcm.length - pos);
        for (let i = 0; i < k; i++) out[n + i] = pcm[pos + i]!;
        n += k;
        pos += k;
      }
      return n;
    },
  };
}
