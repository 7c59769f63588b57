// Symmetric RTP (RFC 4961) with latching: send to where the peer's packets really come from,
// which behind NAT is not what its SDP says. Packets are demultiplexed by remote address and
// port, never by SSRC (sipp, for one, uses the same SSRC for every call).
//
//   Unlatched ──first parsed packet from A──► Latched(A)
//   Latched(A) ──`relatchAfter` packets in a row from B, none from A between──► Latched(B)
//   Latched(A) ──a packet from B below that count──► dropped (counted as foreign)
//   any ──reset (new SDP)──► Unlatched

export interface RtpAddress {
  readonly address: string;
  readonly port: number;
}

export function sameAddress(a: RtpAddress | undefined, b: RtpAddress): boolean {
  return a !== undefined && a.port === b.port && a.address === b.address;
}

export type LatchDecision =
  /** From the latched remote (or latching is off): accept. */
  | 'accept'
  /** First packet: the session latched onto its source; accept. */
  | 'latched'
  /** A new source reached `relatchAfter`: the session moved to it; accept. */
  | 'relatched'
  /** From somewhere else: drop. */
  | 'foreign';

export class SymmetricLatch {
  /** Where RTP goes: the SDP address until latched, then the latched source. */
  remote: RtpAddress | undefined;
  #latched = false;
  #candidate: RtpAddress | undefined;
  #candidateCount = 0;

  /**
   * `relatchAfter`: packets in a row from one new source before moving to it; 0 never moves
   * once latched. `enabled` false: accept from anywhere, keep sending to the SDP address.
   */
  constructor(
    remote: RtpAddress | undefined,
    readonly enabled: boolean,
    readonly relatchAfter: number,
  ) {
    this.remote = remote;
  }

  get latched(): boolean {
    return this.#latched;
  }

  /** Forgets the latch (a new SDP answer or offer moved the remote). */
  reset(remote: RtpAddress | undefined): void {
    this.remote = remote;
    this.#latched = false;
    this.#candidate = undefined;
    this.#candidateCount = 0;
  }

  /** Decides about a parsed RTP packet from `from`, latching as a side effect. */
  offer(from: RtpAddress): LatchDecision {
    if (!this.enabled) return 'accept';
    if (!this.#latched) {
      this.#latched = true;
      this.remote = { address: from.address, port: from.port };
      return 'latched';
    }
    if (sameAddress(this.remote, from)) {
      this.#candidateCount = 0;
      return 'accept';
    }
    if (this.relatchAfter <= 0) return 'foreign';
    if (sameAddress(this.#candidate, from) && this.#candidateCount > 0) this.#candidateCount++;
    else {
      this.#candidate = { address: from.address, port: from.port };
      this.#candidateCount = 1;
    }
    if (this.#candidateCount < this.relatchAfter) return 'foreign';
    this.remote = this.#candidate;
    this.#candidate = undefined;
    this.#candidateCount = 0;
    return 'relatched';
  }
}
