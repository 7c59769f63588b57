// Load generator for `npm run bench -- media`, in its own process: one UDP socket per call on
// 127.0.0.1, each sending 20 ms G.711 µ-law RTP packets (50 per second, its own SSRC, sequence
// and timestamp) to the port it is aimed at, and counting what comes back. The payload carries a
// per-socket packet index and the send time, so a packet that returns is matched to the one sent:
// loss is exact (not a difference of counters) and the round trip is measured. Sends are spread
// over the 20 ms in 2 ms slots so no socket on the path sees one burst of every call at once.
import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { serveIpc, type GeneratorReplies, type GeneratorRequest, type WindowStats } from './protocol.ts';

const PTIME_MS = 20;
const SLOT_MS = 2;
const SLOTS = PTIME_MS / SLOT_MS;
const HEADER = 12;
const PAYLOAD = 160;
/** At most this many slots are caught up after a late timer; older ones are skipped (and counted). */
const MAX_CATCH_UP = 25;
/**
 * Packet buffers per socket, used in turn. dgram sends to an address a tick later (after its
 * lookup step), so a buffer must not be rewritten for the next packet of a catch-up burst.
 */
const RING = 16;

interface Leg {
  socket: Socket;
  port: number;
  target: number | null;
  ring: Buffer[];
  seq: number;
  timestamp: number;
  next: number;
  // window
  i0: number;
  i1: number;
  returned: number;
  lastArrival: number;
}

/** Counts values into fixed-width buckets; percentiles from the bucket edges. */
class Histogram {
  private readonly counts: Uint32Array;
  count = 0;
  max = 0;
  constructor(private readonly width: number, buckets: number) {
    this.counts = new Uint32Array(buckets + 1);
  }
  add(v: number): void {
    this.counts[Math.min(this.counts.length - 1, Math.max(0, Math.floor(v / this.width)))]!++;
    this.count++;
    if (v > this.max) this.max = v;
  }
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return (i + 1) * this.width;
    }
    return this.max;
  }
}

const legs: Leg[] = [];
let windowOpen = false;
let windowStart = 0;
let arrived = 0;
let gaps = new Histogram(0.1, 50_000);
let rtts = new Histogram(0.05, 100_000);
let skippedSlots = 0;

function makeLeg(socket: Socket, port: number): Leg {
  const ssrc = (Math.random() * 2 ** 32) >>> 0;
  const ring = Array.from({ length: RING }, () => {
    const packet = Buffer.alloc(HEADER + PAYLOAD, 0xff);
    packet[0] = 0x80; // V=2
    packet[1] = 0; // PT 0 (PCMU)
    packet.writeUInt32BE(ssrc, 8);
    return packet;
  });
  const seq = (Math.random() * 65536) >>> 0;
  const timestamp = (Math.random() * 2 ** 32) >>> 0;
  const leg: Leg = { socket, port, target: null, ring, seq, timestamp, next: 0, i0: 0, i1: 0, returned: 0, lastArrival: 0 };
  socket.on('message', (msg) => receive(leg, msg));
  return leg;
}

function receive(leg: Leg, msg: Buffer): void {
  if (msg.length !== HEADER + PAYLOAD || (msg[1]! & 0x7f) !== 0) return; // RTCP and anything else
  const now = performance.now();
  const index = msg.readUInt32BE(HEADER);
  if (index >= leg.i0 && index < leg.i1) {
    leg.returned++;
    rtts.add(now - msg.readDoubleBE(HEADER + 4));
  }
  if (!windowOpen) return;
  arrived++;
  if (leg.lastArrival > 0) gaps.add(now - leg.lastArrival);
  leg.lastArrival = now;
}

function send(leg: Leg): void {
  if (leg.target === null) return;
  const p = leg.ring[leg.next % RING]!;
  leg.seq = (leg.seq + 1) & 0xffff;
  leg.timestamp = (leg.timestamp + PAYLOAD) >>> 0;
  p.writeUInt16BE(leg.seq, 2);
  p.writeUInt32BE(leg.timestamp, 4);
  p.writeUInt32BE(leg.next++, HEADER);
  p.writeDoubleBE(performance.now(), HEADER + 4);
  leg.socket.send(p, leg.target, '127.0.0.1');
}

// The clock: slot n is due at origin + n × SLOT_MS; slot n sends for the legs with index ≡ n (mod SLOTS).
const origin = performance.now();
let slotsDone = 0;
setInterval(() => {
  const due = Math.floor((performance.now() - origin) / SLOT_MS);
  if (due - slotsDone > MAX_CATCH_UP) {
    skippedSlots += due - slotsDone - MAX_CATCH_UP;
    slotsDone = due - MAX_CATCH_UP;
  }
  for (; slotsDone <= due; slotsDone++) {
    for (let i = slotsDone % SLOTS; i < legs.length; i += SLOTS) send(legs[i]!);
  }
}, SLOT_MS);

function bind(): Promise<Leg> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve(makeLeg(socket, socket.address().port)));
  });
}

async function endWindow(graceMs: number): Promise<WindowStats> {
  const seconds = (performance.now() - windowStart) / 1000;
  windowOpen = false;
  let sent = 0;
  for (const leg of legs) {
    leg.i1 = leg.target === null ? leg.i0 : leg.next;
    sent += leg.i1 - leg.i0;
  }
  await new Promise((r) => setTimeout(r, graceMs));
  const returned = legs.reduce((a, l) => a + l.returned, 0);
  return {
    seconds, sending: legs.filter((l) => l.target !== null).length, receiving: legs.filter((l) => l.lastArrival > 0).length,
    sent, returned, arrived,
    gapP50: gaps.percentile(50), gapP99: gaps.percentile(99), gapMax: gaps.max,
    rttP50: rtts.percentile(50), rttP99: rtts.percentile(99), rttMax: rtts.max,
    skippedSlots,
  };
}

async function handle(r: GeneratorRequest): Promise<GeneratorReplies[GeneratorRequest['op']]> {
  switch (r.op) {
    case 'open': {
      const opened = await Promise.all(Array.from({ length: r.count }, bind));
      legs.push(...opened);
      return { ports: opened.map((l) => l.port) };
    }
    case 'aim':
      legs.forEach((l, i) => (l.target = r.targets[i] ?? null));
      return { sending: legs.filter((l) => l.target !== null).length };
    case 'window-start':
      for (const l of legs) {
        l.i0 = l.next;
        l.i1 = l.target === null ? l.next : Number.MAX_SAFE_INTEGER;
        l.returned = 0;
        l.lastArrival = 0;
      }
      arrived = 0;
      gaps = new Histogram(0.1, 50_000);
      rtts = new Histogram(0.05, 100_000);
      skippedSlots = 0;
      windowStart = performance.now();
      windowOpen = true;
      return { at: Date.now() };
    case 'window-end':
      return endWindow(r.graceMs);
    case 'close-all': {
      const closed = legs.splice(0);
      for (const l of closed) l.socket.close();
      return { closed: closed.length };
    }
  }
}

serveIpc<GeneratorRequest>(handle);
