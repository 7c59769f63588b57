// Child process for local-storage.test.ts: records sampleAt(i) into <dir>/REcrash.wav as fast as
// 4 packets per 5 ms (8× real time) and reports each header flush on stdout ("flushed <frames>").
// Mode 'kill': the parent SIGKILLs it. Mode 'term': on SIGTERM it runs finalizeAllOnExit and
// reports "finalized <frames>". It exits by itself after 20 s so a broken test leaves nothing.
//   node --import tsx crash-child.fixture.ts <dir> kill|term

import { subscribe } from 'node:diagnostics_channel';
import { LocalRecordingStorage, RECORDING_FLUSH_CHANNEL, type RecordingFlushMessage } from './local-storage.ts';
import { sampleAt } from './signal.fixture.ts';
import { finalizeAllOnExit } from './storage.ts';

const [dir, mode] = process.argv.slice(2);
if (!dir || (mode !== 'kill' && mode !== 'term')) throw new Error('usage: crash-child.fixture.ts <dir> kill|term');

const storage = new LocalRecordingStorage(dir, { flushEveryMs: 250 });
subscribe(RECORDING_FLUSH_CHANNEL, (m) => {
  process.stdout.write(`flushed ${(m as RecordingFlushMessage).frames}\n`);
});
const writer = await storage.create('REcrash', { sampleRate: 8000, channels: 1, encoding: 'pcm16' });
let next = 0;
const timer = setInterval(() => {
  for (let p = 0; p < 4; p++) {
    const packet = new Int16Array(160);
    for (let i = 0; i < packet.length; i++) packet[i] = sampleAt(next++);
    writer.write(packet);
  }
}, 5);
if (mode === 'term') {
  process.once('SIGTERM', () => {
    clearInterval(timer);
    void finalizeAllOnExit([storage]).then((report) => {
      process.stdout.write(`finalized ${report.finalized[0]?.frames ?? -1}\n`, () => process.exit(0));
    });
  });
}
setTimeout(() => process.exit(3), 20_000).unref();
process.stdout.write('ready\n');
