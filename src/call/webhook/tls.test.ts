import assert from 'node:assert/strict';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import twilio from 'twilio';
import { requestWebhook } from './request.ts';
import { TEST_TOKEN as authToken } from './webhook-testing.ts';

// A self-signed certificate for 127.0.0.1 / localhost, valid 2020–2120, made for these tests
// only (openssl ca -selfsign). The key protects nothing.
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggAgYYveZnHW9B9lG
ya8Ttu0fwaqAUdCBZKTrq0HRLlihRANCAARlIEtIIjz8vx7NlQ0IPGkeSqv/gfEb
k7BE8J9mUffvYKXRq9tzRg4uC/okDflC3I70uahDQBsts0TOTOHdHbGg
-----END PRIVATE KEY-----`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBdTCCARugAwIBAgIBATAKBggqhkjOPQQDAjAbMRkwFwYDVQQDDBBzd2l0Y2hi
b2FyZC10ZXN0MCAXDTIwMDEwMTAwMDAwMFoYDzIxMjAwMTAxMDAwMDAwWjAbMRkw
FwYDVQQDDBBzd2l0Y2hib2FyZC10ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcD
QgAEZSBLSCI8/L8ezZUNCDxpHkqr/4HxG5OwRPCfZlH372Cl0avbc0YOLgv6JA35
QtyO9LmoQ0AbLbNEzkzh3R2xoKNOMEwwDwYDVR0TAQH/BAUwAwEB/zAaBgNVHREE
EzARhwR/AAABgglsb2NhbGhvc3QwHQYDVR0OBBYEFLP7+f8z1CKOUHtGa8kf4EUG
fiwiMAoGCCqGSM49BAMCA0gAMEUCIQD5/7W3H+EKaLXdOjAa/7rxm8fZrh8CK4L0
OTC7fkl1ogIgAi/XHbBKr4l2c8sAotpwXsIQBdOl18pZwzt+3V62iPo=
-----END CERTIFICATE-----`;

const params = { CallSid: 'CA' + 'd'.repeat(32) };

async function tlsServer(): Promise<{ origin: string; seen: { sig: string; path: string }[]; close(): Promise<void> }> {
  const seen: { sig: string; path: string }[] = [];
  const server = https.createServer({ key: KEY, cert: CERT }, (req, res) => {
    seen.push({ sig: String(req.headers['x-twilio-signature']), path: req.url ?? '' });
    req.resume();
    req.on('end', () => void setTimeout(() => res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response/>'), 150));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

test('https: a trusted server answers; #ct bounds only the TCP connect, not the TLS handshake or the wait', async () => {
  const app = await tlsServer();
  try {
    const url = `${app.origin}/voice?a=1`;
    const res = await requestWebhook({ url: `${url}#ct=100&rt=2000&rc=0`, method: 'POST', params, authToken }, { tls: { ca: CERT } });
    assert.ok(res.ok, JSON.stringify(res));
    assert.ok(res.elapsedMs >= 140);
    assert.equal(twilio.validateRequest(authToken, app.seen[0]?.sig ?? '', url, params), true);
  } finally {
    await app.close();
  }
});

test('https: an untrusted certificate is 11220, not retried', async () => {
  const app = await tlsServer();
  try {
    const res = await requestWebhook({ url: `${app.origin}/voice`, method: 'POST', params, authToken });
    assert.equal(res.ok, false);
    if (!res.ok) {
      assert.equal(res.code, 11220);
      assert.equal(res.attempts, 1);
      assert.match(res.message, /self-signed|self signed/);
    }
    assert.equal(app.seen.length, 0);
  } finally {
    await app.close();
  }
});
