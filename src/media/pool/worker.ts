// A media worker thread: builds its own MediaHost over its slice of the RTP port range (real
// timers, TTS with a cache, an AudioFetcher, recordings on local disk) and serves the pool's
// commands (serve.ts). Started through worker-entry.mjs, which loads TypeScript in the thread.

import { readFileSync } from 'node:fs';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { realScheduler } from '../../core/index.ts';
import { PocketsphinxRecognizer } from '../asr/index.ts';
import { AudioFetcher } from '../fetch/index.ts';
import { MediaHost } from '../host/index.ts';
import { LocalRecordingStorage } from '../recorder/index.ts';
import { RtpPortAllocator } from '../rtp/index.ts';
import { createTtsProvider, withTtsCache } from '../tts/index.ts';
import type { WorkerConfig } from './messages.ts';
import { serveHost } from './serve.ts';

/** This thread's OS id (Linux), so a benchmark can read its CPU from /proc/PID/task/TID/stat. */
function osThreadId(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/stat', 'latin1').split(' ', 1)[0]) || undefined;
  } catch {
    return undefined;
  }
}

function buildHost(c: WorkerConfig): MediaHost {
  return new MediaHost({
    host: c.host,
    ports: new RtpPortAllocator({ min: c.slice.min, max: c.slice.max }),
    scheduler: realScheduler(),
    tts: withTtsCache(createTtsProvider(c.tts)),
    fetcher: new AudioFetcher(),
    storage: new LocalRecordingStorage(c.recordingsDir),
    idPrefix: `w${c.workerId}`,
    recognizer: new PocketsphinxRecognizer(),
    ...(c.inactivitySec !== undefined ? { inactivitySec: c.inactivitySec } : {}),
  });
}

const port = parentPort;
if (!port) throw new Error('src/media/pool/worker.ts runs inside a worker thread (start it with MediaPool)');
const config = workerData as WorkerConfig;
serveHost(port, buildHost(config), { loadIntervalMs: config.loadIntervalMs, exit: (code) => process.exit(code) });
port.postMessage({ ready: { threadId, tid: osThreadId() } });
