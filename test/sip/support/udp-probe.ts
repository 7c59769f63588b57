// A tiny SIP-over-UDP sender for tests that talk to a server inside a network namespace (the
// test process is outside it, so this runs in it: `ip netns exec NS node --import tsx udp-probe.ts`).
// It knows nothing of src/: it sends raw bytes and reads status lines, so it observes the server
// as any peer would. Output: one JSON object per line on stdout.
//
//   udp-probe.ts torture --target 127.0.0.1:5060 [--window 500] [--settle 150] [--tail 300] FILE…
//     Each file is sent, in the order given, as ONE datagram from its own socket. File number i
//     (from 0) uses its own loopback source address 127.0.1.(i+1), so a reply can never be
//     mistaken for another file's. A second socket on that address listens on the port the top
//     Via's sent-by names (5060 when none): RFC 3261 §18.2.2 sends a UDP response to
//     received:<sent-by port>, and only rport (RFC 3581) sends it back to the source port.
//     Replies are collected until `window` ms after sending, or `settle` ms after the first final
//     response, whichever comes first. Both sockets stay open until the end of the run (plus
//     `tail` ms), so what arrives later is reported too (retransmitted final responses).
//     Lines, first one per file as it completes, then one per file at the end:
//       {"kind":"reply","file","source","listen","status","reason","replies":[{"status","reason","at"}],"noise"}
//       {"kind":"late","file","late":[{"status","reason","at"}],"noise"}
//     status/reason: the first reply in the window (null: silence); at: "source-port" |
//     "sent-by-port"; noise: datagrams that are not SIP responses.
//
//   udp-probe.ts options --target 127.0.0.1:5060 [--until 20000] [--every 250]
//     Sends a well-formed OPTIONS (Via 127.0.0.1 with rport, fresh branch each time) every
//     `every` ms until a response arrives or `until` ms pass. Line: {"status","reason","attempts"}
//     (status null when nothing answered). Exit code 0 on a 200, 1 otherwise.

import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

interface Reply {
  status: number;
  reason: string;
  at: 'source-port' | 'sent-by-port';
}

const STATUS_LINE = /^SIP\/2\.0 (\d{3}) ([^\r\n]*)\r?\n/;

function readStatus(buf: Buffer): { status: number; reason: string } | undefined {
  const m = STATUS_LINE.exec(buf.subarray(0, 512).toString('latin1'));
  return m ? { status: Number(m[1]), reason: Buffer.from(m[2] ?? '', 'latin1').toString('utf8') } : undefined;
}

/** The port in the top Via's sent-by (header section only, folded lines joined), or undefined. */
function sentByPort(data: Buffer): number | undefined {
  const text = data.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  for (const line of head.split(/\r?\n/).slice(1)) {
    const m = /^(?:via|v)[ \t]*:[ \t]*SIP[ \t]*\/[ \t]*[^/]+\/[ \t]*[A-Za-z-]+[ \t]+(\[[^\]]+\]|[^\s;:,]+)[ \t]*(?::[ \t]*(\d+))?/i.exec(line);
    if (m) return m[2] === undefined ? undefined : Number(m[2]);
  }
  return undefined;
}

function bind(address: string, port: number): Promise<Socket> {
  const s = createSocket('udp4');
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.bind({ address, port, exclusive: true }, () => {
      s.off('error', reject);
      s.on('error', () => undefined); // ICMP errors on an unconnected socket are not ours to report
      resolve(s);
    });
  });
}

function close(s: Socket): Promise<void> {
  return new Promise((resolve) => s.close(() => resolve()));
}

function target(spec: string): { host: string; port: number } {
  const i = spec.lastIndexOf(':');
  return { host: spec.slice(0, i), port: Number(spec.slice(i + 1)) };
}

interface Probe {
  file: string;
  source: string;
  listen: string;
  replies: Reply[];
  late: Reply[];
  noise: number;
  open: boolean;
  sockets: Socket[];
}

