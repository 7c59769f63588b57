import { realScheduler } from '../../core/index.ts';
import { createTransports } from '../transport/index.ts';
import { UserAgent, type UserAgentOptions } from './user-agent.ts';

/** A user agent on real UDP+TCP sockets on 127.0.0.1 with a free port (tests only). */
export async function startUa(options: Partial<Omit<UserAgentOptions, 'transport' | 'scheduler' | 'host' | 'port'>> = {}) {
  const transport = await createTransports({ host: '127.0.0.1', port: 0 });
  const ua = new UserAgent({ transport, scheduler: realScheduler(), host: '127.0.0.1', port: transport.local.port, ...options });
  return { ua, port: transport.local.port, close: () => ua.close() };
}

export const SDP_A = Buffer.from('v=0\r\no=a 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n');
export const SDP_B = Buffer.from('v=0\r\no=b 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0\r\n');

export function once<T>(register: (resolve: (v: T) => void) => void, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    register((v) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}
