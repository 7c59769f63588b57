// Reception statistics for one source, RFC 3550 Appendix A: sequence tracking with wrap-around
// and probation (A.1), loss (A.3), interarrival jitter (A.8), and the LSR/DLSR echo (§6.4.1).
// Pure: fed with (sequence number, RTP timestamp, arrival time in ms); no clock, no I/O.

import type { ReportBlock } from './rtcp.ts';
import { msToDlsr } from './ntp.ts';

const RTP_SEQ_MOD = 0x10000;

export interface ReceiveStatsOptions {
  /** RTP clock rate of the source's payload (8000 for G.711), for jitter. */
  clockRate: number;
  /** A.1 MIN_SEQUENTIAL: packets in sequence before a new source is valid. Default 2. */
  minSequential?: number;
  /** A.1 MAX_DROPOUT: largest forward jump taken as loss. Default 3000. */
  maxDropout?: number;
  /** A.1 MAX_MISORDER: largest backward jump taken as reordering. Default 100. */
  maxMisorder?: number;
}

/** Result of `update`: whether A.1 counted the packet (probation and big jumps are not). */
export type SeqVerdict = 'valid' | 'probation' | 'jump';

export class ReceiveStats {
  readonly clockRate: number;
  readonly #minSequential: number;
  readonly #maxDropout: number;
  readonly #maxMisorder: number;

  // A.1 `source` fields
  #maxSeq = 0;
  #cycles = 0;
  #baseSeq = 0;
  #badSeq = RTP_SEQ_MOD + 1;
  #probation: number;
  #received = 0;
  #expectedPrior = 0;
  #receivedPrior = 0;
  #started = false;

  // A.8: previous packet's arrival (in timestamp units) and timestamp, and the estimate
  #hasPrev = false;
  #prevArrival = 0;
  #prevTimestamp = 0;
  #jitter = 0;

  // §6.4.1: the last SR from this source
  #lsr = 0;
  #lsrArrival = 0;

