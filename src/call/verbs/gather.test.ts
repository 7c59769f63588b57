import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TypedEmitter } from '../../core/index.ts';
import { MediaCommandError, type ListenOptions, type ListenResult, type MediaControl } from '../../media/host/index.ts';
import type { CallLeg, LegEvents } from '../leg.ts';
import { parseTwiml, type GatherVerb } from '../twiml/index.ts';
import { resolveUrl } from '../webhook-target.ts';
import { gather } from './gather.ts';
import type { VerbContext } from './types.ts';

/** Just what DigitCollector uses of a leg: on/off 'dtmf', and digit() to press a key. */
class FakeLeg extends TypedEmitter<LegEvents> {
  digit(key: string): void {
    this.emit('dtmf', key);
  }
}

/** A MediaControl with only listen/stopListen; stopListen ends a pending listen with 'timeout' (as the real one does). */
class FakeMedia {
  readonly calls: string[] = [];
  listenOptions: ListenOptions | undefined;
  private resolveListen: ((r: ListenResult) => void) | undefined;
  private listening!: () => void;
  /** Resolves once listen() has been called. */
  readonly listenStarted = new Promise<void>((r) => (this.listening = r));

  constructor(private readonly failWith?: unknown) {}

  asControl(): MediaControl {
    const unexpected = (name: string) => () => {
      throw new Error(`unexpected media call ${name}`);
    };
    return new Proxy(this, {
      get: (t, p) => (p === 'listen' || p === 'stopListen' ? t[p].bind(t) : unexpected(String(p))),
    }) as unknown as MediaControl;
  }

  listen(id: string, o: ListenOptions): Promise<ListenResult> {
    this.calls.push(`listen ${id}`);
    this.listenOptions = o;
    this.listening();
    if (this.failWith !== undefined) return Promise.reject(this.failWith);
    return new Promise<ListenResult>((resolve) => (this.resolveListen = resolve));
  }

  stopListen(id: string): Promise<void> {
    this.calls.push(`stopListen ${id}`);
    this.resolveListen?.({ status: 'timeout', text: '', confidence: 0 });
    return Promise.resolve();
  }

  /** The recogniser's answer to the pending listen. */
  hear(r: ListenResult): void {
    assert.ok(this.resolveListen, 'no listen pending');
    this.resolveListen(r);
  }
}

const DOC = 'http://app.test/voice';

function setup(twiml: string, failWith?: unknown) {
  const doc = parseTwiml(twiml);
  const verb = doc.verbs[0] as GatherVerb;
  assert.equal(verb.verb, 'Gather');
  const leg = new FakeLeg();
  const media = new FakeMedia(failWith);
  const notes: Array<[number, string]> = [];
  const abort = new AbortController();
  const ctx: VerbContext = {
    leg: leg as unknown as CallLeg,
    media: media.asControl(),
    documentUrl: DOC,
    signal: abort.signal,
    get dialer(): never {
      throw new Error('unexpected dialer');
    },
    get recordings(): never {
      throw new Error('unexpected recordings');
    },
    answer: () => Promise.resolve(),
    endpoint: () => 'ep1',
    notify: (code, message) => void notes.push([code, message]),
    target: (raw, method) => {
      const url = raw === undefined ? undefined : resolveUrl(raw, DOC);
      return url ? { url, method } : undefined;
    },
    childLeg: () => Promise.reject(new Error('unexpected childLeg')),
    sleep: () => Promise.reject(new Error('unexpected sleep')),
  };
  return { verb, leg, media, notes, ctx, abort };
}

describe('Gather input="dtmf speech"', () => {
  it('digits complete first: posts Digits and stops the listen', async () => {
    const { verb, leg, media, notes, ctx } = setup('<Response><Gather input="dtmf speech" numDigits="2" timeout="5" action="/next"/></Response>');
    const outcome = gather.exec(ctx, verb);
    await media.listenStarted;
    leg.digit('4');
    leg.digit('2');
    assert.deepEqual(await outcome, { next: 'fetch', target: { url: 'http://app.test/next', method: 'POST' }, params: { Digits: '42' } });
    assert.deepEqual(media.calls, ['listen ep1', 'stopListen ep1']);
    assert.deepEqual(notes, []);
    assert.equal(leg['listenerCount']('dtmf'), 0, 'the collector let go of the leg');
  });

  it('speech first: posts SpeechResult and Confidence, no Digits', async () => {
    // timeout=1: the losing digit wait keeps its timer until then.
    const { verb, leg, media, notes, ctx } = setup('<Response><Gather input="dtmf speech" numDigits="2" timeout="1" action="/next"/></Response>');
    const outcome = gather.exec(ctx, verb);
    await media.listenStarted;
    media.hear({ status: 'speech', text: 'billing please', confidence: 0.87 });
    const got = await outcome;
    assert.deepEqual(got, { next: 'fetch', target: { url: 'http://app.test/next', method: 'POST' }, params: { SpeechResult: 'billing please', Confidence: '0.87' } });
    assert.ok(got.next === 'fetch' && got.params && !('Digits' in got.params));
    assert.deepEqual(media.calls, ['listen ep1'], 'no stopListen when speech won');
    assert.deepEqual(notes, []);
    leg.digit('1'); // a late key is ignored (the collector is closed)
    assert.equal(leg['listenerCount']('dtmf'), 0);
  });
});

describe('Gather speech with no recognizer', () => {
  const noRecognizer = () => new MediaCommandError('no-recognizer', 'no speech recognizer in this worker');

  it('notes 13326 and continues to the next verb', async () => {
    const { verb, media, notes, ctx } = setup('<Response><Gather input="speech" timeout="1" action="/next"/></Response>', noRecognizer());
    assert.deepEqual(await gather.exec(ctx, verb), { next: 'continue' });
    assert.deepEqual(media.calls, ['listen ep1']);
    assert.deepEqual(notes.map(([code]) => code), [13326]);
    assert.match(notes[0]![1], /pocketsphinx/);
  });

  it('with actionOnEmptyResult posts the action with empty input', async () => {
    const { verb, notes, ctx } = setup('<Response><Gather input="speech" timeout="1" action="/next" actionOnEmptyResult="true"/></Response>', noRecognizer());
    assert.deepEqual(await gather.exec(ctx, verb), { next: 'fetch', target: { url: 'http://app.test/next', method: 'POST' }, params: { Digits: '' } });
    assert.deepEqual(notes.map(([code]) => code), [13326]);
  });

  it('input="dtmf speech" still takes digits after the listen is refused', async () => {
    const { verb, leg, media, notes, ctx } = setup('<Response><Gather input="dtmf speech" numDigits="1" timeout="5" action="/next"/></Response>', noRecognizer());
    const outcome = gather.exec(ctx, verb);
    await media.listenStarted;
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(notes.map(([code]) => code), [13326]);
    leg.digit('7');
    assert.deepEqual(await outcome, { next: 'fetch', target: { url: 'http://app.test/next', method: 'POST' }, params: { Digits: '7' } });
  });
});
