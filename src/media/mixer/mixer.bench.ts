// Micro-benchmark (not a test): `npx tsx src/media/mixer/mixer.bench.ts`.
// Mixer ticks per second on one core, every participant pushing a 20 ms frame each tick and all
// unmuted (the worst case: everyone in the sum, everyone sent their own mix); sinks do nothing
// (the G.711 encode and RTP send per participant are not included). A conference needs 50 ticks/s.
import { sine } from './mixer.fixture.ts';
import { Mixer } from './mixer.ts';
import type { LimiterMode } from './limiter.ts';

function bench(participants: number, limiter: LimiterMode, muted: number): void {
  const mixer = new Mixer({ limiter });
  const ids = Array.from({ length: participants }, (_, i) => `p${i}`);
  const frames = ids.map((_, i) => sine(200 + 37 * i, 160, 3000));
  ids.forEach((id, i) => mixer.add(id, () => {}, { muted: i < muted }));
  const run = (ticks: number) => {
    for (let t = 0; t < ticks; t++) {
      for (let i = 0; i < participants; i++) mixer.push(ids[i]!, frames[i]!);
      mixer.tick();
    }
  };
  run(2000);
  const ticks = Math.round(4_000_000 / participants);
  const t0 = process.hrtime.bigint();
  run(ticks);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const tps = ticks / s;
  const label = `${participants} participants, ${limiter}${muted ? `, ${muted} muted` : ''}`;
  process.stdout.write(
    `${label.padEnd(34)} ${Math.round(tps).toLocaleString('en').padStart(9)} ticks/s  ${(1e6 / tps).toFixed(1).padStart(6)} µs/tick  ` +
      `(${Math.floor(tps / 50).toLocaleString('en')} such conferences in real time, ${Math.floor((tps * participants) / 50).toLocaleString('en')} legs)\n`,
  );
}

for (const n of [3, 10, 50]) bench(n, 'hard', 0);
for (const n of [3, 10, 50]) bench(n, 'soft', 0);
bench(50, 'hard', 45);