  constructor(options: ReceiveStatsOptions) {
    if (!(options.clockRate > 0)) throw new RangeError(`clock rate ${options.clockRate} must be positive`);
    this.clockRate = options.clockRate;
    this.#minSequential = options.minSequential ?? 2;
    if (!Number.isInteger(this.#minSequential) || this.#minSequential < 1) throw new RangeError(`minSequential ${this.#minSequential} must be an integer >= 1`);
    this.#maxDropout = options.maxDropout ?? 3000;
    this.#maxMisorder = options.maxMisorder ?? 100;
    this.#probation = this.#minSequential;
  }

  /** A.1 init_seq. */
  #initSeq(seq: number): void {
    this.#baseSeq = seq;
    this.#maxSeq = seq;
    this.#badSeq = RTP_SEQ_MOD + 1;
    this.#cycles = 0;
    this.#received = 0;
    this.#receivedPrior = 0;
    this.#expectedPrior = 0;
    this.#hasPrev = false; // a re-sync also restarts jitter: the timestamp base moved with it
  }

  /** A.1 update_seq. */
  #updateSeq(seq: number): SeqVerdict {
    if (!this.#started) {
      this.#started = true;
      this.#initSeq(seq);
      this.#maxSeq = (seq - 1) & 0xffff;
      this.#probation = this.#minSequential;
    }
    const udelta = (seq - this.#maxSeq) & 0xffff;
    if (this.#probation > 0) {
      if (seq === ((this.#maxSeq + 1) & 0xffff)) {
        this.#probation--;
        this.#maxSeq = seq;
        if (this.#probation === 0) {
          this.#initSeq(seq);
          this.#received++;
          return 'valid';
        }
      } else {
        this.#probation = this.#minSequential - 1;
        this.#maxSeq = seq;
      }
      return 'probation';
    }
    if (udelta < this.#maxDropout) {
      if (seq < this.#maxSeq) this.#cycles += RTP_SEQ_MOD; // wrapped: another 64K cycle
      this.#maxSeq = seq;
    } else if (udelta <= RTP_SEQ_MOD - this.#maxMisorder) {
      // a very large jump: re-sync when two packets in a row agree (the sender restarted)
      if (seq === this.#badSeq) this.#initSeq(seq);
      else {
        this.#badSeq = (seq + 1) & 0xffff;
        return 'jump';
      }
    }
    // else: a duplicate or reordered packet, counted as received
    this.#received++;
    return 'valid';
  }

  /** A.8: J += (|D(i-1,i)| - J) / 16, with arrival converted to timestamp units. */
  #updateJitter(timestamp: number, arrivalMs: number): void {
    const arrival = (arrivalMs * this.clockRate) / 1000;
    if (this.#hasPrev) {
      const tsDelta = (timestamp - this.#prevTimestamp) | 0; // signed, survives the 2^32 wrap
      const d = Math.abs(arrival - this.#prevArrival - tsDelta);
      this.#jitter += (d - this.#jitter) / 16;
    }
    this.#hasPrev = true;
    this.#prevArrival = arrival;
    this.#prevTimestamp = timestamp >>> 0;
  }

  /** Feeds one packet of this source. Jitter is updated only for packets A.1 counts. */
  update(seq: number, timestamp: number, arrivalMs: number): SeqVerdict {
    const verdict = this.#updateSeq(seq & 0xffff);
    if (verdict === 'valid') this.#updateJitter(timestamp, arrivalMs);
    return verdict;
  }

  /** Records an SR from this source for the LSR/DLSR of our next report block. */
  noteSenderReport(ntpMiddle32: number, arrivalMs: number): void {
    this.#lsr = ntpMiddle32 >>> 0;
    this.#lsrArrival = arrivalMs;
  }

  /** True once the source passed probation. */
  get valid(): boolean {
    return this.#started && this.#probation === 0;
  }

  /** Packets counted by A.1 (duplicates included). */
  get received(): number {
    return this.#received;
  }

  /** A.3 extended_max: cycles in the high 16 bits. */
  get extendedHighestSeq(): number {
    return (this.#cycles + this.#maxSeq) >>> 0;
  }

  /** A.3 expected. */
  get expected(): number {
    return this.valid ? this.#cycles + this.#maxSeq - this.#baseSeq + 1 : 0;
  }

  /** A.3 cumulative lost, clamped to the 24-bit signed range of a report block. */
  get cumulativeLost(): number {
    const lost = this.expected - this.#received;
    return Math.max(-0x800000, Math.min(0x7fffff, lost));
  }

  /** A.8 interarrival jitter estimate, in timestamp units. */
  get jitter(): number {
    return this.#jitter;
  }

  /** The jitter in milliseconds. */
  get jitterMs(): number {
    return (this.#jitter * 1000) / this.clockRate;
  }

  /**
   * A.3 fraction lost since the previous call, as the 8-bit fixed-point value of a report block.
   * Starts a new interval: call it once per report.
   */
  takeFractionLost(): number {
    const expected = this.expected;
    const expectedInterval = expected - this.#expectedPrior;
    this.#expectedPrior = expected;
    const receivedInterval = this.#received - this.#receivedPrior;
    this.#receivedPrior = this.#received;
    const lostInterval = expectedInterval - receivedInterval;
    if (expectedInterval <= 0 || lostInterval <= 0) return 0;
    return Math.min(255, Math.floor((lostInterval * 256) / expectedInterval));
  }

  /** A report block about this source (§6.4.1) at `nowMs`; starts a new fraction-lost interval. */
  reportBlock(ssrc: number, nowMs: number): ReportBlock {
    return {
      ssrc: ssrc >>> 0,
      fractionLost: this.takeFractionLost(),
      cumulativeLost: this.cumulativeLost,
      highestSeq: this.extendedHighestSeq,
      jitter: Math.min(0xffff_ffff, Math.floor(this.#jitter)),
      lsr: this.#lsr,
      dlsr: this.#lsr === 0 ? 0 : msToDlsr(nowMs - this.#lsrArrival),
    };
  }
}
