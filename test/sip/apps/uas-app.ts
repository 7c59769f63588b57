// A SIP test application on the Switchboard stack: answers INVITEs (or rings and waits, or
// rejects), hangs up when the caller does. Used in-process by the sipp tests and as a separate
// process by `npm run bench -- sip-cps`:
//   node --import tsx test/sip/apps/uas-app.ts --port 5090 [--mode answer|ring|reject-486]
import { parseArgs } from 'node:util';
import { realScheduler } from '../../../src/core/index.ts';
import { createTransports } from '../../../src/sip/transport/index.ts';
import { UserAgent } from '../../../src/sip/ua/index.ts';

export type UasMode = 'answer' | 'ring' | 'reject-486';

const SDP = (port: number) =>
  Buffer.from(`v=0\r\no=switchboard 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n`);

export async function startUasApp(options: { port: number; mode?: UasMode; host?: string }) {
  const host = options.host ?? '127.0.0.1';
  const transport = await createTransports({ host, port: options.port, socketBufferBytes: 4 * 1024 * 1024 });
  const stats = { invites: 0, answered: 0, confirmed: 0, ended: 0, cancelled: 0 };
  let media = 20000;
  const ua = new UserAgent({
    transport,
    scheduler: realScheduler(),
    host,
    port: transport.local.port,
    rateLimit: false,
    onInvite: (call) => {
      stats.invites++;
      call.on('confirmed', () => stats.confirmed++);
      call.on('cancelled', () => stats.cancelled++);
      call.on('ended', () => stats.ended++);
      if (options.mode === 'reject-486') return call.reject(486, 'Busy Here');
      call.ring();
      if (options.mode === 'ring') return;
      media = media >= 29998 ? 20000 : media + 2;
      call.answer(SDP(media));
      stats.answered++;
    },
  });
  return { ua, port: transport.local.port, stats, close: () => ua.close() };
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/test\//, '/test/'));
if (isMain) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '5090' }, mode: { type: 'string', default: 'answer' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write('Usage: uas-app.ts --port N [--mode answer|ring|reject-486]\n');
    process.exit(0);
  }
  const app = await startUasApp({ port: Number(values.port), mode: values.mode as UasMode });
  process.stdout.write(`uas-app listening on 127.0.0.1:${app.port} (${values.mode})\n`);
  const stop = () => void app.close().then(() => {
    process.stdout.write(`${JSON.stringify(app.stats)}\n`);
    process.exit(0);
  });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