/** Sends one file and collects its replies; its sockets stay open (for late replies) until the run ends. */
async function probeFile(file: string, index: number, to: { host: string; port: number }, windowMs: number, settleMs: number): Promise<Probe> {
  const data = readFileSync(file);
  const address = `127.0.1.${index + 1}`;
  const listenPort = sentByPort(data) ?? 5060;
  const listener = await bind(address, listenPort);
  const sender = await bind(address, 0);
  const p: Probe = {
    file: basename(file, '.sip'),
    source: `${address}:${sender.address().port}`,
    listen: `${address}:${listenPort}`,
    replies: [],
    late: [],
    noise: 0,
    open: true,
    sockets: [sender, listener],
  };
  const started = Date.now();
  await new Promise<void>((resolve) => {
    let deadline = setTimeout(resolve, windowMs);
    const onReply = (at: Reply['at']) => (buf: Buffer) => {
      const r = readStatus(buf);
      if (!r) return void p.noise++;
      if (!p.open) return void p.late.push({ ...r, at });
      p.replies.push({ ...r, at });
      if (r.status >= 200 && p.replies.filter((x) => x.status >= 200).length === 1) {
        const left = windowMs - (Date.now() - started);
        if (left > settleMs) {
          clearTimeout(deadline);
          deadline = setTimeout(resolve, settleMs);
        }
      }
    };
    sender.on('message', onReply('source-port'));
    listener.on('message', onReply('sent-by-port'));
    sender.send(data, to.port, to.host);
  });
  p.open = false;
  return p;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function optionsRequest(port: number, to: { host: string; port: number }): Buffer {
  const id = randomBytes(8).toString('hex');
  return Buffer.from(
    [
      `OPTIONS sip:${to.host}:${to.port} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${port};rport;branch=z9hG4bK${id}`,
      'Max-Forwards: 70',
      `From: <sip:probe@127.0.0.1:${port}>;tag=${id.slice(0, 8)}`,
      `To: <sip:${to.host}:${to.port}>`,
      `Call-ID: probe-${id}@127.0.0.1`,
      'CSeq: 1 OPTIONS',
      'Accept: application/sdp',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
}

async function options(to: { host: string; port: number }, untilMs: number, everyMs: number): Promise<number> {
  const s = await bind('127.0.0.1', 0);
  const port = s.address().port;
  let attempts = 0;
  const answer = await new Promise<{ status: number; reason: string } | undefined>((resolve) => {
    const stop = setTimeout(() => resolve(undefined), untilMs);
    const send = () => {
      attempts++;
      s.send(optionsRequest(port, to), to.port, to.host);
    };
    const timer = setInterval(send, everyMs);
    s.on('message', (buf) => {
      const r = readStatus(buf);
      if (!r || r.status < 200) return;
      clearInterval(timer);
      clearTimeout(stop);
      resolve(r);
    });
    send();
  });
  await close(s);
  process.stdout.write(`${JSON.stringify({ status: answer?.status ?? null, reason: answer?.reason ?? null, attempts })}\n`);
  return answer?.status === 200 ? 0 : 1;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      target: { type: 'string', default: '127.0.0.1:5060' },
      window: { type: 'string', default: '500' },
      settle: { type: 'string', default: '150' },
      until: { type: 'string', default: '20000' },
      every: { type: 'string', default: '250' },
      tail: { type: 'string', default: '300' },
    },
  });
  const [mode, ...files] = positionals;
  const to = target(values.target);
  if (mode === 'options') return options(to, Number(values.until), Number(values.every));
  if (mode !== 'torture' || files.length === 0) {
    process.stderr.write('usage: udp-probe.ts torture [--target H:P] [--window MS] [--settle MS] FILE… | options [--target H:P] [--until MS]\n');
    return 2;
  }
  if (files.length > 254) throw new RangeError('at most 254 files (one source address each)');
  const probes: Probe[] = [];
  for (const [i, file] of files.entries()) {
    const p = await probeFile(file, i, to, Number(values.window), Number(values.settle));
    probes.push(p);
    const first = p.replies[0];
    const line = { kind: 'reply', file: p.file, source: p.source, listen: p.listen, status: first?.status ?? null, reason: first?.reason ?? null, replies: p.replies, noise: p.noise };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  await sleep(Number(values.tail));
  for (const p of probes) {
    process.stdout.write(`${JSON.stringify({ kind: 'late', file: p.file, late: p.late, noise: p.noise })}\n`);
    await Promise.all(p.sockets.map(close));
  }
  return 0;
}

process.exitCode = await main();
