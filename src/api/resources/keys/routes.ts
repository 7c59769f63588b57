import { newKeyRow, type KeyRow } from '../../../store/index.ts';
import { requireAccountCredentials } from '../../auth.ts';
import { str } from '../../params.ts';
import { dates, scopedRoutes } from '../../scoped.ts';

const params = [{ name: 'FriendlyName', type: 'string', max: 64 }] as const;

export function presentKey(row: KeyRow): Record<string, unknown> {
  return { sid: row.sid, friendly_name: row.friendly_name, ...dates(row) };
}

/** API keys (SK…). The secret is returned once, by create; the store keeps only its hash. */
export const keyRoutes = scopedRoutes<KeyRow>({
  collection: 'Keys',
  key: 'keys',
  prefix: 'SK',
  table: (store) => store.keys,
  present: presentKey,
  guard: (ctx) => requireAccountCredentials(ctx.principal),
  create: {
    params,
    async build(p, account, ctx) {
      const { row, secret } = newKeyRow({ accountSid: account.sid, friendlyName: str(p, 'FriendlyName') ?? '', now: ctx.deps.clock.now() });
      return { row, extra: { secret } };
    },
  },
  update: {
    params,
    async patch(p) {
      const friendly = str(p, 'FriendlyName');
      return friendly === undefined ? {} : { friendly_name: friendly };
    },
  },
  remove: true,
});
