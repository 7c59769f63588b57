// Acceptance (call router, failures and security): invalid TwiML, malformed XML, an unreachable
// app and an app answering 500 each leave the right Notification and go to the fallback URL
// (with ErrorCode and ErrorUrl); without a fallback the caller hears the error prompt and gets a
// BYE; the server keeps serving. An INVITE from an address no trunk allows gets 403; a SIP-domain
// caller of one account cannot reach another account's number; a suspended account's number
// gets 403 and its app sees nothing. The caller is our own user agent with a UDP socket counting
// the RTP it receives.

import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import { realScheduler } from '../../src/core/index.ts';
import { getCSeq } from '../../src/sip/index.ts';
import { createTransports } from '../../src/sip/transport/index.ts';
import { UserAgent } from '../../src/sip/ua/index.ts';
import { ulawToPcm } from '../../src/media/codecs/index.ts';
import { rmsDbfs } from '../support/audio.ts';
import { freePort } from '../support/baresip.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startTwilioApp, type TwilioApp } from '../support/twilio-app.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface CallResult {
  /** Final responses to the INVITE (2xx included). */
  statuses: number[];
  answered: boolean;
  /** The platform ended the call with a BYE. */
  byeFromServer: boolean;
  /** RTP packets received on the SDP's port. */
  rtp: number;
  /** Level of the PCMU audio received (dBFS). */
  dbfs: number;
  /** From answer to the end of the call. */
  answeredMs: number;
}

/** A SIP caller bound to one loopback address, with an RTP socket beside it. */
class Caller {
  private constructor(
    readonly ua: UserAgent,
    readonly address: string,
  ) {}

  static async start(address: string): Promise<Caller> {
    const transport = await createTransports({ host: address, port: 0, tcp: false });
    const ua = new UserAgent({ transport, scheduler: realScheduler(), host: address, port: transport.local.port });
    return new Caller(ua, address);
  }

  /** Dials `user` at the platform; hangs up itself after `maxMs` if the platform has not. */
  async call(sipPort: number, user: string, o: { from?: string; credentials?: { username: string; password: string }; maxMs?: number } = {}): Promise<CallResult> {
    const rtp: Socket = createSocket('udp4');
    await new Promise<void>((r) => rtp.bind(0, this.address, () => r()));
    let packets = 0;
    const payloads: Buffer[] = [];
    rtp.on('message', (m: Buffer) => {
      packets++;
      if (m.length > 12 && (m[1]! & 0x7f) === 0) payloads.push(m.subarray(12));
    });
    const port = rtp.address().port;
    const sdp = Buffer.from(`v=0\r\no=x 1 1 IN IP4 ${this.address}\r\ns=-\r\nc=IN IP4 ${this.address}\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n`);
    const call = this.ua.invite({
      uri: `sip:${user}@127.0.0.1:${sipPort}`, target: { transport: 'udp', address: '127.0.0.1', port: sipPort },
      from: o.from ?? `<sip:+15550001111@${this.address}>`, sdp, ...(o.credentials ? { credentials: o.credentials } : {}),
    });
    const result: CallResult = { statuses: [], answered: false, byeFromServer: false, rtp: 0, dbfs: -Infinity, answeredMs: 0 };
    let answeredAt = 0;
    call.on('message', ({ direction, message }) => {
      if (direction === 'in' && message.type === 'response' && message.status >= 200 && getCSeq(message).method === 'INVITE') result.statuses.push(message.status);
    });
    call.on('answered', () => {
      result.answered = true;
      answeredAt = Date.now();
    });
    call.on('bye', () => (result.byeFromServer = true));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void call.hangup(), o.maxMs ?? 15_000);
      call.on('ended', () => (clearTimeout(timer), resolve()));
    });
    if (answeredAt) result.answeredMs = Date.now() - answeredAt;
    await sleep(100);
    result.rtp = packets;
    if (payloads.length) result.dbfs = rmsDbfs(ulawToPcm(Buffer.concat(payloads)));
    rtp.close();
    return result;
  }

  close(): Promise<void> {
    return this.ua.close();
  }
}

