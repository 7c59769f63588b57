import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressList } from './acl.ts';

test('addresses and CIDR blocks, IPv4 and IPv6; bad entries are reported', () => {
  const acl = addressList(['127.0.0.1', '198.51.100.0/24', '2001:db8::/32', 'example.com', '10.0.0.0/33']);
  assert.deepEqual(acl.invalid, ['example.com', '10.0.0.0/33']);
  assert.equal(acl.has('127.0.0.1'), true);
  assert.equal(acl.has('127.0.0.2'), false);
  assert.equal(acl.has('198.51.100.200'), true);
  assert.equal(acl.has('198.51.101.1'), false);
  assert.equal(acl.has('2001:db8::5'), true);
  assert.equal(acl.has('2001:db9::5'), false);
  assert.equal(acl.has('not-an-ip'), false);
});
