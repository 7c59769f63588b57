// Band-limited sample-rate conversion for prompts (any rate → 8 kHz, or between any two rates).
// Windowed-sinc interpolation (Kaiser window) evaluated at each output instant, the method of
// J. O. Smith's "Digital Audio Resampling": the low-pass cutoff sits at 95 % of the lower Nyquist
// frequency, so for 8 kHz output the passband reaches about 3.5 kHz (the 300–3400 Hz telephone
// band survives) and everything from about 4.1 kHz up is attenuated by ~75 dB before it can alias.
// The kernel is tabulated once with linear interpolation between table points, so arbitrary
// ratios (22050 → 8000, 44100 → 8000, 11025 → 8000) cost the same as integer ones.

/** Zero crossings of the sinc on each side of the centre. */
const ZERO_CROSSINGS = 32;
/** Table points per zero crossing. */
const RESOLUTION = 128;
/** Kaiser β: ~76 dB stopband. */
const KAISER_BETA = 7.5;
/** Cutoff as a fraction of the lower of the two Nyquist frequencies. */
export const RESAMPLE_ROLLOFF = 0.95;

/** Zeroth-order modified Bessel function of the first kind (power series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 64; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function buildKernel(): Float64Array {
  const n = ZERO_CROSSINGS * RESOLUTION;
  const table = new Float64Array(n + 2);
  const norm = besselI0(KAISER_BETA);
  for (let i = 0; i <= n; i++) {
    const x = i / RESOLUTION;
    const r = i / n;
    const sinc = i === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    table[i] = (sinc * besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r)))) / norm;
  }
  return table;
}

const KERNEL = buildKernel();

/**
 * How far, in input samples on either side, the input that shapes one output sample reaches.
 * Lets a caller resample a long signal in slices (see src/media/fetch/resample-stream.ts): an
 * output sample only depends on input within this distance of its instant.
 */
export function resampleReach(fromRate: number, toRate: number): number {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError(`resampleReach: rates must be positive (${fromRate} → ${toRate})`);
  return (ZERO_CROSSINGS * fromRate) / (Math.min(fromRate, toRate) * RESAMPLE_ROLLOFF);
}
const KERNEL_END = ZERO_CROSSINGS * RESOLUTION;

/**
 * Converts mono PCM from `fromRate` to `toRate`. Returns `input` itself when the rates are equal.
 * The output holds floor(input.length × toRate / fromRate) samples; samples outside the input
 * count as silence.
 */
export function resample(input: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError(`resample: rates must be positive (${fromRate} → ${toRate})`);
  if (fromRate === toRate) return input;
  const outLength = Math.floor((input.length * toRate) / fromRate);
  const out = new Int16Array(outLength);
  // Cutoff in cycles per input sample, doubled: the sinc's zero crossings per input sample.
  const a = (Math.min(fromRate, toRate) * RESAMPLE_ROLLOFF) / fromRate;
  const halfLength = ZERO_CROSSINGS / a;
  const step = fromRate / toRate;
  const scale = a * RESOLUTION;
  const last = input.length - 1;
  for (let n = 0; n < outLength; n++) {
    const t = n * step;
    const first = Math.max(0, Math.ceil(t - halfLength));
    const end = Math.min(last, Math.floor(t + halfLength));
    let acc = 0;
    for (let k = first; k <= end; k++) {
      const x = Math.abs(t - k) * scale;
      const i = x | 0;
      if (i >= KERNEL_END) continue;
      const lo = KERNEL[i]!;
      acc += input[k]! * (lo + (x - i) * (KERNEL[i + 1]! - lo));
    }
    const s = Math.round(acc * a);
    out[n] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
  }
  return out;
}
