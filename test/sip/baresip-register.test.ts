import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeLocation } from '../../src/cluster/index.ts';
import { newSid, systemClock } from '../../src/core/index.ts';
import { getHeader, type SignalEvent } from '../../src/sip/index.ts';
import { requireBaresip, startBaresip, type Baresip, type BaresipMessage } from '../support/baresip.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

// Acceptance (issue "SIP signaling stack"): baresip registers with digest auth to the registrar,
// is found by the location service, and unregisters; a wrong password is refused.
//
// The domain is `acme.sip.test` (a reserved name, never resolved): baresip's account names the
// AOR sip:alice@acme.sip.test and sends everything to `outbound="sip:127.0.0.1:<our port>"`, so
// the REGISTER's Request-URI and To carry the domain while the packets stay on 127.0.0.1.

const DOMAIN = 'acme.sip.test';
const AOR = `alice@${DOMAIN}`;
const PASSWORD = 'c0rrect-Horse';
const REGINT = 600;

const ENOSYS_HINT =
  'hint: baresip 1.0.0 (libre 1.1.0) fails a 401 with ENOSYS ("Function not implemented") when ANY WWW-Authenticate ' +
  'offers an algorithm other than MD5 (it stops at that header instead of skipping it), so a challenge must offer MD5 only ' +
  'for it to answer; the registrar offers DigestServer\'s default [SHA-256, MD5] (src/sip/auth/server.ts, via Registrar.server()).';

/** `in REGISTER (auth) expires=600` / `out 401 Unauthorized`: one line per message, for assertions and failure output. */
function describeSignal(e: SignalEvent): string {
  const m = e.message;
  if (m.type === 'response') return `${e.direction} ${m.status} ${m.reason}`;
  const contact = getHeader(m, 'Contact') ?? '';
  const expires = contact.match(/;\s*expires=(\d+)/i)?.[1] ?? getHeader(m, 'Expires');
  return `${e.direction} ${m.method}${getHeader(m, 'Authorization') ? ' (auth)' : ''}${expires !== undefined ? ` expires=${expires}` : ''}`;
}

async function provisionDomain(t: TestPlatform): Promise<void> {
  const { store } = t.platform;
  const now = Date.now();
  const base = { account_sid: t.accountSid, date_created: now, date_updated: now };
  const domain = {
    sid: newSid('SD'), domain_name: DOMAIN, friendly_name: 'acme', voice_url: null, voice_method: 'POST', voice_fallback_url: null,
    voice_fallback_method: 'POST', voice_status_callback_url: null, voice_status_callback_method: 'POST', sip_registration: 1, ...base,
  };
  await store.sipDomains.insert(domain);
  const list = { sid: newSid('CL'), friendly_name: 'staff', ...base };
  await store.credentialLists.insert(list);
  await store.credentials.insert({ sid: newSid('CR'), credential_list_sid: list.sid, username: 'alice', password: PASSWORD, ...base });
  await store.domainMappings.insert({ sid: newSid('MP'), domain_sid: domain.sid, credential_list_sid: list.sid, kind: 'registrations', ...base });
}

