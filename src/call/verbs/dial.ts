import type { MediaEvent, RecordResult } from '../../media/host/index.ts';
import { parseAddress } from '../addresses.ts';
import type { DialResult } from '../dialer.ts';
import type { CallLeg, FinalStatus, StatusEvent } from '../leg.ts';
import type { DialNoun, DialVerb } from '../twiml/index.ts';
import { CONTINUE, type VerbContext, type VerbUnit } from './types.ts';

type Attempt = { leg: CallLeg; result: DialResult; noun: DialNoun };
type Dialable = Extract<DialNoun, { noun: 'Number' | 'Sip' | 'Client' }>;

const dialable = (n: DialNoun): n is Dialable => n.noun === 'Number' || n.noun === 'Sip' || n.noun === 'Client';

function addressOf(noun: Dialable): string {
  return noun.noun === 'Number' ? noun.number : noun.noun === 'Sip' ? noun.uri : `client:${noun.identity}`;
}

/** The DialCallStatus when nobody answered: busy beats no-answer beats failed. */
function unanswered(attempts: Attempt[], canceled: boolean): FinalStatus {
  if (canceled) return 'canceled';
  const statuses = attempts.map((a) => (a.result.answered ? 'completed' : a.result.status));
  for (const s of ['busy', 'no-answer', 'canceled'] as const) if (statuses.includes(s)) return s;
  return 'failed';
}

/** Rings every noun at once; the first to answer wins and the others are canceled. */
async function ring(ctx: VerbContext, verb: DialVerb, nouns: Dialable[], stop: AbortSignal): Promise<{ winner?: Attempt; attempts: Attempt[] }> {
  const parent = ctx.leg;
  const cancels = nouns.map(() => new AbortController());
  const cancelAll = () => cancels.forEach((c) => c.abort());
  stop.addEventListener('abort', cancelAll, { once: true });
  let winner: Attempt | undefined;
  const attempts: Attempt[] = [];
  await new Promise<void>((done) => {
    let left = nouns.length;
    nouns.forEach((noun, i) => {
      void (async () => {
        const to = parseAddress(addressOf(noun));
        const leg = await ctx.childLeg({
          to: to?.value ?? addressOf(noun),
          from: verb.callerId ?? parent.row.from_address,
          ...(noun.statusCallback
            ? { statusCallback: { ...(ctx.target(noun.statusCallback, noun.statusCallbackMethod) ?? { url: noun.statusCallback, method: 'POST' }), events: new Set(noun.statusCallbackEvent as StatusEvent[]) } }
            : {}),
        });
        const result: DialResult = to
          ? await ctx.dialer.dial({
              leg, to, callerId: verb.callerId ?? parent.row.from_address, timeoutSec: verb.timeout, near: ctx.endpoint(), signal: cancels[i]!.signal,
              ...(noun.noun === 'Sip' && noun.username && noun.password ? { sipAuth: { username: noun.username, password: noun.password } } : {}),
            })
          : (leg.finish('failed'), { answered: false, status: 'failed' });
        const attempt = { leg, result, noun };
        attempts.push(attempt);
        if (result.answered && !winner) {
          winner = attempt;
          cancels.forEach((c, j) => j !== i && c.abort());
          done();
        } else if (result.answered) {
          void leg.sip?.hangup();
        }
        if (--left === 0) done();
      })().catch((e: unknown) => {
        parent.log.error({ err: e }, 'a Dial attempt failed');
        if (--left === 0) done();
      });
    });
  });
  stop.removeEventListener('abort', cancelAll);
  return { ...(winner ? { winner } : {}), attempts };
}

