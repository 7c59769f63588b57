import type { RecordResult } from '../../media/host/index.ts';
import type { RecordVerb } from '../twiml/index.ts';
import { CONTINUE, type VerbUnit } from './types.ts';

/**
 * `<Record>`: records the caller (beep first by default) until silence, maxLength, a finish key or
 * hangup, then posts RecordingUrl/Sid/Duration and Digits to the action (default: this document).
 * A recording with no audio goes on to the next verb, as Twilio does.
 */
export const record: VerbUnit<RecordVerb> = {
  name: 'Record',
  async exec(ctx, verb) {
    await ctx.answer();
    const ep = ctx.endpoint();
    const callbackTarget = verb.recordingStatusCallback ? ctx.target(verb.recordingStatusCallback, verb.recordingStatusCallbackMethod) : undefined;
    const sid = await ctx.recordings.begin(ctx.leg, {
      source: 'RecordVerb', channels: 1, track: 'inbound',
      ...(callbackTarget ? { callback: { ...callbackTarget, events: new Set(verb.recordingStatusCallbackEvent) } } : {}),
    });
    const stop = () => void ctx.media.stopRecord(ep, 'hangup').catch(() => undefined);
    ctx.signal.addEventListener('abort', stop, { once: true });
    let result: RecordResult | undefined;
    try {
      result = await ctx.media.record(ep, {
        recordingId: sid, maxLengthSec: verb.maxLength, timeoutSec: verb.timeout, finishOnKey: verb.finishOnKey,
        trim: verb.trim, playBeep: verb.playBeep, channels: 'mono',
      });
    } catch (e) {
      ctx.notify(12400, `recording failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      ctx.signal.removeEventListener('abort', stop);
    }
    const row = await ctx.recordings.complete(sid, result);
    if (!row || row.status !== 'completed') return CONTINUE;
    const target = ctx.target(verb.action ?? ctx.documentUrl ?? '', verb.method);
    if (!target) return CONTINUE;
    const digits = result?.reason === 'finish-key' ? (result.digits ?? '') : result?.reason === 'hangup' || ctx.leg.ended ? 'hangup' : '';
    return {
      next: 'fetch',
      target,
      params: { RecordingUrl: ctx.recordings.url(row), RecordingSid: row.sid, RecordingDuration: String(row.duration ?? 0), Digits: digits },
    };
  },
};
