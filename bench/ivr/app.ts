// The IVR app of `npm run bench -- ivr`: a bare node:http server on loopback, in the bench process
// (it answers one small request per call, far less work than the calls cost the server). Every
// request gets the same document: a prompt inside a Gather that times out, then Hangup.
import { createServer, type Server } from 'node:http';

export const PROMPT = 'Thank you for calling. Please press one.';
export const GATHER_TIMEOUT_SECONDS = 3;
export const TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response>' +
  `<Gather timeout="${GATHER_TIMEOUT_SECONDS}" numDigits="1"><Say>${PROMPT}</Say></Gather><Hangup/></Response>`;

export interface IvrApp {
  /** http://127.0.0.1:PORT/voice */
  voiceUrl: string;
  /** Requests per method and path ("POST /voice"), and how many carried no CallSid. */
  hits(): { total: number; byRoute: Record<string, number>; withoutCallSid: number };
  close(): Promise<void>;
}

export async function startApp(): Promise<IvrApp> {
  const byRoute: Record<string, number> = {};
  let total = 0;
  let withoutCallSid = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      total++;
      const route = `${req.method ?? '?'} ${(req.url ?? '').split('?')[0]}`;
      byRoute[route] = (byRoute[route] ?? 0) + 1;
      const params = new URLSearchParams(req.method === 'GET' ? (req.url ?? '').split('?')[1] ?? '' : body);
      if (!params.get('CallSid')) withoutCallSid++;
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(TWIML);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    voiceUrl: `http://127.0.0.1:${port}/voice`,
    hits: () => ({ total, byRoute: { ...byRoute }, withoutCallSid }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
