import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { escapeXml, fetchTwiml, mediaType, TWIML_ACCEPT, type TwimlResult } from './twiml-fetch.ts';
import { httpServer, TEST_TOKEN as authToken, type SeenRequest, type TestServer } from './webhook-testing.ts';

// /r?type=T&body=B answers 200 with that Content-Type (none when T is absent) and body;
// /big answers 200 KiB of XML; /audio answers 1 MiB of "mp3"; /status/S answers S.
let app: TestServer & { readonly seen: SeenRequest[] };
before(async () => {
  app = await httpServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    const type = u.searchParams.get('type');
    if (u.pathname === '/r') {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      return void res.writeHead(200, headers).end(u.searchParams.get('body') ?? '');
    }
    if (u.pathname === '/big') return void res.writeHead(200, { 'content-type': 'text/xml' }).end(`<Response><Say>${'a'.repeat(200 * 1024)}</Say></Response>`);
    if (u.pathname === '/audio') return void res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(Buffer.alloc(1024 * 1024, 0xff));
    if (u.pathname === '/nocontent') return void res.writeHead(204).end();
    res.writeHead(Number(u.pathname.split('/')[2] ?? 500), { 'content-type': 'text/html' }).end('<h1>nope</h1>');
  });
});
after(() => app.close());

const get = (path: string, opts = {}) => fetchTwiml({ url: app.origin + path, method: 'POST', params: { CallSid: 'CA1' }, authToken }, opts);
const r = (type: string | null, body: string) =>
  `/r?${new URLSearchParams({ ...(type === null ? {} : { type }), body }).toString()}`;

function failed(res: TwimlResult, code: number) {
  assert.equal(res.ok, false, JSON.stringify(res));
  if (!res.ok) assert.equal(res.code, code, JSON.stringify(res));
}

test('XML types (text/xml, application/xml, text/html, any case, with parameters) are TwiML', async () => {
  for (const type of ['text/xml', 'application/xml; charset=utf-8', 'Text/HTML;charset=UTF-8']) {
    const res = await get(r(type, '<Response><Hangup/></Response>'));
    assert.ok(res.ok, type);
    assert.equal(res.source, 'twiml');
    assert.equal(res.xml, '<Response><Hangup/></Response>');
    assert.equal(res.contentType, type);
    assert.equal(res.status, 200);
    assert.equal(res.attempts, 1);
  }
  assert.equal(app.seen.at(-1)?.headers.accept, TWIML_ACCEPT);
});

test('text/plain is read out: wrapped in <Say>, escaped', async () => {
  const res = await get(r('text/plain; charset=utf-8', '  Fish & <chips>  '));
  assert.ok(res.ok);
  assert.equal(res.source, 'say');
  assert.equal(res.xml, '<Response><Say>Fish &amp; &lt;chips&gt;</Say></Response>');
});

test('audio is played from its URL without downloading it here', async () => {
  const res = await get('/audio?x=1&y=2');
  assert.ok(res.ok);
  assert.equal(res.source, 'play');
  assert.equal(res.xml, `<Response><Play>${app.origin}/audio?x=1&amp;y=2</Play></Response>`);
});

test('other or missing content types are 12300', async () => {
  failed(await get(r('application/json', '{"a":1}')), 12300);
  failed(await get(r(null, '<Response/>')), 12300);
  const res = await get(r('image/png', 'png'));
  assert.ok(!res.ok);
  if (!res.ok) {
    assert.equal(res.status, 200);
    assert.equal(res.body, 'png');
    assert.match(res.message, /image\/png/);
  }
});

test('an empty or blank body is 11770, whatever the type', async () => {
  failed(await get(r('text/xml', '')), 11770);
  failed(await get(r('text/xml', ' \n\t ')), 11770);
  failed(await get(r('text/plain', '')), 11770);
  failed(await get('/nocontent'), 11770);
});

test('TwiML over 64 KiB is 11750; maxBodyBytes changes the cap', async () => {
  failed(await get('/big'), 11750);
  const small = await get(r('text/xml', '<Response><Say>hello</Say></Response>'), { maxBodyBytes: 10 });
  failed(small, 11750);
  const roomy = await get('/big', { maxBodyBytes: 300 * 1024 });
  assert.ok(roomy.ok);
});

test('fetch failures pass through with their 112xx code', async () => {
  const res = await get('/status/404');
  failed(res, 11200);
  if (!res.ok) {
    assert.equal(res.status, 404);
    assert.equal(res.body, '<h1>nope</h1>');
  }
});

test('mediaType and escapeXml', () => {
  assert.equal(mediaType(' Text/XML ; charset=utf-8'), 'text/xml');
  assert.equal(mediaType(''), '');
  assert.equal(escapeXml(`a<b>&"c'`), 'a&lt;b&gt;&amp;&quot;c&apos;');
});