/** Bridges the caller to the answered leg until either hangs up, timeLimit, hangupOnStar or a redirect. */
async function bridged(ctx: VerbContext, verb: DialVerb, winner: Attempt): Promise<RecordResult | undefined> {
  const parentEp = ctx.endpoint();
  const child = winner.leg;
  if (!child.endpoint) return undefined;
  if (winner.noun.noun === 'Number' && winner.noun.sendDigits) await ctx.media.sendDigits(child.endpoint, winner.noun.sendDigits).catch(() => undefined);
  const recordingId = verb.record.startsWith('record-from') ? await ctx.recordings.begin(ctx.leg, { source: 'DialVerb', channels: 2, track: 'both' }) : undefined;
  let recorded: RecordResult | undefined;
  let off: () => void = () => undefined;
  await new Promise<void>((done) => {
    const end = () => (clearTimeout(timer), done());
    const timer = setTimeout(end, verb.timeLimit * 1000);
    off = ctx.media.onEvent((e: MediaEvent) => {
      if (e.type === 'hangup-on-star' && e.id === parentEp) end();
      if (e.type === 'bridge-recording' && e.id === parentEp) recorded = e.result;
    });
    child.once('ended', end);
    ctx.leg.once('ended', end);
    ctx.signal.addEventListener('abort', end, { once: true });
    ctx.media.bridge(parentEp, child.endpoint!, { hangupOnStar: verb.hangupOnStar, ...(recordingId ? { record: { recordingId, trim: verb.trim } } : {}) }).catch((e: unknown) => {
      ctx.notify(12400, `the legs could not be bridged: ${e instanceof Error ? e.message : String(e)}`);
      end();
    });
  });
  await ctx.media.unbridge(parentEp).catch(() => undefined);
  off();
  if (!child.ended) await child.sip?.hangup();
  if (recordingId) {
    const row = await ctx.recordings.complete(recordingId, recorded);
    return row ? recorded : undefined;
  }
  return undefined;
}

/**
 * `<Dial>`: rings Number (through a trunk), Sip and Client (a registered endpoint) nouns in
 * parallel as `outbound-dial` child legs; the first answer is bridged to the caller. Reports
 * DialCallStatus, DialCallSid and DialCallDuration to the action, else continues.
 */
export const dial: VerbUnit<DialVerb> = {
  name: 'Dial',
  async exec(ctx, verb) {
    await ctx.answer();
    if (ctx.leg.row.direction === 'outbound-dial') {
      ctx.notify(13201, 'Dial: cannot dial out from a Dial call segment');
      return CONTINUE;
    }
    const nouns = verb.nouns.filter(dialable);
    for (const n of verb.nouns) if (!dialable(n)) ctx.notify(12200, `Dial: <${n.noun}> is not supported on this platform yet`);
    if (nouns.length === 0) return CONTINUE;
    const ringback = ctx.media.play(ctx.endpoint(), [{ kind: 'tone', tone: 'ringback', ms: verb.timeout * 1000 }]).catch(() => undefined);
    const { winner, attempts } = await ring(ctx, verb, nouns, ctx.signal);
    await ctx.media.stopPlay(ctx.endpoint()).catch(() => undefined);
    await ringback;
    const params: Record<string, string> = {};
    if (winner) {
      const recording = await bridged(ctx, verb, winner);
      await winner.leg.flushed();
      params.DialCallStatus = 'completed';
      params.DialCallSid = winner.leg.sid;
      params.DialCallDuration = String(winner.leg.row.duration ?? 0);
      if (recording) {
        params.RecordingSid = recording.recordingId;
        params.RecordingUrl = ctx.recordings.url({ account_sid: ctx.leg.row.account_sid, sid: recording.recordingId });
        params.RecordingDuration = String(Math.round(recording.durationSec));
      }
    } else {
      params.DialCallStatus = unanswered(attempts, ctx.leg.ended || ctx.signal.aborted);
      const last = attempts[attempts.length - 1];
      if (last) params.DialCallSid = last.leg.sid;
    }
    if (ctx.signal.aborted && !ctx.leg.ended) return CONTINUE;
    if (verb.action === undefined) return CONTINUE;
    const target = ctx.target(verb.action, verb.method);
    return target ? { next: 'fetch', target, params } : CONTINUE;
  },
};
