// The worker side of the protocol: takes requests off a port, runs them on a MediaHost, answers
// each one, and posts the host's events and a load sample every `loadIntervalMs`. Kept apart from
// the thread bootstrap (worker.ts) so a test can drive it over a MessageChannel.

import { MediaCommandError, type MediaHost } from '../host/index.ts';
import { isWorkerRequest, serializeError, type CommandRequest, type CommandValue, type WorkerMessage } from './messages.ts';
import type { MediaCommand } from '../host/index.ts';

export interface ServePort {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  postMessage(message: WorkerMessage): void;
}

export interface ServeOptions {
  loadIntervalMs: number;
  /** Ends the thread (`process.exit` in a worker): used by `__crash`. */
  exit(code: number): void;
}

/** Runs one command on the host. */
function dispatch(host: MediaHost, r: CommandRequest): Promise<CommandValue<MediaCommand>> {
  switch (r.method) {
    case 'createEndpoint': return host.createEndpoint(...r.args);
    case 'answer': return host.answer(...r.args);
    case 'offer': return host.offer(...r.args);
    case 'accept': return host.accept(...r.args);
    case 'play': return host.play(...r.args);
    case 'stopPlay': return host.stopPlay(...r.args);
    case 'record': return host.record(...r.args);
    case 'stopRecord': return host.stopRecord(...r.args);
    case 'sendDigits': return host.sendDigits(...r.args);
    case 'listen': return host.listen(...r.args);
    case 'stopListen': return host.stopListen(...r.args);
    case 'bridge': return host.bridge(...r.args);
    case 'unbridge': return host.unbridge(...r.args);
    case 'joinMix': return host.joinMix(...r.args);
    case 'leaveMix': return host.leaveMix(...r.args);
    case 'destroy': return host.destroy(...r.args);
  }
}

/** Errors the caller should act on become MediaCommandErrors before they cross (port exhaustion → 503). */
function normalize(e: unknown): unknown {
  if (e instanceof Error && e.name === 'RtpPortsExhaustedError') return new MediaCommandError('ports-exhausted', e.message);
  return e;
}

/** Serves `host` on `port` until `__shutdown`; returns a function that stops the load reports. */
export function serveHost(port: ServePort, host: MediaHost, o: ServeOptions): () => void {
  const offEvents = host.onEvent((event) => port.postMessage({ event }));
  const timer = setInterval(() => port.postMessage({ load: host.sampleLoad() }), o.loadIntervalMs);
  const stop = () => {
    clearInterval(timer);
    offEvents();
  };
  port.on('message', (m) => {
    if (!isWorkerRequest(m)) return;
    if (m.method === '__crash') return o.exit(1);
    if (m.method === '__throw') {
      setImmediate(() => {
        throw new Error('media worker crash requested (__throw)');
      });
      return;
    }
    const work = m.method === '__shutdown' ? (stop(), host.close()) : dispatch(host, m);
    work.then(
      (value) => port.postMessage({ id: m.id, ok: true, value }),
      (e: unknown) => port.postMessage({ id: m.id, ok: false, error: serializeError(normalize(e)) }),
    );
  });
  return stop;
}
