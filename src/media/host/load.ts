// Load figures of a host between two samples: endpoints, packet rates from the RTP sessions'
// counters, loss, this thread's CPU (process.threadCpuUsage where Node has it, else the process's)
// and event loop utilization.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { HostedEndpoint } from './hosted-endpoint.ts';
import type { MediaLoad } from './protocol.ts';

const TICKS_PER_SEC = 100;

/**
 * CPU time of the calling thread in µs: Linux's /proc/thread-self/stat (utime + stime, in clock
 * ticks), so a worker thread reports its own share; elsewhere the whole process's.
 */
function cpuMicros(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC) * 1e6;
  } catch {
    const u = process.cpuUsage();
    return u.user + u.system;
  }
}

export class HostLoad {
  private at = performance.now();
  private cpu = cpuMicros();
  private elu: EventLoopUtilization = performance.eventLoopUtilization();
  /** Packet counters of endpoints already gone, so rates do not dip when calls end. */
  private closedIn = 0;
  private closedOut = 0;
  private lastIn = 0;
  private lastOut = 0;

  constructor(private readonly endpoints: () => Iterable<HostedEndpoint>) {}

  /** Counts an endpoint's packets into the totals when it closes. */
  retire(h: HostedEndpoint): void {
    const s = h.ep.rtpStats();
    if (!s) return;
    this.closedIn += s.packetsReceived;
    this.closedOut += s.packetsSent;
  }

  sample(extra: { bridges: number; mixes: number }): MediaLoad {
    const now = performance.now();
    const seconds = Math.max(1e-3, (now - this.at) / 1000);
    let count = 0;
    let inTotal = this.closedIn;
    let outTotal = this.closedOut;
    let lost = 0;
    let expected = 0;
    for (const h of this.endpoints()) {
      count++;
      const s = h.ep.rtpStats();
      if (!s) continue;
      inTotal += s.packetsReceived;
      outTotal += s.packetsSent;
      lost += Math.max(0, s.lost);
      expected += s.expected;
    }
    const cpu = cpuMicros();
    const elu = performance.eventLoopUtilization(this.elu);
    const load: MediaLoad = {
      endpoints: count,
      bridges: extra.bridges,
      mixes: extra.mixes,
      packetsInPerSec: (inTotal - this.lastIn) / seconds,
      packetsOutPerSec: (outTotal - this.lastOut) / seconds,
      lossRatio: expected > 0 ? lost / expected : 0,
      cpu: (cpu - this.cpu) / 1e6 / seconds,
      elu: elu.utilization,
    };
    this.at = now;
    this.cpu = cpu;
    this.elu = performance.eventLoopUtilization();
    this.lastIn = inTotal;
    this.lastOut = outTotal;
    return load;
  }
}
