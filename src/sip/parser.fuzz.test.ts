// Mutation fuzzing of the datagram and stream parsers over the RFC 4475 corpus.
// Seeded (mulberry32), so every run sees the same 100,000 inputs. Every outcome
// must be a message or a SipParseError; accepted messages must round-trip and
// answer every typed accessor; no single input may take long (no hang).

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { seededRandom } from '../core/random.ts';
import {
  SipParseError,
  SipStreamParser,
  buildErrorResponse,
  classifyRequest,
  getCSeq,
  getCallId,
  getContacts,
  getFrom,
  getMaxForwards,
  getRequestUri,
  getTo,
  getVias,
  parseDatagram,
  serializeMessage,
} from './index.ts';
import type { ParseResult, SipMessage } from './index.ts';
import { loadTorture, semantic, tortureNames } from './torture.fixture.ts';

const SEED = 0x4475;
const ITERATIONS = 100_000;
/** Far above the ~0.1 ms an input takes; a superlinear path would blow it. */
const MAX_MS_PER_INPUT = 250;

type Rng = () => number;


const INTERESTING = [0x0d, 0x0a, 0x20, 0x09, 0x3a, 0x3b, 0x2c, 0x22, 0x3c, 0x3e, 0x25, 0x00, 0xff, 0x40, 0x3d, 0x5c, 0x5b, 0x5d, 0x2f, 0x3f];
const CRLF = Buffer.from('\r\n');

const int = (rng: Rng, n: number): number => Math.floor(rng() * n);

function lines(b: Buffer): { head: Buffer[]; rest: Buffer } {
  const end = b.indexOf('\r\n\r\n');
  const headEnd = end < 0 ? b.length : end;
  const head: Buffer[] = [];
  let p = 0;
  while (p <= headEnd) {
    let e = b.indexOf(CRLF, p);
    if (e < 0 || e > headEnd) e = headEnd;
    head.push(b.subarray(p, e));
    p = e + 2;
  }
  return { head, rest: b.subarray(Math.min(b.length, headEnd)) };
}

function join(head: Buffer[], rest: Buffer): Buffer {
  const parts: Buffer[] = [];
  head.forEach((l, i) => parts.push(i === 0 ? l : Buffer.concat([CRLF, l])));
  return Buffer.concat([...parts, rest]);
}

const MUTATORS: Record<string, (b: Buffer, rng: Rng, corpus: Buffer[]) => Buffer> = {
  bitFlip(b, rng) {
    const out = Buffer.from(b);
    for (let n = 1 + int(rng, 8); n > 0 && out.length > 0; n--) out[int(rng, out.length)]! ^= 1 << int(rng, 8);
    return out;
  },
  insert(b, rng) {
    const at = int(rng, b.length + 1);
    const bytes = Array.from({ length: 1 + int(rng, 4) }, () => (rng() < 0.7 ? INTERESTING[int(rng, INTERESTING.length)]! : int(rng, 256)));
    return Buffer.concat([b.subarray(0, at), Buffer.from(bytes), b.subarray(at)]);
  },
  remove(b, rng) {
    const at = int(rng, b.length + 1);
    return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + int(rng, 16))]);
  },
  truncate(b, rng) {
    return b.subarray(0, int(rng, b.length + 1));
  },
  duplicateLine(b, rng) {
    const { head, rest } = lines(b);
    const i = int(rng, head.length);
    head.splice(i, 0, head[i]!);
    return join(head, rest);
  },
  shuffleHeaders(b, rng) {
    const { head, rest } = lines(b);
    for (let i = head.length - 1; i > 1; i--) {
      const j = 1 + int(rng, i);
      [head[i], head[j]] = [head[j]!, head[i]!];
    }
    return join(head, rest);
  },
  removeCrlf(b, rng) {
    const positions: number[] = [];
    for (let p = b.indexOf(CRLF); p >= 0; p = b.indexOf(CRLF, p + 1)) positions.push(p);
    if (positions.length === 0) return b;
    const at = positions[int(rng, positions.length)]!;
    const keep = [Buffer.alloc(0), Buffer.from('\n'), Buffer.from('\r')][int(rng, 3)]!;
    return Buffer.concat([b.subarray(0, at), keep, b.subarray(at + 2)]);
  },
  bigNumber(b, rng) {
    const at = int(rng, b.length + 1);
    return Buffer.concat([b.subarray(0, at), Buffer.from('9'.repeat(1 + int(rng, 30))), b.subarray(at)]);
  },
  repeat(b, rng) {
    const at = int(rng, b.length + 1);
    const piece = b.subarray(at, at + 1 + int(rng, 40));
    return Buffer.concat([b.subarray(0, at), ...Array.from({ length: 2 + int(rng, 50) }, () => piece), b.subarray(at)]);
  },
  splice(b, rng, corpus) {
    const other = corpus[int(rng, corpus.length)]!;
    return Buffer.concat([b.subarray(0, int(rng, b.length + 1)), other.subarray(int(rng, other.length + 1))]);
  },
};
const MUTATOR_NAMES = Object.keys(MUTATORS);

