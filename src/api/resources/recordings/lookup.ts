import { isSid } from '../../../core/index.ts';
import type { RecordingRow, Where } from '../../../store/index.ts';
import { notFound } from '../../auth.ts';
import type { Ctx } from '../../context.ts';

/** The account's recordings, narrowed to the call when the path names one (a malformed CallSid is 20404). */
export async function recordingScope(ctx: Ctx): Promise<Where<RecordingRow>> {
  const account = await ctx.account();
  const callSid = ctx.params.CallSid;
  if (callSid === undefined) return { account_sid: account.sid };
  if (!isSid(callSid, 'CA')) throw notFound(ctx.path);
  return { account_sid: account.sid, call_sid: callSid };
}

/** The recording `:Sid` names within the path's scope, else 20404 (another account's is not found either). */
export async function findRecording(ctx: Ctx): Promise<RecordingRow> {
  const where = await recordingScope(ctx);
  const sid = ctx.params.Sid ?? '';
  const row = isSid(sid, 'RE') ? await ctx.deps.store.recordings.get({ ...where, sid }) : undefined;
  if (!row) throw notFound(ctx.path);
  return row;
}
