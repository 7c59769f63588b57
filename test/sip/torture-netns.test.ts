// The 50 RFC 4475 torture messages (test/data/sip-torture/) fed to a live `switchboard serve`,
// one UDP datagram each, and what comes back. The corpus names 192.0.2.x and example.com in Via,
// Contact and SDP, so the server runs inside a network namespace with only loopback up: whatever
// it sends cannot leave the machine. The test process is outside the namespace, so the sender
// (test/sip/support/udp-probe.ts) runs inside it too, and prints what it observed as JSON lines.
//
// Where replies go (this decides what the probe can observe). Every corpus Via names a host
// other than the real source, so on receipt the transport adds received=<source address>
// (RFC 3261 §18.2.1). A UDP response then goes to that received address, at the sent-by port
// (5060 when none), §18.2.2; only a Via with rport (RFC 3581 §4: mpart01 alone) sends it back
// to the source port instead. Nothing is sent to the 192.0.2.x / example.com hosts themselves.
// Had the probe sent from 127.0.0.1, those replies would go to 127.0.0.1:5060 (the server, which
// drops them as stray responses, §18.1.2) and look like silence. So each file goes out from its
// own address 127.0.1.N, and the probe also listens on N's sent-by port: it sees every reply.
//
// Unit-level expectations for each message live in src/sip/torture.{valid,invalid}.test.ts;
// this checks the whole platform answers them (or stays silent) and survives.

import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TORTURE_DIR, tortureNames } from '../../src/sip/torture.fixture.ts';
import { createNetns, type Netns } from '../support/netns.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROBE = fileURLToPath(new URL('./support/udp-probe.ts', import.meta.url));
const SIP = '127.0.0.1:5060';

interface Expect {
  /** The first reply the probe sees within its window, or null: silence. */
  status: number | null;
  /** Where it lands: the source address at the Via's sent-by port (§18.2.2), or the source port (rport). */
  at: 'sent-by-port' | 'source-port';
  /**
   * What reaches this file's address after its window:
   * 'none'    nothing;
   * 'timer-g' zero or more copies of the same final response: a non-2xx to INVITE is
   *           retransmitted until ACKed (§17.2.1, Timer G), and the corpus never ACKs;
   * 'twin'    exactly one copy, re-sent when the next file matched this transaction (§17.2.3).
   */
  late: 'none' | 'timer-g' | 'twin';
}

const answer = (status: number, late: Expect['late'] = 'none', at: Expect['at'] = 'sent-by-port'): Expect => ({ status, at, late });
const silence: Expect = { status: null, at: 'sent-by-port', late: 'none' };

/**
 * Every corpus file, in the order sent, with what the probe must observe. No trunk and no SIP
 * domain is configured, so INVITE admission refuses (403) and REGISTER finds no domain (404).
 */
