// The call role of a node: media (a worker pool, or a host in this thread), admission, the
// dialer, recordings, status-callback delivery and the call router, wired to the SIP edge's user
// agent. Only this file picks those implementations.

import { join } from 'node:path';
import {
  CallbackQueue, CallRouter, Dialer, RecordingsService, fetchTwiml, type InboundSource,
} from '../call/index.ts';
import { Admission } from '../cluster/index.ts';
import type { Config } from '../config/index.ts';
import { realScheduler, type Clock, type Logger } from '../core/index.ts';
import { AudioFetcher } from '../media/fetch/index.ts';
import { MediaHost, type MediaControl } from '../media/host/index.ts';
import { MediaPool } from '../media/pool/index.ts';
import type { Bus } from '../bus/index.ts';
import { LocalRecordingStorage } from '../media/recorder/index.ts';
import { RtpPortAllocator } from '../media/rtp/index.ts';
import { checkTtsAvailable, createTtsProvider, withTtsCache } from '../media/tts/index.ts';
import type { IncomingCall, UserAgent } from '../sip/index.ts';
import type { Store } from '../store/index.ts';

export interface CallService {
  router: CallRouter;
  media: MediaControl;
  /** Runs an INVITE the SIP edge admitted. */
  inbound(call: IncomingCall, source: InboundSource): void;
  close(): Promise<void>;
}

export interface CallServiceDeps {
  config: Config;
  store: Store;
  clock: Clock;
  logger: Logger;
  ua: UserAgent;
  /** Base URL of the REST API (RecordingUrl); a function, as the port may be known only later. */
  publicUrl: () => string;
  /** Address our SIP and SDP announce. */
  sipHost: string;
  /** Media workers' load reports go out on it (`sys.<region>.media.<worker>.load`). */
  bus: Bus;
}

/** Media in this thread (config media.workers = 0). */
function inThreadMedia(config: Config, sipHost: string): { media: MediaControl; close(): Promise<void> } {
  const fetcher = new AudioFetcher();
  const host = new MediaHost({
    host: sipHost,
    ports: new RtpPortAllocator({ min: config.rtp.portMin, max: config.rtp.portMax }),
    scheduler: realScheduler(),
    tts: withTtsCache(createTtsProvider(config.media.tts)),
    fetcher,
    storage: new LocalRecordingStorage(join(config.dataDir, 'recordings')),
  });
  return {
    media: host,
    async close() {
      await host.close();
      fetcher.close();
    },
  };
}

/** Media in worker threads (config media.workers ≥ 1), each reporting its load on the bus. */
async function pooledMedia(deps: CallServiceDeps): Promise<{ media: MediaControl; close(): Promise<void> }> {
  const { config } = deps;
  const logger = deps.logger.child({ role: 'media' });
  const pool = await MediaPool.start({
    workers: config.media.workers, portMin: config.rtp.portMin, portMax: config.rtp.portMax, host: deps.sipHost,
    recordingsDir: join(config.dataDir, 'recordings'), tts: config.media.tts, logger,
  });
  pool.on('load', ({ workerId, load }) => {
    deps.bus.publish(`sys.${config.region}.media.${workerId}.load`, load).catch((e: unknown) => logger.warn({ err: e }, 'could not publish media load'));
  });
  return { media: pool, close: () => pool.close() };
}

export async function startCallService(deps: CallServiceDeps): Promise<CallService> {
  const { config, store, clock, ua } = deps;
  const logger = deps.logger.child({ role: 'call-router' });
  const scheduler = realScheduler();
  // A missing TTS engine is a clear error at start (it names the package to install), not a silent <Say>.
  const tts = await checkTtsAvailable(createTtsProvider(config.media.tts));
  logger.info({ tts: tts.provider, version: tts.version, probeMs: Math.round(tts.latencyMs) }, 'text-to-speech ready');
  const mediaRole = config.media.workers > 0 ? await pooledMedia(deps) : inThreadMedia(config, deps.sipHost);
  const { media } = mediaRole;
  const callbacks = new CallbackQueue();
  callbacks.onFailure((f) => logger.warn({ key: f.key, url: f.request.url, code: f.result.code, deliveries: f.deliveries }, 'a status callback could not be delivered'));
  const sink = { send: (key: string, req: Parameters<CallbackQueue['enqueue']>[1]) => callbacks.enqueue(key, req) };
  const recordings = new RecordingsService({ store, clock, callbacks: sink, publicUrl: deps.publicUrl });
  let router: CallRouter | undefined;
  const dialer = new Dialer({
    ua, media, store, admission: new Admission(scheduler), trunks: config.trunks, scheduler, sipHost: deps.sipHost,
    accountLimits: { maxCps: config.calls.accountMaxCps, maxConcurrent: config.calls.accountMaxConcurrent },
    onEndpoint: (leg, ep) => router?.attachEndpoint(leg, ep),
  });
  router = new CallRouter({
    store, clock, logger, media, dialer, recordings, callbacks: sink,
    fetchTwiml: async (req) => {
      const r = await fetchTwiml(req);
      if (r.ok) return { ok: true, xml: r.xml, url: r.url };
      return {
        ok: false, code: r.code, message: r.message,
        request: { method: req.method, url: r.url, params: req.params },
        response: { ...(r.status !== undefined ? { status: r.status } : {}), ...(r.body !== undefined ? { body: r.body } : {}), ...(r.headers ? { headers: r.headers } : {}) },
      };
    },
  });
  const live = router;
  return {
    router: live,
    media,
    inbound(call, source) {
      live.inbound(call, source).catch((e: unknown) => {
        logger.error({ err: e, sipCallId: call.callId }, 'inbound call failed');
        if (!call.ended) call.reject(500, 'Server Internal Error');
      });
    },
    async close() {
      await live.close();
      await callbacks.drain();
      await mediaRole.close();
    },
  };
}
