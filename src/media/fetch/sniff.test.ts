import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeWav, tone } from '../player/index.ts';
import { id3v2Length, looksLikeMp3, parseMpegFrameHeader, sniffAudio } from './index.ts';
import { MP3_TONES, loadMp3, noise, withId3v2 } from './mp3.fixture.ts';

describe('sniffAudio', () => {
  it('recognises the MP3 test tones, with and without an ID3v2 tag', () => {
    for (const { file } of MP3_TONES) {
      const mp3 = loadMp3(file);
      assert.equal(sniffAudio(mp3), 'mp3', file);
      const tagged = withId3v2(mp3);
      assert.equal(id3v2Length(tagged) + mp3.length, tagged.length);
      assert.equal(sniffAudio(tagged), 'mp3', `${file} behind ID3v2`);
    }
  });

  it('reads the frame headers sox wrote', () => {
    assert.deepEqual(parseMpegFrameHeader(loadMp3('tone-440-44100-stereo-cbr.mp3')), { version: 3, layer: 3, sampleRate: 44100, frameLength: 208 });
    const mono = parseMpegFrameHeader(loadMp3('tone-440-22050-mono.mp3'));
    assert.equal(mono?.version, 2); // MPEG-2
    assert.equal(mono?.sampleRate, 22050);
  });

  it('recognises WAV, and neither in HTML, noise or an empty body', () => {
    assert.equal(sniffAudio(encodeWav(tone(440, 20))), 'wav');
    assert.equal(sniffAudio(new TextEncoder().encode('<!doctype html><html></html>')), undefined);
    assert.equal(sniffAudio(noise(4096)), undefined);
    assert.equal(sniffAudio(new Uint8Array(0)), undefined);
  });

  it('refuses a lone sync word whose next frame is not where the header says', () => {
    const mp3 = loadMp3('tone-440-44100-stereo-cbr.mp3');
    const fake = noise(2048);
    fake.set(mp3.subarray(0, 4)); // a valid header, then noise where the second frame should be
    assert.equal(looksLikeMp3(fake), false);
    // Too short to hold a second frame: one valid header is all there is to check.
    assert.equal(looksLikeMp3(mp3.subarray(0, 100)), true);
  });

  it('refuses ADTS AAC behind an ID3 tag (layer bits 00) and reserved header values', () => {
    const adts = new Uint8Array([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]);
    assert.equal(looksLikeMp3(withId3v2(adts)), false);
    assert.equal(parseMpegFrameHeader(new Uint8Array([0xff, 0xfb, 0xf0, 0x00])), undefined); // bitrate 1111
    assert.equal(parseMpegFrameHeader(new Uint8Array([0xff, 0xfb, 0x9c, 0x00])), undefined); // sample rate 11
    assert.equal(parseMpegFrameHeader(new Uint8Array([0xff, 0xeb, 0x90, 0x00])), undefined); // version 01
  });
});
