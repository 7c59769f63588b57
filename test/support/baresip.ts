import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// baresip 1.0.0 (Debian baresip-core) as a real, headless SIP user agent, scripted over its
// ctrl_tcp module (sip-testbed.md §4). Everything stays on 127.0.0.1: sip_listen and
// net_interface are 127.0.0.1, and accounts name an `outbound` proxy by IP address, so the
// domain in the AOR (a reserved *.test name) is never looked up in DNS.
//
// ctrl_tcp speaks netstrings (`<len>:<json>,`). Requests are {command, params, token}; replies
// {response: true, ok, data, token}; events {event: true, class, type, accountaor, param}.
// Registration events seen in 1.0.0: REGISTERING, REGISTER_OK, REGISTER_FAIL (param: the
// response line, or an errno text such as "Function not implemented"), UNREGISTERING; on quit
// also SHUTDOWN and EXIT. There is no event for a completed unregistration: baresip exits after it.

const INSTALL_HINT = 'baresip is required for this test: apt-get install baresip-core (or run .ci/run)';
const MODULE_PATH = '/usr/lib/baresip/modules';

/** Fails loudly when baresip is not installed. Returns its version line. */
export function requireBaresip(): string {
  const r = spawnSync('baresip', ['-h'], { encoding: 'utf8', timeout: 5000 });
  if (r.error) throw new Error(`${INSTALL_HINT} (${r.error.message})`);
  return (r.stdout + r.stderr).match(/baresip v[\d.]+/)?.[0] ?? 'baresip';
}

/** Binds and releases a TCP port on 127.0.0.1 (0: any); resolves with the port, or undefined when taken. */
function probeTcp(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(undefined));
    s.listen(port, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

function probeUdp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const u = createSocket('udp4');
    u.once('error', () => resolve(false));
    u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
  });
}

/** A port free for both UDP and TCP on 127.0.0.1 (SIP listens on both). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await probeTcp(0);
    if (port !== undefined && (await probeUdp(port))) return port;
  }
}

/**
 * A SIP port for baresip: P free for UDP and TCP, and P+1 free for TCP, because baresip 1.0.0
 * always adds a SIP/TLS transport on sip_listen's port + 1 and exits (98) when that is taken.
 */
async function freeSipPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65535 && (await probeTcp(port + 1)) !== undefined) return port;
  }
}

/** An event or a command reply from ctrl_tcp. */
export interface BaresipMessage {
  event?: boolean;
  response?: boolean;
  type?: string;
  class?: string;
  accountaor?: string;
  param?: string;
  ok?: boolean;
  data?: string;
  token?: string;
  [key: string]: unknown;
}

export interface BaresipAccount {
  /** The address of record, e.g. `sip:alice@acme.sip.test`. */
  aor: string;
  password?: string;
  /** Where REGISTERs (and every request) go, e.g. `sip:127.0.0.1:5060`: an IP, never a name. */
  outbound: string;
  /** Registration interval in seconds (0: do not register). */
  regint?: number;
  /** Extra `;name=value` account parameters. */
  params?: Record<string, string>;
}

/** One baresip account line: `<aor>;auth_pass=…;outbound="…";regint=…`. */
export function accountLine(a: BaresipAccount): string {
  if (!/^sip:[^@]+@[^@]+$/.test(a.aor)) throw new Error(`baresip account AOR must be sip:user@host, got ${a.aor}`);
  if (!/^sips?:(\d{1,3}\.){3}\d{1,3}(:\d+)?(;.*)?$/.test(a.outbound)) throw new Error(`outbound must be an IPv4 SIP URI (no DNS), got ${a.outbound}`);
  const params: Record<string, string> = {
    ...(a.password !== undefined ? { auth_pass: a.password } : {}),
    outbound: `"${a.outbound}"`,
    regint: String(a.regint ?? 3600),
    ...a.params,
  };
  return `<${a.aor}>` + Object.entries(params).map(([k, v]) => `;${k}=${v}`).join('');
}