const EXPECT: readonly (readonly [file: string, expect: Expect])[] = [
  // ── parsed, then answered by the user agent core (src/sip/ua/user-agent.ts onRequest) ──
  ['badbranch', answer(200)], // OPTIONS, branch is the bare cookie "z9hG4bK": not an RFC 3261 id (§3.2.1), matched the RFC 2543 way, answered normally
  ['lwsdisp', answer(200)], // OPTIONS, no LWS between display name and "<": valid, answered
  ['semiuri', answer(200)], // OPTIONS to user "user;par=u@example.net": a UAS answers OPTIONS whatever the R-URI user
  ['transports', answer(200)], // OPTIONS, lower Vias name SCTP/TLS/UNKNOWN: only the top Via (UDP) matters to us
  ['zeromf', answer(200)], // OPTIONS with Max-Forwards: 0: a UAS answers normally (483 is a proxy's answer, §16.3)
  ['esc02', answer(501)], // method "RE%47IST%45R" is not REGISTER: unknown method, 501 (§8.2.1)
  ['intmeth', answer(501)], // method "!interesting-Method…": unknown, 501 (RFC 4475 §3.1.1.2)
  ['mpart01', answer(405, 'none', 'source-port')], // MESSAGE is known but not allowed here: 405 (method check precedes the content check, so not 415); the only Via with rport, so the reply goes to the source port
  ['bext01', answer(420)], // Require: nothingSupportsThis, nothingSupportsThisEither: 420 + Unsupported (Proxy-Require is not a UAS's business)
  ['invut', answer(415, 'timer-g')], // INVITE with Content-Type application/unknownformat: 415 + Accept
  ['sdp01', answer(406, 'timer-g')], // INVITE with Accept: text/nobodyKnowsThis: no acceptable answer body, 406
  ['novelsc', answer(416, 'twin')], // R-URI soap.beep://…: 416; its one late copy is unkscm's doing (next row)
  ['unkscm', silence], // same branch z9hG4bKkdjuw39234, sent-by host9.example.com and method as novelsc: §17.2.3 matches novelsc's transaction (Completed until Timer J, 32 s), so this is a retransmission and the 416 is re-sent to novelsc's address. Alone it gets 416.
  ['esc01', answer(403, 'timer-g')], // INVITE from example.net: no trunk allows 127.0.1.x, no such SIP domain: admission refuses, 403
  ['inv2543', answer(403, 'timer-g')], // RFC 2543 INVITE (no branch, no From tag, no Content-Length, no Max-Forwards): accepted and processed; admission refuses, 403
  ['longreq', answer(403, 'timer-g')], // 3.5 KB INVITE with 34 Vias and long values: processed; admission refuses, 403
  ['wsinv', answer(481, 'timer-g')], // INVITE with a To tag (a re-INVITE) for a dialog that does not exist: 481 (§12.2.2), before admission
  ['cparam01', answer(404, 'twin')], // REGISTER sip:example.com: no such SIP domain, 404; its one late copy is cparam02's doing
  ['cparam02', silence], // same branch z9hG4bKkdjuw, sent-by saturn.example.com:5060 and method as cparam01: a retransmission by §17.2.3; the 404 goes back to cparam01's address. Alone it gets 404.
  ['escnull', answer(404, 'twin')], // REGISTER with %00 in user parts: parsed; no such domain, 404; its one late copy is regescrt's doing
  ['regescrt', silence], // same branch z9hG4bKkdjuw, sent-by host5.example.com and method as escnull: a retransmission by §17.2.3; the 404 goes back to escnull's address. Alone it gets 404.
  ['dblreq', answer(404)], // REGISTER with Content-Length 0 and a trailing INVITE in the datagram: the INVITE is discarded (§18.3), so one 404 and no 403
  ['regaut01', answer(404)], // REGISTER with an unknown Authorization scheme: not 400 (RFC 4475 §3.3.7); the domain is checked first, none, 404 (a served domain would challenge, 401)
  ['unksm2', answer(404)], // REGISTER with isbn:/http:/name: URIs in To/From/Contact: parsed; no such domain, 404
  // ── rejected by the parser, answered by the transport (src/sip/transport/inbound.ts Receiver.reject) ──
  ['badaspec', answer(400)], // spaces inside the To addr-spec
  ['baddate', answer(400)], // Date not in GMT (RFC 4475 allows ignoring Date; we are strict)
  ['baddn', answer(400)], // the archive copy lacks the final empty line (with it: non-token display name); either way 400
  ['badvers', answer(505)], // SIP/7.0: 505 Version Not Supported, routed by its SIP/7.0 Via
  ['clerr', answer(400)], // Content-Length 9999 > body (154): over UDP that is 400 (§18.3)
  ['escruri', answer(400)], // escaped headers in the Request-URI
  ['insuf', answer(400)], // no From, To, Call-ID: still answerable (Via and CSeq are there)
  ['ltgtruri', answer(400)], // Request-URI enclosed in <>
  ['lwsruri', answer(400)], // LWS inside the Request-URI
  ['lwsstart', answer(400)], // several SP between Request-Line elements
  ['mcl01', answer(400)], // two different Content-Length values
  ['mismatch01', answer(400)], // OPTIONS with CSeq method INVITE
  ['mismatch02', answer(400)], // unknown method NEWMETHOD with CSeq method INVITE (RFC 4475: 400 or 501)
  ['multi01', answer(400)], // several values in single-valued fields (CSeq first)
  ['ncl', answer(400)], // Content-Length -999
  ['quotbal', answer(400)], // unterminated quoted string in To; the Via says 192.0.2.59:5050, so the 400 lands on port 5050
  ['regbadct', answer(400)], // Contact URI with params/headers not in <>
  ['scalar02', answer(400)], // CSeq > 2^32-1, Max-Forwards 300, overlarge Expires
  ['trws', answer(400)], // trailing SP on the Request-Line
  // ── silence by design ──
  ['badinv01', silence], // the top Via itself is malformed (extra separators): no Via to route a 400 by, dropped (§18.2.1)
  ['test', silence], // not in the RFC text: Request-Line without SIP-Version and no Via: nothing to answer to, dropped
  ['bigcode', silence], // a response (status 4294967301, malformed): responses are never answered, dropped
  ['scalarlg', silence], // a response with an overlarge CSeq: malformed, dropped
  ['bcast', silence], // a well-formed 200 whose top Via (192.0.2.198) is not ours: stray, dropped (§18.1.2); nothing goes to 255.255.255.255
  ['unreason', silence], // a well-formed 200 (UTF-8 reason phrase) not addressed to us: stray, dropped
  ['noreason', silence], // a well-formed 100 with an empty reason phrase not addressed to us: stray, dropped
];

interface Reply {
  status: number;
  reason: string;
  at: 'sent-by-port' | 'source-port';
}
interface Observed {
  file: string;
  source: string;
  listen: string;
  status: number | null;
  replies: Reply[];
  late: Reply[];
  noise: number;
}

function probeArgs(...args: string[]): string[] {
  return ['--import', 'tsx', PROBE, ...args, '--target', SIP];
}

