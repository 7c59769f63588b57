import { SwitchboardError } from '../../../core/index.ts';
import type { RecordingRow } from '../../../store/index.ts';
import type { Ctx, Handler, RouteDef } from '../../context.ts';
import { envelope, PAGING_PARAMS, readPaging, toListQuery } from '../../paging.ts';
import { parseParams, str, type Params } from '../../params.ts';
import { accountAndCallRoutes, callScope } from '../../scoped.ts';
import { findRecording } from './lookup.ts';
import { mediaRoutes } from './media.ts';
import { presentCallRecording, presentRecording } from './presenter.ts';
import { ACCOUNT_FILTERS, CALL_FILTERS, dateCreatedRanges, FETCH_PARAMS, LIVE_STATUSES } from './schema.ts';

/** The account view, or the call view when the path goes through a call. */
function presenter(ctx: Ctx): (row: RecordingRow) => Record<string, unknown> {
  const callSid = ctx.params.CallSid;
  return callSid === undefined ? (row) => presentRecording(row, ctx.baseUrl) : (row) => presentCallRecording(row, callSid);
}

function equalities(p: Params): Partial<RecordingRow> {
  const callSid = str(p, 'CallSid');
  const conferenceSid = str(p, 'ConferenceSid');
  return { ...(callSid ? { call_sid: callSid } : {}), ...(conferenceSid ? { conference_sid: conferenceSid } : {}) };
}

const list: Handler = async (ctx) => {
  const scope = await callScope(ctx);
  const p = parseParams(ctx.query, ctx.params.CallSid === undefined ? ACCOUNT_FILTERS : CALL_FILTERS, PAGING_PARAMS);
  const req = readPaging(ctx.query);
  // The path's scope goes last, so a CallSid filter can never widen it.
  const where = { ...equalities(p), ...scope };
  const result = await ctx.deps.store.recordings.list(toListQuery<RecordingRow>(req, { where, ranges: dateCreatedRanges(p) }));
  return { body: envelope(ctx.path, ctx.query, req, result, 'recordings', presenter(ctx)) };
};

const fetch: Handler = async (ctx) => {
  parseParams(ctx.query, ctx.params.CallSid === undefined ? FETCH_PARAMS : []);
  return { body: presenter(ctx)(await findRecording(ctx)) };
};

/** Deletes the record, then its audio (a leftover file is logged, never shown). */
const remove: Handler = async (ctx) => {
  const row = await findRecording(ctx);
  if (LIVE_STATUSES.includes(row.status)) {
    throw new SwitchboardError(21220, `Recording ${row.sid} is ${row.status}; it can be deleted once it has stopped`);
  }
  await ctx.deps.store.recordings.delete({ sid: row.sid });
  if (row.media_key) {
    await ctx.deps.recordings.delete(row.media_key).catch((e: unknown) => {
      ctx.deps.logger.error({ err: e, recordingSid: row.sid, mediaKey: row.media_key }, 'recording deleted, but its audio could not be removed');
    });
  }
  return { status: 204 };
};

/**
 * Recordings (`RE…`): list, fetch and delete on the account and under a call, plus the audio.
 * Starting or updating a call recording (POST) is not served yet and answers 405.
 */
export const recordingRoutes: readonly RouteDef[] = [...accountAndCallRoutes('Recordings', { list, fetch, remove }, true), ...mediaRoutes];
