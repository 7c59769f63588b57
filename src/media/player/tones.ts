// Tone and silence generators (8 kHz mono Int16 by default): single and dual tones, cadenced
// tones such as ringback, and Twilio's <Record> beep. Levels are in dBm0 per frequency, the unit
// tone plans use; a full-scale sine in G.711 is +3.17 dBm0.

import { concatPcm } from '../pcm.ts';

export const TELEPHONY_RATE = 8000;

/** Peak amplitude of a sine at `dbm0` (0 dBm0 ≈ 22 700, −13 dBm0 ≈ 5 100). */
export function dbm0ToPeak(dbm0: number): number {
  return 32767 * 10 ** ((dbm0 - 3.17) / 20);
}

export interface ToneOptions {
  /** Output rate in Hz; 8000 by default. */
  sampleRate?: number;
  /** Level of each frequency in dBm0; −10 by default. */
  level?: number;
  /** Raised-cosine fade in and out, in ms (avoids clicks); 5 by default, 0 for none. */
  rampMs?: number;
}

function samplesFor(ms: number, rate: number): number {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`duration must be a finite number of ms ≥ 0 (got ${ms})`);
  return Math.round((ms * rate) / 1000);
}

/** `durationMs` of silence. */
export function silence(durationMs: number, sampleRate = TELEPHONY_RATE): Int16Array {
  return new Int16Array(samplesFor(durationMs, sampleRate));
}

/** A single or dual (or more) tone of `durationMs`: the sum of sines, each at `level` dBm0. */
export function tone(frequencies: number | readonly number[], durationMs: number, options: ToneOptions = {}): Int16Array {
  const rate = options.sampleRate ?? TELEPHONY_RATE;
  const freqs = typeof frequencies === 'number' ? [frequencies] : frequencies;
  for (const f of freqs) if (!(f > 0 && f < rate / 2)) throw new RangeError(`tone frequency ${f} Hz must be between 0 and ${rate / 2} Hz`);
  const n = samplesFor(durationMs, rate);
  const peak = dbm0ToPeak(options.level ?? -10);
  const ramp = Math.min(Math.floor(n / 2), samplesFor(options.rampMs ?? 5, rate));
  const out = new Int16Array(n);
  const w = freqs.map((f) => (2 * Math.PI * f) / rate);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (const wi of w) v += Math.sin(wi * i);
    let gain = peak;
    const edge = Math.min(i, n - 1 - i);
    if (edge < ramp) gain *= 0.5 - 0.5 * Math.cos((Math.PI * (edge + 0.5)) / ramp);
    const s = Math.round(v * gain);
    out[i] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
  }
  return out;
}

/** A tone plan entry: frequencies and an on/off pattern in ms (on, off, on, off …). */
export interface Cadence {
  readonly frequencies: readonly number[];
  readonly pattern: readonly number[];
  /** Level per frequency in dBm0. */
  readonly level: number;
}

/**
 * Ringback (audible ringing) tone plans, one cycle each; play with loop 0.
 * us: North America's Precise Tone Plan, 440 + 480 Hz at −19 dBm0, 2 s on, 4 s off.
 * uk: 400 + 450 Hz, 0.4 s on, 0.2 s off, 0.4 s on, 2 s off.
 * eu: the CEPT tone most of Europe uses, 425 Hz, 1 s on, 4 s off.
 */
export const RINGBACK = {
  us: { frequencies: [440, 480], pattern: [2000, 4000], level: -19 },
  uk: { frequencies: [400, 450], pattern: [400, 200, 400, 2000], level: -19 },
  eu: { frequencies: [425], pattern: [1000, 4000], level: -13 },
} as const satisfies Record<string, Cadence>;

export type RingbackRegion = keyof typeof RINGBACK;

/** One cycle of a cadenced tone. */
export function cadence(plan: Cadence, options: Omit<ToneOptions, 'level'> = {}): Int16Array {
  if (plan.pattern.length === 0 || plan.pattern.length % 2 !== 0) throw new RangeError('a cadence pattern holds on/off pairs');
  const rate = options.sampleRate ?? TELEPHONY_RATE;
  const parts = plan.pattern.map((ms, i) => (i % 2 === 0 ? tone(plan.frequencies, ms, { ...options, level: plan.level }) : silence(ms, rate)));
  return concatPcm(parts);
}

/** One cycle of ringback (6 s for 'us'); loop it for as long as the far end rings. */
export function ringback(region: RingbackRegion = 'us', options: Omit<ToneOptions, 'level'> = {}): Int16Array {
  return cadence(RINGBACK[region], options);
}

/**
 * The beep <Record playBeep="true"> plays before recording starts. Twilio does not document its
 * spectrum; a short 1 kHz tone is the common recorder beep and what callers expect.
 */
export const BEEP = { frequency: 1000, durationMs: 250, level: -10 } as const;

export function beep(options: ToneOptions = {}): Int16Array {
  return tone(BEEP.frequency, BEEP.durationMs, { level: BEEP.level, ...options });
}