describe('RFC 4475 torture corpus against a live `switchboard serve` in a loopback-only network namespace', { timeout: 60_000 }, () => {
  let ns: Netns | undefined;
  let server: ChildProcess | undefined;
  let dataDir: string | undefined;
  let log = '';
  let errors = '';

  async function options(untilMs: number): Promise<{ status: number | null; attempts: number }> {
    const r = await ns!.run(process.execPath, probeArgs('options', '--until', String(untilMs)), { cwd: ROOT, timeoutMs: untilMs + 15_000 });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    assert.ok(line.startsWith('{'), `udp-probe options printed no result (exit ${r.code}): ${r.stderr}`);
    return JSON.parse(line) as { status: number | null; attempts: number };
  }

  before(async () => {
    ns = await createNetns(); // throws, with the reason, where namespaces are not permitted: never skips
    dataDir = await mkdtemp(join(tmpdir(), 'sb-torture-'));
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SWITCHBOARD_')));
    env.SWITCHBOARD_LOG_LEVEL = 'warn';
    const args = ['bin/switchboard.mjs', 'serve', '--data-dir', dataDir, '--sip-port', '5060', '--http-port', '8080', '--sip-host', '127.0.0.1'];
    server = ns.spawn(process.execPath, args, { cwd: ROOT, env });
    server.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
    const ready = await options(20_000);
    assert.equal(ready.status, 200, `switchboard serve did not answer OPTIONS within 20 s (exit ${server.exitCode}):\n${log}\n${errors}`);
  });

  after(async () => {
    await ns?.close(); // the server (by pid), then the namespace
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('runs where nothing can leave: the namespace has loopback and nothing else', async () => {
    const r = await ns!.run('ip', ['-o', 'link', 'show']);
    assert.equal(r.code, 0, r.stderr);
    const links = r.stdout.trim().split('\n').map((l) => l.split(':')[1]?.trim());
    assert.deepEqual(links, ['lo']);
  });

  it('the table lists each of the 50 corpus files once', () => {
    const names = EXPECT.map(([f]) => f);
    assert.equal(new Set(names).size, names.length);
    assert.deepEqual([...names].sort(), tortureNames());
    assert.equal(names.length, 50);
  });

  it('answers each message as the table says, one datagram each', async (t) => {
    const files = EXPECT.map(([f]) => join(TORTURE_DIR, `${f}.sip`));
    const r = await ns!.run(process.execPath, probeArgs('torture', '--window', '500', '--settle', '150', ...files), { cwd: ROOT, timeoutMs: 45_000 });
    assert.equal(r.code, 0, `udp-probe failed (timed out: ${r.timedOut}):\n${r.stderr}`);
    const seen = new Map<string, Observed>();
    for (const line of r.stdout.trim().split('\n')) {
      const o = JSON.parse(line) as { kind: 'reply' | 'late' } & Observed;
      if (o.kind === 'reply') seen.set(o.file, { ...o, late: [] });
      else seen.get(o.file)!.late = o.late;
    }
    assert.equal(seen.size, 50, 'one observation per file');
    for (const [file, e] of EXPECT) {
      await t.test(file, () => {
        const o = seen.get(file)!;
        const what = `${file} from ${o.source} (listening on ${o.listen}): ${JSON.stringify({ replies: o.replies, late: o.late })}`;
        assert.equal(o.status, e.status, what);
        assert.deepEqual(o.replies.map((x) => x.status), e.status === null ? [] : [e.status], `exactly one reply, no provisional: ${what}`);
        for (const x of o.replies) assert.equal(x.at, e.at, what);
        assert.equal(o.noise, 0, what);
        if (e.late === 'none') assert.deepEqual(o.late, [], `nothing later: ${what}`);
        if (e.late === 'twin') assert.deepEqual(o.late.map((x) => x.status), [e.status], `one re-sent copy: ${what}`);
        if (e.late === 'timer-g') for (const x of o.late) assert.equal(x.status, e.status, `only retransmissions: ${what}`);
      });
    }
  });

  it('still serves afterwards: a well-formed OPTIONS gets 200, and the process is alive', async () => {
    const after50 = await options(2000);
    assert.equal(after50.status, 200);
    assert.ok(server && server.pid !== undefined);
    assert.equal(server.exitCode, null, `server exited:\n${log}\n${errors}`);
    assert.equal(server.signalCode, null);
    assert.doesNotThrow(() => process.kill(server!.pid!, 0));
  });

  it('logged no warning or error while being tortured', () => {
    const json = (log + errors).split('\n').filter((l) => l.startsWith('{'));
    const loud = json.filter((l) => (JSON.parse(l) as { level?: number }).level! >= 40);
    assert.deepEqual(loud, []);
    const stderr = errors.split('\n').filter((l) => l.trim() !== '' && !/^\(node:\d+\) |--trace-warnings/.test(l));
    assert.deepEqual(stderr, []);
  });
});
