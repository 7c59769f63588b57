import type { RecordingRow } from '../../../store/index.ts';
import type { Ctx } from '../../context.ts';
import { findInCallScope } from '../../scoped.ts';

/** The recording `:Sid` names within the path's scope, else 20404 (another account's is not found either). */
export function findRecording(ctx: Ctx): Promise<RecordingRow> {
  return findInCallScope(ctx, 'RE', (where) => ctx.deps.store.recordings.get(where));
}