export interface BaresipOptions {
  /** Accounts loaded at start. Prefer `addAccount` after start, so no event is lost before the controller connects. */
  accounts?: BaresipAccount[];
  /** Pass `-s` (SIP trace into the output). */
  sipTrace?: boolean;
  /** How long to wait for ctrl_tcp to accept a connection. */
  startTimeoutMs?: number;
  /** WAV baresip sends as its microphone (S16LE mono 8 kHz; the call hangs up at its end). */
  audioSource?: string;
  /** Directory where the sndfile module records each call (`dump-*-enc.wav` sent, `-dec.wav` received). */
  recordDir?: string;
}

export interface Baresip {
  readonly sipPort: number;
  readonly ctrlPort: number;
  readonly dir: string;
  /** Every event received so far, in order. */
  readonly events: BaresipMessage[];
  /** Sends a long command (as menu.so knows them: uanew, uadel, reginfo, quit …) and resolves with the reply. */
  command(command: string, params?: string, timeoutMs?: number): Promise<BaresipMessage>;
  /**
   * The first event, received at any time since start and not yet taken by an earlier wait, that
   * matches: an event type, or a predicate. Rejects after `timeoutMs` with the events and output.
   */
  waitEvent(match: string | ((e: BaresipMessage) => boolean), timeoutMs?: number): Promise<BaresipMessage>;
  /** Creates a user agent for the account (menu `uanew`); it registers at once when regint > 0. */
  addAccount(account: BaresipAccount): Promise<BaresipMessage>;
  /** Deletes the user agent of an AOR (menu `uadel`); baresip unregisters it (REGISTER, Expires: 0). */
  removeAccount(aor: string): Promise<BaresipMessage>;
  /** `quit` over ctrl_tcp; baresip unregisters every UA, then exits. Resolves with its exit code, killing it after `timeoutMs`. */
  quit(timeoutMs?: number): Promise<number | null>;
  /** Its stdout and stderr so far (the tail). */
  output(): string;
  /** Kills it if still running and removes its config dir. Safe to call twice. */
  close(): Promise<void>;
}

function writeConfig(dir: string, sipPort: number, ctrlPort: number, accounts: BaresipAccount[], options: BaresipOptions = {}): void {
  // Only what registration and a future call need: no stdio.so (stdin is /dev/null: EPOLL_CTL_ADD
  // fd=0 fails), no sound card (alsa,null), menu.so for the long commands ctrl_tcp relays.
  const config = [
    ['poll_method', 'epoll'],
    ['sip_listen', `127.0.0.1:${sipPort}`],
    ['net_interface', '127.0.0.1'],
    ['audio_player', 'alsa,null'],
    ['audio_alert', 'alsa,null'],
    ['audio_source', `aufile,${options.audioSource ?? '/usr/share/baresip/sound1.wav'}`],
    ['module_path', MODULE_PATH],
    ['module', 'g711.so'],
    ['module', 'aufile.so'],
    ['module', 'alsa.so'],
    ['module', 'ctrl_tcp.so'],
    ['module_tmp', 'account.so'],
    ['module_app', 'menu.so'],
    ['ctrl_tcp_listen', `127.0.0.1:${ctrlPort}`],
    ...(options.recordDir ? [['module', 'sndfile.so'], ['snd_path', options.recordDir]] : []),
  ];
  writeFileSync(join(dir, 'config'), config.map(([k, v]) => `${k}\t\t${v}`).join('\n') + '\n');
  writeFileSync(join(dir, 'accounts'), accounts.map((a) => accountLine(a) + '\n').join(''));
  writeFileSync(join(dir, 'contacts'), '');
}

/** Splits a byte stream into netstrings, calling `onBody` with each body. */
function netstringReader(onBody: (body: string) => void): (chunk: Buffer) => void {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const colon = buf.indexOf(0x3a);
      if (colon < 0) return;
      const len = Number(buf.subarray(0, colon).toString());
      if (!Number.isInteger(len) || colon === 0) {
        onBody(JSON.stringify({ event: true, type: 'CTRL_PROTOCOL_ERROR', param: buf.toString().slice(0, 200) }));
        buf = Buffer.alloc(0);
        return;
      }
      if (buf.length < colon + 1 + len + 1) return;
      onBody(buf.subarray(colon + 1, colon + 1 + len).toString());
      buf = buf.subarray(colon + 1 + len + 1);
    }
  };
}

