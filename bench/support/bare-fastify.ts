// The reference server for `npm run bench -- api`: bare Fastify with Switchboard's two route
// shapes, answering constant JSON bodies of the sizes Switchboard sends. No auth, no store, no
// presenter: the ratio against it is what our layers cost.
//
//   node --import tsx bench/support/bare-fastify.ts --port N --get-bytes N --post-bytes N
import { parseArgs } from 'node:util';
import Fastify from 'fastify';

/** A JSON object of exactly `bytes` bytes: {"pad":"xxx…"}. */
function constantJson(bytes: number): string {
  const frame = '{"pad":""}';
  if (bytes < frame.length) throw new Error(`a constant JSON body needs at least ${frame.length} bytes (asked for ${bytes})`);
  return `{"pad":"${'x'.repeat(bytes - frame.length)}"}`;
}

function intArg(values: Record<string, string | undefined>, name: string): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number (got ${values[name]})`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'get-bytes': { type: 'string' }, 'post-bytes': { type: 'string' } },
    strict: true,
  });
  const port = intArg(values, 'port');
  const getBody = constantJson(intArg(values, 'get-bytes'));
  const postBody = constantJson(intArg(values, 'post-bytes'));

  const app = Fastify({ logger: false });
  // Same body handling as the real API: form bodies parsed into an object.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/2010-04-01/Accounts/:AccountSid/Calls/:Sid.json', (_req, reply) => {
    reply.type('application/json; charset=utf-8').send(getBody);
  });
  app.post('/2010-04-01/Accounts/:AccountSid/IncomingPhoneNumbers.json', (_req, reply) => {
    reply.code(201).type('application/json; charset=utf-8').send(postBody);
  });

  await app.listen({ host: '127.0.0.1', port });
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`bare-fastify: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
