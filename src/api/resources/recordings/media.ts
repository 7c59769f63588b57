import type { Readable } from 'node:stream';
import { SwitchboardError } from '../../../core/index.ts';
import { isRecorderError } from '../../../media/recorder/index.ts';
import { notFound } from '../../auth.ts';
import type { Handler, RouteDef } from '../../context.ts';
import { findRecording } from './lookup.ts';

const BASE = '/2010-04-01/Accounts/:AccountSid/Recordings/:Sid';

/**
 * The audio, streamed from recording storage as `audio/x-wav`. A recording without stored audio
 * (none yet, absent, or the file is gone) is 20404, as is another account's. The query string is
 * ignored: this is a file download, and players add their own parameters.
 */
const wav: Handler = async (ctx) => {
  const row = await findRecording(ctx);
  if (!row.media_key) throw notFound(ctx.path);
  let audio: Readable;
  try {
    audio = await ctx.deps.recordings.open(row.media_key);
  } catch (e) {
    if (isRecorderError(e) && (e.code === 'ERR_RECORDING_NOT_FOUND' || e.code === 'ERR_RECORDING_ID')) throw notFound(ctx.path);
    throw e;
  }
  return { body: audio, headers: { 'content-type': 'audio/x-wav' } };
};

/** No MP3 encoder ships with Switchboard: 415 with 90002, after the same lookup (so 20404 wins). */
const mp3: Handler = async (ctx) => {
  const row = await findRecording(ctx);
  const err = new SwitchboardError(90002, `Recording ${row.sid} is served as WAV only: fetch ${ctx.path.replace(/\.mp3$/, '.wav')} (MP3 is not available)`);
  return { status: 415, body: { ...err.toJSON(), status: 415 } };
};

/** `…/Recordings/{Sid}.wav`, the bare `…/Recordings/{Sid}` (WAV, as Twilio), and `.mp3`. */
export const mediaRoutes: readonly RouteDef[] = [
  { method: 'GET', path: `${BASE}.wav`, handler: wav },
  { method: 'GET', path: BASE, handler: wav },
  { method: 'GET', path: `${BASE}.mp3`, handler: mp3 },
];