describe('call failures and call security', () => {
  let t: TestPlatform;
  let app: TwilioApp;
  let trunkCaller: Caller;
  let strangerCaller: Caller;
  /** Auth tokens by account, for the signature check of each route. */
  const tokens = new Map<string, string>();

  const sipPort = () => t.platform.sip.port;
  /** The first request to `path` for a call to `number`. */
  const waitTo = (path: string, number: string) => app.waitHit(path, (h) => h.body.To === number);

  /** The call's notifications, through the SDK (stored asynchronously: waits for the first). */
  async function notificationsOf(callSid: string) {
    const deadline = Date.now() + 3000;
    for (;;) {
      const list = await t.client().calls(callSid).notifications.list();
      if (list.length > 0 || Date.now() > deadline) return list;
      await sleep(100);
    }
  }

  before(async () => {
    t = await startTestPlatform({
      env: {
        SWITCHBOARD_TRUNKS: JSON.stringify([{ name: 'local', outboundUri: 'sip:127.0.0.1:9', transport: 'udp', allowedAddresses: ['127.0.0.1/32'], maxCps: 10, maxConcurrent: 10 }]),
        SWITCHBOARD_MEDIA_WORKERS: '1',
        SWITCHBOARD_RTP_PORT_MIN: '36600',
        SWITCHBOARD_RTP_PORT_MAX: '36799',
      },
    });
    tokens.set(t.accountSid, t.authToken);
    // Every route checks the signature with the token of the account the request is for.
    const hello = '<Response><Say>Hello.</Say><Hangup/></Response>';
    app = await startTwilioApp((body) => tokens.get(String(body.AccountSid)) ?? 'unknown', {
      '/bogus': () => '<Response><Bogus/></Response>',
      '/malformed': () => '<Response><Say>unclosed</Response>',
      '/error500': () => ({ status: 500, body: 'boom' }),
      '/fallback': () => '<?xml version="1.0"?><Response><Say>Sorry.</Say><Hangup/></Response>',
      ...Object.fromEntries(['/ok', '/domain', '/sub', '/suspended', '/stranger'].map((path) => [path, () => hello])),
    });
    trunkCaller = await Caller.start('127.0.0.1');
    strangerCaller = await Caller.start('127.0.0.2');
  });

  after(async () => {
    await trunkCaller?.close();
    await strangerCaller?.close();
    await app.close();
    await t.close();
  });

  test('an INVITE from an address no trunk allows gets 403, and no app is asked', async () => {
    await t.client().incomingPhoneNumbers.create({ phoneNumber: '+15552000001', voiceUrl: `${app.url}/stranger` });
    const r = await strangerCaller.call(sipPort(), '+15552000001');
    assert.deepEqual(r.statuses, [403]);
    assert.equal(r.answered, false);
    await sleep(200);
    assert.equal(app.hitsOf('/stranger').length, 0);
  });

  const cases = [
    { name: 'invalid TwiML (<Bogus/>)', number: '+15552000010', path: '/bogus', code: 12200, requested: true },
    { name: 'malformed XML', number: '+15552000011', path: '/malformed', code: 12100, requested: true },
    { name: 'an app answering HTTP 500', number: '+15552000012', path: '/error500', code: 11200, requested: true },
    { name: 'an unreachable app', number: '+15552000013', path: 'unreachable', code: 11202, requested: false },
  ] as const;

  for (const c of cases) {
    test(`${c.name}: Notification ${c.code}, then the fallback URL with ErrorCode and ErrorUrl`, async () => {
      const voiceUrl = c.path === 'unreachable' ? `http://127.0.0.1:${await freePort()}/voice` : `${app.url}${c.path}`;
      await t.client().incomingPhoneNumbers.create({ phoneNumber: c.number, voiceUrl, voiceFallbackUrl: `${app.url}/fallback` });
      const r = await trunkCaller.call(sipPort(), c.number);
      const fallback = (await waitTo('/fallback', c.number)).body;
      assert.equal(fallback.ErrorCode, String(c.code));
      assert.equal(fallback.ErrorUrl, voiceUrl);
      assert.match(fallback.CallSid ?? '', /^CA[0-9a-f]{32}$/);
      assert.equal(fallback.Direction, 'inbound');
      if (c.requested) assert.equal(app.hitsOf(c.path).filter((h) => h.body.To === c.number).length, 1, 'the voice URL was requested once');

      const notes = await notificationsOf(fallback.CallSid!);
      const note = notes.find((n) => n.errorCode === String(c.code));
      assert.ok(note, `Notification ${c.code} for the call; got ${JSON.stringify(notes.map((n) => [n.errorCode, n.messageText]))}`);
      assert.equal(note.callSid, fallback.CallSid);
      assert.equal(note.accountSid, t.accountSid);
      assert.equal(note.requestUrl, voiceUrl);

      // The fallback's document ran: the call was answered for its <Say> and hung up by us.
      assert.ok(r.answered, `answered; statuses ${r.statuses.join(',')}`);
      assert.ok(r.byeFromServer, 'the platform hung up');
      const call = await t.client().calls(fallback.CallSid!).fetch();
      assert.equal(call.status, 'completed');
    });
  }

  test('without a fallback the caller hears the error prompt, then a BYE; the server keeps serving', async () => {
    const client = t.client();
    await client.incomingPhoneNumbers.create({ phoneNumber: '+15552000020', voiceUrl: `${app.url}/error500` });
    const r = await trunkCaller.call(sipPort(), '+15552000020');
    const hit = await waitTo('/error500', '+15552000020');
    assert.ok(r.answered, `answered; statuses ${r.statuses.join(',')}`);
    assert.ok(r.byeFromServer, 'the platform hung up');
    assert.ok(r.answeredMs >= 1000, `the call lasted ${r.answeredMs} ms`);
    assert.ok(r.rtp >= 50, `the caller received ${r.rtp} RTP packets of the error prompt`);
    assert.ok(r.dbfs > -45, `the error prompt is not silence (${r.dbfs.toFixed(1)} dBFS)`);
    assert.equal(app.hitsOf('/fallback').filter((h) => h.body.To === '+15552000020').length, 0);
    const notes = await notificationsOf(hit.body.CallSid!);
    assert.ok(notes.some((n) => n.errorCode === '11200'), `Notification 11200; got ${notes.map((n) => n.errorCode).join(',')}`);
    assert.equal((await client.calls(hit.body.CallSid!).fetch()).status, 'completed');

    // Invalid TwiML without a fallback ends the same way.
    await client.incomingPhoneNumbers.create({ phoneNumber: '+15552000021', voiceUrl: `${app.url}/bogus` });
    const r2 = await trunkCaller.call(sipPort(), '+15552000021');
    assert.ok(r2.answered && r2.byeFromServer && r2.rtp >= 50 && r2.dbfs > -45, JSON.stringify(r2));

    // A fresh call to a working app still works.
    await client.incomingPhoneNumbers.create({ phoneNumber: '+15552000022', voiceUrl: `${app.url}/ok` });
    const ok = await trunkCaller.call(sipPort(), '+15552000022');
    const okHit = await waitTo('/ok', '+15552000022');
    assert.ok(ok.answered && ok.byeFromServer && ok.rtp > 0, JSON.stringify(ok));
    assert.equal((await client.calls(okHit.body.CallSid!).fetch()).status, 'completed');
    assert.equal(t.platform.calls.router.size, 0, 'no call left running');
  });

  test("a SIP-domain caller of one account cannot dial into another account's number", async () => {
    const client = t.client();
    const domainName = 'office.failures.example.com';
    const domain = await client.sip.domains.create({ domainName, voiceUrl: `${app.url}/domain` });
    const list = await client.sip.credentialLists.create({ friendlyName: 'staff' });
    await client.sip.credentialLists(list.sid).credentials.create({ username: 'alice', password: 'Alice1Password' });
    await client.sip.domains(domain.sid).auth.calls.credentialListMappings.create({ credentialListSid: list.sid });

    const sub = await client.api.v2010.accounts.create({ friendlyName: 'other tenant' });
    tokens.set(sub.sid, sub.authToken);
    const subClient = t.client(sub.sid, sub.authToken);
    await subClient.incomingPhoneNumbers.create({ phoneNumber: '+15552000030', voiceUrl: `${app.url}/sub` });
    await client.incomingPhoneNumbers.create({ phoneNumber: '+15552000031', voiceUrl: `${app.url}/ok` });

    // From 127.0.0.2 (no trunk): admitted only by the domain's credentials.
    const who = { from: `<sip:alice@${domainName}>`, credentials: { username: 'alice', password: 'Alice1Password' } };
    const own = await strangerCaller.call(sipPort(), '+15552000031', who);
    assert.ok(own.answered, `the domain's caller reaches its own account's number: ${own.statuses.join(',')}`);
    const ownHit = await waitTo('/ok', '+15552000031');
    assert.equal(ownHit.body.AccountSid, t.accountSid);

    const other = await strangerCaller.call(sipPort(), '+15552000030', who);
    await sleep(300);
    assert.equal(app.hitsOf('/sub').length, 0, "the other account's app saw no request");
    // It went to the domain's own voice URL instead (the number is not the domain account's).
    const hit = await app.waitHit('/domain');
    assert.equal(hit.body.AccountSid, t.accountSid);
    assert.equal(hit.body.To, `sip:+15552000030@${domainName}`);
    assert.ok(other.statuses.length > 0);
  });

  test("a suspended account's number gets 403 and its app sees no request", async () => {
    const client = t.client();
    const sub = await client.api.v2010.accounts.create({ friendlyName: 'suspended tenant' });
    tokens.set(sub.sid, sub.authToken);
    await t.client(sub.sid, sub.authToken).incomingPhoneNumbers.create({ phoneNumber: '+15552000040', voiceUrl: `${app.url}/suspended` });
    await client.api.v2010.accounts(sub.sid).update({ status: 'suspended' });
    const r = await trunkCaller.call(sipPort(), '+15552000040');
    assert.deepEqual(r.statuses, [403]);
    await sleep(200);
    assert.equal(app.hitsOf('/suspended').length, 0);
  });
});
