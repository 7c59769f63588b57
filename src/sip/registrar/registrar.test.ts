import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeScheduler } from '../../core/index.ts';
import { getContacts, getHeader, parseMessage, type SipRequest } from '../index.ts';
import { authorize, createClientAuthState } from '../auth/index.ts';
import { Registrar, type Binding, type LocationStore } from './registrar.ts';

class MemoryLocation implements LocationStore {
  readonly map = new Map<string, Map<string, Binding & { accountSid: string }>>();
  async list(aor: string, now: number) {
    return [...(this.map.get(aor)?.values() ?? [])].filter((b) => b.expiresAt > now);
  }
  async save(accountSid: string, aor: string, b: Binding) {
    const m = this.map.get(aor) ?? new Map();
    m.set(b.contact, { ...b, accountSid });
    this.map.set(aor, m);
  }
  async remove(aor: string, contact?: string) {
    if (contact === undefined) this.map.delete(aor);
    else this.map.get(aor)?.delete(contact);
  }
}

const clock = new FakeScheduler(1_800_000_000_000);
const location = new MemoryLocation();
const registrar = new Registrar({
  clock,
  location,
  nonceSecret: 'test-secret-0123456789abcdef',
  resolveDomain: async (d) =>
    d === 'acme.sip.test' ? { accountSid: 'AC1', lookup: async (u) => (u === 'alice' ? { password: 's3cret!' } : undefined) } : undefined,
});
const source = { transport: 'udp' as const, address: '127.0.0.1', port: 5062 };
let cseq = 1;

function register(contact: string, extra = '', user = 'alice', domain = 'acme.sip.test'): SipRequest {
  const text = [
    `REGISTER sip:${domain} SIP/2.0`,
    'Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-r' + cseq,
    'Max-Forwards: 70',
    `From: <sip:${user}@${domain}>;tag=f1`,
    `To: <sip:${user}@${domain}>`,
    'Call-ID: reg-1@127.0.0.1',
    `CSeq: ${cseq++} REGISTER`,
    `Contact: ${contact}`,
    'User-Agent: baresip v1.0.0',
    extra,
    'Content-Length: 0',
    '',
    '',
  ].filter((l, i, a) => l !== '' || i >= a.length - 2).join('\r\n');
  const r = parseMessage(text);
  if (!r.ok) throw r.error;
  return r.message as SipRequest;
}

async function registerWithAuth(contact: string, extra = '', password = 's3cret!') {
  const first = register(contact, extra);
  const challenge = (await registrar.handle(first, source, 't1')).response;
  assert.equal(challenge.status, 401);
  const authed = authorize(first, challenge, { username: 'alice', password }, createClientAuthState());
  assert.ok(authed.ok);
  authed.request.headers[0]!.value += ';branch=z9hG4bK-auth' + cseq;
  return (await registrar.handle(authed.request, source, 't2')).response;
}

test('REGISTER: challenged, then bound with the granted expiry; the 200 lists the bindings', async () => {
  const ok = await registerWithAuth('<sip:alice@127.0.0.1:5062>', 'Expires: 600');
  assert.equal(ok.status, 200);
  const contacts = getContacts(ok);
  assert.ok(contacts !== '*' && contacts.length === 1 && contacts[0]?.expires === 600);
  assert.ok(getHeader(ok, 'Date'));
  const b = (await location.list('alice@acme.sip.test', clock.now()))[0];
  assert.equal(b?.contact, 'sip:alice@127.0.0.1:5062');
  assert.equal(b?.source, 'udp:127.0.0.1:5062');
  assert.equal(b?.userAgent, 'baresip v1.0.0');
  clock.advance(601_000);
  assert.deepEqual(await location.list('alice@acme.sip.test', clock.now()), [], 'the binding lapses');
});

test('several contacts, too-brief interval (423), clamp to the maximum, unregister one and all', async () => {
  const brief = await registerWithAuth('<sip:alice@127.0.0.1:5062>', 'Expires: 10');
  assert.equal(brief.status, 423);
  assert.equal(getHeader(brief, 'Min-Expires'), '60');
  const two = await registerWithAuth('<sip:alice@127.0.0.1:5062>;expires=7200, <sip:alice@127.0.0.1:5064>;q=0.5;expires=120');
  assert.equal(two.status, 200);
  const listed = getContacts(two);
  assert.ok(listed !== '*');
  assert.deepEqual(listed.map((c) => c.expires).sort((a, b) => (a ?? 0) - (b ?? 0)), [120, 3600], 'clamped to maxExpires');
  const one = await registerWithAuth('<sip:alice@127.0.0.1:5064>;expires=0');
  assert.equal(one.status, 200);
  assert.equal((await location.list('alice@acme.sip.test', clock.now())).length, 1);
  const badStar = await registerWithAuth('*', 'Expires: 30');
  assert.equal(badStar.status, 400);
  const all = await registerWithAuth('*', 'Expires: 0');
  assert.equal(all.status, 200);
  assert.deepEqual(await location.list('alice@acme.sip.test', clock.now()), []);
});

test('refused: wrong password, unknown domain, another user’s AOR, replayed CSeq', async () => {
  const wrong = await registerWithAuth('<sip:alice@127.0.0.1:5062>', '', 'guess');
  assert.equal(wrong.status, 401, 'a wrong password is challenged again, never bound');
  assert.deepEqual(await location.list('alice@acme.sip.test', clock.now()), []);
  assert.equal((await registrar.handle(register('<sip:x@127.0.0.1>', '', 'alice', 'other.test'), source, 't')).response.status, 404);
  const asBob = register('<sip:bob@127.0.0.1>', '', 'bob');
  const ch = (await registrar.handle(asBob, source, 't')).response;
  const authed = authorize(asBob, ch, { username: 'alice', password: 's3cret!' }, createClientAuthState());
  assert.ok(authed.ok);
  assert.equal((await registrar.handle(authed.request, source, 't')).response.status, 403);
  const fresh = await registerWithAuth('<sip:alice@127.0.0.1:5062>');
  assert.equal(fresh.status, 200);
  cseq -= 10;
  const stale = await registerWithAuth('<sip:alice@127.0.0.1:5062>');
  assert.equal(stale.status, 500, 'same Call-ID with a lower CSeq is out of order (§10.3 step 7)');
});
