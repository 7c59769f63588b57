// Micro-benchmark (not a test): `npx tsx src/media/rtp/packet.bench.ts`.
// Parse + serialize of a 172-byte PCMU packet, and a full RtpSession receive + send round.
import { parseRtp, serializeRtp } from './packet.ts';
import { RtpSession } from './session.ts';

function rate(label: string, n: number, unit: string, fn: (i: number) => void): void {
  for (let i = 0; i < Math.min(n, 200_000); i++) fn(i); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(`${label.padEnd(40)} ${(n / s / 1e6).toFixed(2)} M${unit}/s\n`);
}

const N = 3_000_000;
const payload = new Uint8Array(160).fill(0xff);
const datagram = serializeRtp({ payloadType: 0, sequenceNumber: 1, timestamp: 160, ssrc: 0x1234, payload });
const out = Buffer.alloc(1500);
let sink = 0;

rate('parseRtp', N, 'packets', () => {
  const r = parseRtp(datagram);
  if (r.ok) sink += r.packet.sequenceNumber;
});
rate('serializeRtp (new Buffer)', N, 'packets', (i) => {
  sink += serializeRtp({ payloadType: 0, sequenceNumber: i, timestamp: i * 160, ssrc: 0x1234, payload }).length;
});
rate('serializeRtp (caller buffer)', N, 'packets', (i) => {
  sink += serializeRtp({ payloadType: 0, sequenceNumber: i, timestamp: i * 160, ssrc: 0x1234, payload }, out).length;
});
rate('parse + serialize (new Buffer)', N, 'packets', () => {
  const r = parseRtp(datagram);
  if (r.ok) sink += serializeRtp(r.packet).length;
});

const remote = { address: '10.0.0.2', port: 6000 };
const session = new RtpSession(
  { localPort: 4000, cname: 'bench', now: 0, remote, inactivityMs: 0, rtcpIntervalMs: 0 },
  { sendRtp: (d) => (sink += d.length), sendRtcp: () => {}, onPacket: (p) => (sink += p.payload.length) },
);
const datagrams = Array.from({ length: 65536 }, (_, seq) => serializeRtp({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, ssrc: 0x99, payload }));
rate('RtpSession receive + sendRtp', N, 'rounds', (i) => {
  session.receive(datagrams[i & 0xffff]!, remote, i * 20);
  session.sendRtp(payload, i * 20, { samples: 160 });
});
if (sink === 42) process.stdout.write('\n');