function connectCtrl(port: number, child: ChildProcess, timeoutMs: number, output: () => string): Promise<Socket> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(new Error(`baresip exited (${child.exitCode ?? child.signalCode}) before ctrl_tcp accepted a connection:\n${output()}`));
        return;
      }
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => resolve(sock));
      sock.once('error', (e) => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`ctrl_tcp on 127.0.0.1:${port} did not accept a connection (${e.message}):\n${output()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Starts a headless baresip with a generated config dir and connects to its ctrl_tcp. */
export async function startBaresip(options: BaresipOptions = {}): Promise<Baresip> {
  requireBaresip();
  const dir = mkdtempSync(join(tmpdir(), 'sb-baresip-'));
  const sipPort = await freeSipPort();
  let ctrlPort = await freePort();
  while (ctrlPort === sipPort || ctrlPort === sipPort + 1) ctrlPort = await freePort();
  writeConfig(dir, sipPort, ctrlPort, options.accounts ?? [], options);
  const child = spawn('baresip', ['-f', dir, ...(options.sipTrace ? ['-s'] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const append = (d: Buffer) => (out = (out + d.toString()).slice(-30_000));
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Never leave a baresip behind, whatever happens to the test process.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const output = () => out.replace(/\x1b\[[0-9;]*m/g, '');

  let sock: Socket;
  try {
    sock = await connectCtrl(ctrlPort, child, options.startTimeoutMs ?? 5000, output);
  } catch (e) {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const events: BaresipMessage[] = [];
  const unclaimed: BaresipMessage[] = [];
  const waiters: { match: (m: BaresipMessage) => boolean; resolve: (m: BaresipMessage) => void }[] = [];
  sock.on('data', netstringReader((body) => {
    let m: BaresipMessage;
    try {
      m = JSON.parse(body) as BaresipMessage;
    } catch {
      return;
    }
    if (m.event) events.push(m);
    const w = waiters.find((x) => x.match(m));
    if (w) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    } else if (m.event) unclaimed.push(m);
  }));
  sock.on('error', () => undefined); // baresip closing the socket on quit is expected

  const describe = () => `events: ${JSON.stringify(events.map((e) => [e.type, e.param]))}\nbaresip output:\n${output().slice(-4000)}`;
  const waitFor = (match: (m: BaresipMessage) => boolean, timeoutMs: number, what: string) =>
    new Promise<BaresipMessage>((resolve, reject) => {
      const i = unclaimed.findIndex(match);
      if (i >= 0) return resolve(unclaimed.splice(i, 1)[0]!);
      const w = {
        match,
        resolve: (m: BaresipMessage) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        const j = waiters.indexOf(w);
        if (j >= 0) waiters.splice(j, 1);
        reject(new Error(`baresip: no ${what} within ${timeoutMs} ms\n${describe()}`));
      }, timeoutMs);
      waiters.push(w);
    });

  let token = 0;
  const command = async (cmd: string, params = '', timeoutMs = 5000) => {
    const t = `sb${++token}`;
    const body = Buffer.from(JSON.stringify({ command: cmd, params, token: t }));
    sock.write(Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]));
    const reply = await waitFor((m) => m.response === true && m.token === t, timeoutMs, `reply to ${cmd}`);
    if (reply.ok === false) throw new Error(`baresip: ${cmd} ${params} failed: ${reply.data ?? ''}\n${describe()}`);
    return reply;
  };

  let closed = false;
  const stop = async (timeoutMs: number): Promise<number | null> => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    process.off('exit', killOnExit);
    return code;
  };

  return {
    sipPort,
    ctrlPort,
    dir,
    events,
    command,
    waitEvent: (match, timeoutMs = 10_000) =>
      waitFor((m) => m.event === true && (typeof match === 'string' ? m.type === match : match(m)), timeoutMs, typeof match === 'string' ? `${match} event` : 'matching event'),
    addAccount: (account) => command('uanew', accountLine(account)),
    removeAccount: (aor) => command('uadel', aor),
    async quit(timeoutMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const t = `sb${++token}`;
      const body = Buffer.from(JSON.stringify({ command: 'quit', params: '', token: t }));
      sock.write(Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]));
      return stop(timeoutMs);
    },
    output,
    async close() {
      if (closed) return;
      closed = true;
      sock.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await stop(2000);
      } else process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
