// The media host `npm run bench -- media` measures, in its own process: a MediaPool with one
// worker thread (what production runs), driven over IPC through the MediaControl commands. Far
// ends are set without SIP: `answer(endpoint, offer)` with an SDP offer naming the far end's port.
// Usage: node --import tsx bench/media/host-child.ts PORT_MIN PORT_MAX RECORDINGS_DIR
import { createServer } from 'node:http';
import { MediaPool } from '../../src/media/pool/index.ts';
import { tone } from '../../src/media/player/index.ts';
import { encodeWav } from '../../src/media/recorder/index.ts';
import { serveIpc, type HostReplies, type HostRequest, type LoadSample } from './protocol.ts';

const [portMin = '22000', portMax = '30999', recordingsDir = '/tmp/switchboard-bench-media'] = process.argv.slice(2);
const CONCURRENCY = 32;

/** An SDP offer from a far end at 127.0.0.1:port: PCMU, telephone-event, 20 ms. */
function offerFrom(port: number): string {
  return [
    'v=0', `o=- ${port} 1 IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=ptime:20', 'a=sendrecv', '',
  ].join('\r\n');
}

/** Runs `fn` over `items`, at most CONCURRENCY at a time, results in order. */
async function each<T, U>(items: readonly T[], fn: (item: T, i: number) => Promise<U>): Promise<U[]> {
  const out: U[] = new Array<U>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, lane));
  return out;
}

const log = (level: string) => (fields: Record<string, unknown>, message: string) => process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
const pool = await MediaPool.start({
  workers: 1, portMin: Number(portMin), portMax: Number(portMax), host: '127.0.0.1', recordingsDir, tts: 'espeak-ng', loadIntervalMs: 1000,
  logger: { info: log('info'), warn: log('warn'), error: log('error') },
});
const loads: LoadSample[] = [];
pool.on('load', ({ load }) => loads.push({ at: Date.now(), ...load }));

// The prompt: a 3 s WAV (440 Hz) fetched once by the worker's AudioFetcher and looped.
const wav = encodeWav({ sampleRate: 8000, channels: 1 }, tone(440, 3000));
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'audio/wav', 'cache-control': 'max-age=3600' }).end(wav));
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const address = server.address();
const promptUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/prompt.wav`;

const endpoints: string[] = [];
let callNo = 0;

async function handle(r: HostRequest): Promise<HostReplies[HostRequest['op']]> {
  switch (r.op) {
    case 'add-bridged': {
      const aPorts = await each(r.genPorts, async (genPort) => {
        const callSid = `CAbench${callNo++}`;
        const a = await pool.createEndpoint({ callSid });
        const b = await pool.createEndpoint({ callSid, near: a.id });
        endpoints.push(a.id, b.id);
        await pool.answer(a.id, offerFrom(genPort));
        await pool.answer(b.id, offerFrom(r.echoPort));
        await pool.bridge(a.id, b.id);
        return a.port;
      });
      return { aPorts };
    }
    case 'add-prompts': {
      await each(r.genPorts, async (genPort) => {
        const a = await pool.createEndpoint({ callSid: `CAbench${callNo++}` });
        endpoints.push(a.id);
        await pool.answer(a.id, offerFrom(genPort));
        pool.play(a.id, [{ kind: 'url', url: promptUrl, loop: 0 }]).catch((e: unknown) => log('error')({ err: String(e) }, 'play failed'));
      });
      return { count: r.genPorts.length };
    }
    case 'clear': {
      const ids = endpoints.splice(0);
      await each(ids, (id) => pool.destroy(id));
      return { destroyed: ids.length };
    }
    case 'info': {
      const w = pool.workers()[0];
      return { pid: process.pid, tid: w?.tid, endpoints: w?.endpoints ?? 0 };
    }
    case 'loads':
      return loads.filter((l) => l.at > r.from && l.at <= r.to);
  }
}

process.on('SIGTERM', () => void pool.close().finally(() => process.exit(0)));
serveIpc<HostRequest>(handle);
