// NTP timestamps as RTCP carries them (RFC 3550 §4): 32-bit seconds since 1900-01-01 and a
// 32-bit binary fraction. Sender reports carry the full 64 bits; report blocks echo the middle
// 32 bits (LSR) and a delay in units of 1/65536 s (DLSR), from which the sender gets the round
// trip (§6.4.1, Figure 2). Plain numbers, no BigInt: this runs once per report.

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
export const NTP_UNIX_OFFSET = 2_208_988_800;

export interface NtpTimestamp {
  /** Seconds since 1900, modulo 2^32 (era 0 ends in 2036; arithmetic on it wraps). */
  readonly seconds: number;
  /** Fraction of a second in units of 2^-32. */
  readonly fraction: number;
}

/** Milliseconds since the Unix epoch → NTP timestamp. */
export function toNtp(unixMs: number): NtpTimestamp {
  const whole = Math.floor(unixMs / 1000);
  const rest = unixMs - whole * 1000;
  return { seconds: (whole + NTP_UNIX_OFFSET) >>> 0, fraction: Math.floor((rest / 1000) * 0x1_0000_0000) >>> 0 };
}

/** NTP timestamp → milliseconds since the Unix epoch (assumes era 0). */
export function fromNtp(t: NtpTimestamp): number {
  return (t.seconds - NTP_UNIX_OFFSET) * 1000 + (t.fraction / 0x1_0000_0000) * 1000;
}

/** The middle 32 bits of a 64-bit NTP timestamp (the "compact" form of LSR, §6.4.1). */
export function ntpMiddle32(t: NtpTimestamp): number {
  return (((t.seconds & 0xffff) << 16) | (t.fraction >>> 16)) >>> 0;
}

/** A duration in milliseconds as DLSR units (1/65536 s), clamped to 32 bits. */
export function msToDlsr(ms: number): number {
  if (!(ms > 0)) return 0;
  return Math.min(0xffff_ffff, Math.round((ms * 65536) / 1000));
}

/**
 * Round trip from a report block about our own stream (§6.4.1): A - LSR - DLSR, where A is the
 * compact NTP time at which the report arrived. Undefined when the peer has not seen an SR yet
 * (LSR 0) or the result is implausible (negative after wrap, or over a minute).
 */
export function roundTripMs(arrivalUnixMs: number, lsr: number, dlsr: number): number | undefined {
  if (lsr === 0) return undefined;
  const a = ntpMiddle32(toNtp(arrivalUnixMs));
  const units = (a - lsr - dlsr) | 0;
  if (units < 0) return undefined;
  const ms = (units * 1000) / 65536;
  return ms > 60_000 ? undefined : ms;
}