describe('baresip against the registrar (digest auth, location service)', () => {
  let t: TestPlatform;
  const signals: SignalEvent[] = [];
  /** The messages exchanged with one baresip (its SIP port is the source port of its UDP requests). */
  const exchange = (b: Baresip) => signals.filter((e) => e.remote.address === '127.0.0.1' && e.remote.port === b.sipPort);
  const transcript = (b: Baresip) => `SIP messages:\n  ${exchange(b).map(describeSignal).join('\n  ')}\n` +
    `401 challenges offered:\n  ${exchange(b).filter((e) => e.message.type === 'response' && e.message.status === 401)
      .flatMap((e) => e.message.headers.filter((h) => h.name.toLowerCase() === 'www-authenticate').map((h) => h.value)).slice(0, 4).join('\n  ')}\n` +
    `baresip events: ${JSON.stringify(b.events.map((e) => [e.type, e.param]))}` +
    (b.events.some((e) => e.type === 'REGISTER_FAIL' && e.param === 'Function not implemented') ? `\n${ENOSYS_HINT}` : '');
  const bindings = async () => (await t.platform.store.registrations.list({ where: { aor: AOR }, pageSize: 10 })).rows;
  const registerOutcome = (b: Baresip): Promise<BaresipMessage> =>
    b.waitEvent((e) => e.type === 'REGISTER_OK' || e.type === 'REGISTER_FAIL', 10_000);

  before(async () => {
    requireBaresip();
    t = await startTestPlatform();
    t.platform.sip.ua.onSignal((e) => signals.push(e));
    await provisionDomain(t);
  });
  after(async () => {
    await t?.close();
  });

  it('registers after a 401 digest challenge, is found by the location service, and unregisters on quit', async () => {
    const b = await startBaresip();
    try {
      await b.addAccount({ aor: `sip:${AOR}`, password: PASSWORD, outbound: `sip:127.0.0.1:${t.platform.sip.port}`, regint: REGINT });
      const outcome = await registerOutcome(b);
      assert.equal(outcome.type, 'REGISTER_OK', `baresip did not register (${outcome.param ?? ''})\n${transcript(b)}`);
      assert.equal(outcome.accountaor, `sip:${AOR}`);

      // the server challenged the bare REGISTER, then accepted the digest answer
      const lines = exchange(b).map(describeSignal);
      assert.deepEqual(lines.slice(0, 4), ['in REGISTER expires=600', 'out 401 Unauthorized', 'in REGISTER (auth) expires=600', 'out 200 OK'], transcript(b));
      const ok = exchange(b)[3]!.message;
      assert.match(getHeader(ok, 'Contact') ?? '', new RegExp(`@127\\.0\\.0\\.1:${b.sipPort}>;expires=(600|599)$`), '200 lists the binding');
      const authorization = getHeader(exchange(b)[2]!.message, 'Authorization') ?? '';
      assert.match(authorization, /^Digest /);
      assert.match(authorization, /username="alice"/);
      assert.match(authorization, new RegExp(`realm="${DOMAIN.replace(/\./g, '\\.')}"`));

      // the binding is in the store, as baresip registered it
      const now = Date.now();
      const rows = await bindings();
      assert.equal(rows.length, 1, JSON.stringify(rows));
      const row = rows[0]!;
      assert.equal(row.account_sid, t.accountSid);
      assert.match(row.contact_uri, new RegExp(`^sip:alice[^@]*@127\\.0\\.0\\.1:${b.sipPort}$`));
      assert.equal(row.source, `udp:127.0.0.1:${b.sipPort}`);
      assert.match(row.user_agent ?? '', /^baresip v1\.0\.0/);
      const lifetime = (row.expires_at - now) / 1000;
      assert.ok(lifetime > REGINT - 10 && lifetime <= REGINT, `expiry ${lifetime}s from now, asked for ${REGINT}s`);

      // the location service finds it
      const found = await storeLocation(t.platform.store, systemClock).list(AOR, now);
      assert.deepEqual(found.map((x) => [x.contact, x.source]), [[row.contact_uri, row.source]]);

      // quit: baresip unregisters (REGISTER with expires=0, challenged again) and exits
      const code = await b.quit();
      assert.equal(code, 0, `baresip exit code\n${b.output().slice(-2000)}`);
      assert.ok(b.events.some((e) => e.type === 'UNREGISTERING'), transcript(b));
      const after = exchange(b).map(describeSignal).slice(4);
      assert.ok(after.includes('in REGISTER (auth) expires=0') && after.at(-1) === 'out 200 OK', `unregistration:\n${transcript(b)}`);
      assert.deepEqual(await bindings(), [], 'the binding is gone');
      assert.deepEqual(await storeLocation(t.platform.store, systemClock).list(AOR, Date.now()), []);
    } finally {
      await b.close();
    }
  });

  it('refuses a wrong password: the digest answer is challenged again, baresip gives up, no binding', async () => {
    const b = await startBaresip();
    try {
      await b.addAccount({ aor: `sip:${AOR}`, password: 'not-the-password', outbound: `sip:127.0.0.1:${t.platform.sip.port}`, regint: REGINT });
      const outcome = await registerOutcome(b);
      assert.equal(outcome.type, 'REGISTER_FAIL', transcript(b));
      const lines = exchange(b).map(describeSignal);
      // baresip really tried the (wrong) password, and that answer was refused with a new challenge
      assert.deepEqual(lines.slice(0, 4), ['in REGISTER expires=600', 'out 401 Unauthorized', 'in REGISTER (auth) expires=600', 'out 401 Unauthorized'], transcript(b));
      assert.ok(!lines.includes('out 200 OK'), transcript(b));
      assert.deepEqual(await bindings(), []);
      assert.deepEqual(await storeLocation(t.platform.store, systemClock).list(AOR, Date.now()), []);
    } finally {
      await b.close();
    }
  });
});
