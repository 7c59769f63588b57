// The RTP sink of `npm run bench -- ivr`, in its own process (so its CPU is apart from the bench
// process and the server's): one UDP socket per call on 127.0.0.1, whose port the sipp caller puts
// in its SDP offer. Switchboard sends the call's first RTP packets here (until sipp's own audio
// moves its symmetric-RTP latch to sipp), and the sink notes when the first one arrived.
//
//   node --import tsx bench/ivr/sink-child.ts      (started by sink.ts with an IPC channel)
//
// Requests `{ id, op, … }` are answered `{ id, ok: true, value }` or `{ id, ok: false, error }`:
//   open { count }  → { ports }      opens `count` sockets on ephemeral ports
//   collect         → SinkReport     first arrival per port, and the event-loop delay since the last collect
//   close           → { closed }     closes every socket
import { createSocket, type Socket } from 'node:dgram';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SinkReport, SinkRequest } from './sink.ts';

interface Port {
  socket: Socket;
  port: number;
  /** Wall-clock ms (µs resolution) of the first RTP packet, its payload type, RTP packets seen. */
  first: number | undefined;
  pt: number;
  packets: number;
}

const open = new Map<number, Port>();
/** The delay histogram samples every RESOLUTION_MS; a sample is the whole interval, so lateness = sample − RESOLUTION_MS. */
const RESOLUTION_MS = 2;
let delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
delay.enable();
let ignored = 0;

/** Wall-clock time in ms with sub-ms resolution (gettimeofday-comparable: both are CLOCK_REALTIME at origin). */
const now = () => performance.timeOrigin + performance.now();

function openOne(): Promise<Port> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const entry: Port = { socket, port: 0, first: undefined, pt: -1, packets: 0 };
    socket.on('message', (msg) => {
      const t = now();
      // RTP version 2 with an audio payload type (PCMU 0, PCMA 8). RTCP (PT byte 200-204) meant
      // for a neighbouring port's call, and anything else, is ignored.
      const pt = (msg[1] ?? 0) & 0x7f;
      if (msg.length < 12 || (msg[0] ?? 0) >> 6 !== 2 || (pt !== 0 && pt !== 8)) {
        ignored++;
        return;
      }
      if (entry.first === undefined) {
        entry.first = t;
        entry.pt = pt;
      }
      entry.packets++;
    });
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      entry.port = socket.address().port;
      resolve(entry);
    });
  });
}

async function handle(req: SinkRequest): Promise<unknown> {
  switch (req.op) {
    case 'open': {
      const opened: Port[] = [];
      for (let i = 0; i < req.count; i++) opened.push(await openOne());
      for (const p of opened) open.set(p.port, p);
      return { ports: opened.map((p) => p.port) };
    }
    case 'collect': {
      const ms = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - RESOLUTION_MS) : 0);
      const report: SinkReport = {
        first: [...open.values()].filter((p) => p.first !== undefined).map((p) => [p.port, p.first!, p.pt, p.packets]),
        packets: [...open.values()].reduce((a, p) => a + p.packets, 0),
        ignored,
        lagP50: ms(delay.percentile(50)),
        lagP99: ms(delay.percentile(99)),
        lagMax: ms(delay.max),
      };
      delay.disable();
      delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      delay.enable();
      ignored = 0;
      return report;
    }
    case 'close': {
      const closed = open.size;
      await Promise.all([...open.values()].map((p) => new Promise<void>((r) => p.socket.close(() => r()))));
      open.clear();
      return { closed };
    }
  }
}

process.on('message', (raw: unknown) => {
  const req = raw as SinkRequest & { id: number };
  handle(req).then(
    (value) => process.send?.({ id: req.id, ok: true, value }),
    (e: unknown) => process.send?.({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ id: 0, ok: true, value: { ready: true } });
