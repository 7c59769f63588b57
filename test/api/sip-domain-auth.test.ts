import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { storeSipDirectory } from '../../src/cluster/index.ts';
import { realScheduler } from '../../src/core/index.ts';
import { createTransports } from '../../src/sip/transport/index.ts';
import { UserAgent } from '../../src/sip/ua/index.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

// End to end: SIP domains, credential lists, credentials and mappings made through the twilio SDK
// are what the SIP edge authenticates against. Registrations consult the directory's
// 'registrations' mappings; INVITEs from a domain's endpoints, its 'calls' mappings (the edge's
// admission: a 407 challenge, then past admission).

const DOMAIN = 'Office.Sip.Example.com';
const NAME = DOMAIN.toLowerCase();
const PASSWORD = 'Alice1Password';
const SDP = Buffer.from('v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n');

describe('SIP domain authentication configured through the REST API', () => {
  let t: TestPlatform;
  let ua: UserAgent;
  before(async () => {
    t = await startTestPlatform();
    const transport = await createTransports({ host: '127.0.0.1', port: 0 });
    ua = new UserAgent({ transport, scheduler: realScheduler(), host: '127.0.0.1', port: transport.local.port });
  });
  after(async () => {
    await ua.close();
    await t.close();
  });

  /** The statuses an INVITE from alice@office gets from the platform's SIP edge, with these credentials. */
  function dial(password?: string): Promise<number[]> {
    const port = t.platform.sip.port;
    const call = ua.invite({
      uri: `sip:+15551230000@127.0.0.1:${port}`, target: { transport: 'udp', address: '127.0.0.1', port }, from: `<sip:alice@${NAME}>`, sdp: SDP,
      ...(password ? { credentials: { username: 'alice', password } } : {}),
    });
    const statuses: number[] = [];
    call.on('message', ({ direction, message }) => direction === 'in' && message.type === 'response' && message.status >= 200 && statuses.push(message.status));
    return new Promise((resolve) => {
      call.on('failed', () => resolve(statuses));
      call.on('answered', () => void call.hangup().finally(() => resolve(statuses)));
    });
  }

  /**
   * Challenged once, then past admission: the call router answers (the domain's voice URL is a
   * closed loopback port, so the caller hears the error prompt and a BYE's 200 may follow); it is
   * not another challenge or a refusal.
   */
  function assertAdmitted(statuses: number[]): void {
    assert.ok(statuses.length >= 2, `statuses ${statuses.join(',')}`);
    assert.equal(statuses[0], 407);
    assert.ok(![401, 403, 407].includes(statuses[1] ?? 0), `admitted, got ${statuses.join(',')}`);
  }

  const lookup = async (kind: 'registrations' | 'calls') => (await storeSipDirectory(t.platform.store).resolveDomain(NAME, kind))?.lookup('alice', NAME);

  test('registrations mapping first, then calls; password changes and deletions take effect at once', async () => {
    const c = t.client();
    const domain = await c.sip.domains.create({ domainName: DOMAIN, sipRegistration: true, voiceUrl: 'http://127.0.0.1:9/sip' });
    assert.equal(domain.domainName, NAME);
    const list = await c.sip.credentialLists.create({ friendlyName: 'office staff' });
    const cred = await c.sip.credentialLists(list.sid).credentials.create({ username: 'alice', password: PASSWORD });
    const dir = storeSipDirectory(t.platform.store);

    assert.equal(await lookup('registrations'), undefined, 'no list mapped yet');
    await c.sip.domains(domain.sid).auth.registrations.credentialListMappings.create({ credentialListSid: list.sid });
    const reg = await dir.resolveDomain(NAME, 'registrations');
    assert.equal(reg?.accountSid, t.accountSid);
    assert.deepEqual(await reg?.lookup('alice', NAME), { password: PASSWORD });
    assert.equal(await reg?.lookup('bob', NAME), undefined);
    assert.equal(await lookup('calls'), undefined, 'a registrations mapping does not authenticate calls');
    assert.deepEqual(await dial(PASSWORD), [407, 407], 'the edge keeps challenging: no calls mapping');

    await c.sip.domains(domain.sid).auth.calls.credentialListMappings.create({ credentialListSid: list.sid });
    assert.deepEqual(await lookup('calls'), { password: PASSWORD });
    assert.deepEqual(await dial(), [407], 'challenged');
    assert.deepEqual(await dial('Wrong1Password'), [407, 407], 'a wrong password stays refused');
    assertAdmitted(await dial(PASSWORD));

    await c.sip.credentialLists(list.sid).credentials(cred.sid).update({ password: 'Changed1Password' });
    assert.deepEqual(await lookup('registrations'), { password: 'Changed1Password' });
    assert.deepEqual(await dial(PASSWORD), [407, 407], 'the old password no longer works');
    assertAdmitted(await dial('Changed1Password'));

    await c.sip.domains(domain.sid).credentialListMappings(list.sid).remove();
    assert.equal(await lookup('calls'), undefined, 'removing the legacy mapping removes the calls mapping');
    assert.deepEqual(await lookup('registrations'), { password: 'Changed1Password' });

    await c.sip.domains(domain.sid).update({ sipRegistration: false });
    assert.equal(await dir.resolveDomain(NAME, 'registrations'), undefined, 'SipRegistration=false closes the domain to REGISTER');
    await c.sip.domains(domain.sid).update({ sipRegistration: true });

    await c.sip.credentialLists(list.sid).remove();
    assert.equal(await lookup('registrations'), undefined, 'deleting the list deletes its credentials and mappings');
    await c.sip.domains(domain.sid).remove();
    assert.equal(await dir.resolveDomain(NAME, 'calls'), undefined);
    assert.deepEqual(await dial(PASSWORD), [403], 'an unknown domain is refused outright');
  });
});
