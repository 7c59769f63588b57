import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codecOf, commonEvents, formatEvents, parseEvents } from './codecs.ts';
import { choosePtime, intersect, isNullAddress, mirror } from './negotiate.ts';

describe('direction arithmetic (RFC 3264 §6.1)', () => {
  it('mirrors sendonly ↔ recvonly and keeps sendrecv and inactive', () => {
    assert.equal(mirror('sendonly'), 'recvonly');
    assert.equal(mirror('recvonly'), 'sendonly');
    assert.equal(mirror('sendrecv'), 'sendrecv');
    assert.equal(mirror('inactive'), 'inactive');
  });

  it('intersects a wish with what the peer allows', () => {
    assert.equal(intersect('sendrecv', 'recvonly'), 'recvonly');
    assert.equal(intersect('sendonly', 'recvonly'), 'inactive');
    assert.equal(intersect('sendonly', 'sendrecv'), 'sendonly');
    assert.equal(intersect('inactive', 'sendrecv'), 'inactive');
  });

  it('knows the RFC 2543 null address, v4 and v6', () => {
    assert.ok(isNullAddress('0.0.0.0'));
    assert.ok(isNullAddress('::'));
    assert.ok(!isNullAddress('192.0.2.1'));
  });
});

describe('choosePtime', () => {
  it('honours an offered 20 or 30', () => {
    assert.equal(choosePtime(30, undefined, 20), 30);
    assert.equal(choosePtime(20, undefined, 30), 20);
  });

  it('falls back to our preference for other values or none', () => {
    assert.equal(choosePtime(5, undefined, 20), 20);
    assert.equal(choosePtime(60, undefined, 30), 30);
    assert.equal(choosePtime(undefined, undefined), 20);
  });

  it('stays within maxptime, 20 at least', () => {
    assert.equal(choosePtime(undefined, 20, 30), 20);
    assert.equal(choosePtime(30, 20, 30), 20);
    assert.equal(choosePtime(30, 40, 20), 30);
    assert.equal(choosePtime(undefined, 10, 20), 20);
  });
});

describe('codecs and telephone-event', () => {
  it('names G.711 case-insensitively at 8 kHz mono only', () => {
    assert.equal(codecOf({ pt: 0, name: 'PCMU', clockRate: 8000 }), 'PCMU');
    assert.equal(codecOf({ pt: 97, name: 'pcma', clockRate: 8000 }), 'PCMA');
    assert.equal(codecOf({ pt: 97, name: 'PCMA', clockRate: 16000 }), undefined);
    assert.equal(codecOf({ pt: 97, name: 'PCMU', clockRate: 8000, channels: 2 }), undefined);
    assert.equal(codecOf({ pt: 18, name: 'G729', clockRate: 8000 }), undefined);
    assert.equal(codecOf({ pt: 96 }), undefined);
  });

  it('reads and writes RFC 4733 event lists', () => {
    assert.deepEqual([...parseEvents('0-11,16')], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16]);
    assert.equal(parseEvents(undefined).size, 16, 'no fmtp means 0-15 (RFC 4733 §2.4.1)');
    assert.equal(formatEvents(parseEvents('0-15')), '0-15');
    assert.equal(formatEvents(parseEvents(' 0 - 11 , 16 ')), '0-11,16');
    assert.equal(formatEvents([16, 0, 2, 1, 3]), '0-3,16');
    assert.equal(formatEvents(commonEvents('0-15,32-41,66')), '0-15');
    assert.equal(formatEvents(commonEvents('0-16')), '0-16');
    assert.equal(commonEvents('32-41').size, 0);
  });
});