function exerciseMessage(m: SipMessage): void {
  // every typed accessor answers on an accepted message
  getVias(m);
  getFrom(m);
  getTo(m);
  getCSeq(m);
  getCallId(m);
  getMaxForwards(m);
  getContacts(m);
  if (m.type === 'request') {
    getRequestUri(m);
    classifyRequest(m);
  }
  const again = parseDatagram(serializeMessage(m));
  if (!again.ok) assert.fail(`round trip failed: ${again.error.reason}`);
  assert.deepEqual(semantic(again.message), semantic(m));
}

function checkError(error: unknown): SipParseError {
  assert.ok(error instanceof SipParseError, `not a SipParseError: ${String(error)}`);
  const res = buildErrorResponse(error);
  if (res !== undefined) serializeMessage(res);
  return error;
}

interface Stats {
  datagramOk: number;
  datagramErr: number;
  streamMessages: number;
  streamErrors: number;
  streamFatal: number;
}

function checkStream(input: Buffer, rng: Rng, stats: Stats): void {
  const p = new SipStreamParser();
  const out: ParseResult[] = [];
  const small = rng() < 0.05;
  for (let i = 0; i < input.length; ) {
    const n = small ? 1 + int(rng, 4) : 1 + int(rng, input.length);
    out.push(...p.push(input.subarray(i, i + n)));
    i += n;
  }
  out.push(...p.end());
  assert.equal(p.closed, true);
  out.forEach((r, i) => {
    if (r.ok) {
      stats.streamMessages++;
      assert.ok(r.message.type === 'request' || r.message.type === 'response');
      return;
    }
    const e = checkError(r.error);
    stats.streamErrors++;
    if (e.fatal) {
      stats.streamFatal++;
      assert.equal(i, out.length - 1, 'nothing follows a fatal error');
    }
  });
}

it(`fuzz: ${ITERATIONS} mutated torture messages through both parsers`, (t) => {
  const corpus = tortureNames().map(loadTorture);
  const rng = seededRandom(SEED);
  const stats: Stats = { datagramOk: 0, datagramErr: 0, streamMessages: 0, streamErrors: 0, streamFatal: 0 };
  const started = performance.now();
  let slowest = 0;
  for (let iter = 0; iter < ITERATIONS; iter++) {
    let input = corpus[int(rng, corpus.length)]!;
    const applied: string[] = [];
    for (let n = 1 + int(rng, 3); n > 0; n--) {
      const name = MUTATOR_NAMES[int(rng, MUTATOR_NAMES.length)]!;
      applied.push(name);
      input = MUTATORS[name]!(input, rng, corpus);
    }
    const t0 = performance.now();
    try {
      const r = parseDatagram(input);
      if (r.ok) {
        stats.datagramOk++;
        exerciseMessage(r.message);
      } else {
        stats.datagramErr++;
        checkError(r.error);
      }
      checkStream(input, rng, stats);
    } catch (err) {
      const detail = err instanceof Error ? err.stack : String(err);
      assert.fail(`iteration ${iter} (${applied.join('+')}), input base64 ${input.toString('base64')}\n${detail}`);
    }
    const took = performance.now() - t0;
    slowest = Math.max(slowest, took);
    assert.ok(took < MAX_MS_PER_INPUT, `iteration ${iter} took ${took.toFixed(1)} ms: ${input.toString('base64')}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const summary =
    `fuzz: ${ITERATIONS} iterations in ${seconds.toFixed(1)} s (slowest input ${slowest.toFixed(2)} ms); ` +
    `datagram ok ${stats.datagramOk} / error ${stats.datagramErr}; stream messages ${stats.streamMessages}, ` +
    `errors ${stats.streamErrors} (fatal ${stats.streamFatal})`;
  t.diagnostic(summary);
  console.log(summary);
  // the mutations must exercise both outcomes, or the fuzzer is not doing its job
  assert.ok(stats.datagramOk > ITERATIONS / 20 && stats.datagramErr > ITERATIONS / 20);
});
