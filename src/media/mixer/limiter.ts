// From the Int32 mix to Int16 output without wrapping around.
//
// 'hard' saturates: anything beyond int16 becomes −32768 or 32767 (bit-exact below full scale).
// 'soft' is a memoryless soft knee: samples up to `knee` pass unchanged; above it the magnitude a
// is mapped to knee + R·(a − knee) / ((a − knee) + R) with R = 32767 − knee, which has slope 1 at
// the knee and approaches full scale without reaching it. Loud overlaps then round off instead of
// flattening into square edges; the price is some distortion on peaks above the knee (a gain-riding
// limiter with attack and release would avoid that, at the cost of per-output state).

export type LimiterMode = 'hard' | 'soft';

const MAX = 32767;
const MIN = -32768;

export class Limiter {
  readonly mode: LimiterMode;
  private readonly knee: number;
  private readonly range: number;

  /** `knee` as a fraction of full scale for 'soft' (default 0.75, about −2.5 dBFS). */
  constructor(mode: LimiterMode = 'hard', knee = 0.75) {
    if (!(knee > 0 && knee < 1)) throw new RangeError(`limiter knee ${knee} must be in (0, 1)`);
    this.mode = mode;
    this.knee = Math.round(MAX * knee);
    this.range = MAX - this.knee;
  }

  /** out[i] = limit(mix[i] − own[i]): the mix without one participant's own input. */
  writeWithout(mix: Int32Array, own: Int16Array, out: Int16Array): void {
    const n = out.length;
    if (this.mode === 'hard') {
      for (let i = 0; i < n; i++) {
        const v = mix[i]! - own[i]!;
        out[i] = v > MAX ? MAX : v < MIN ? MIN : v;
      }
      return;
    }
    const knee = this.knee;
    for (let i = 0; i < n; i++) {
      const v = mix[i]! - own[i]!;
      out[i] = v > knee || v < -knee ? this.soft(v) : v;
    }
  }

  /** out[i] = limit(mix[i]). */
  write(mix: Int32Array, out: Int16Array): void {
    const n = out.length;
    if (this.mode === 'hard') {
      for (let i = 0; i < n; i++) {
        const v = mix[i]!;
        out[i] = v > MAX ? MAX : v < MIN ? MIN : v;
      }
      return;
    }
    const knee = this.knee;
    for (let i = 0; i < n; i++) {
      const v = mix[i]!;
      out[i] = v > knee || v < -knee ? this.soft(v) : v;
    }
  }

  /** The soft curve for one sample beyond the knee. */
  soft(v: number): number {
    const a = v < 0 ? -v : v;
    if (a <= this.knee) return v;
    const over = a - this.knee;
    const y = Math.round(this.knee + (this.range * over) / (over + this.range));
    return v < 0 ? -y : y;
  }
}
