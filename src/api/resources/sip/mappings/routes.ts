import { isSid, newSid, SwitchboardError } from '../../../../core/index.ts';
import { isUniqueViolation, type DomainMappingRow, type SipDomainRow, type Store } from '../../../../store/index.ts';
import { notFound } from '../../../auth.ts';
import type { Ctx, RouteDef } from '../../../context.ts';
import { envelope, PAGING_PARAMS, readPaging, toListQuery } from '../../../paging.ts';
import { parseParams, str, type ParamSpec } from '../../../params.ts';
import { credentialListOf, DOMAIN_INVALID, domainOf, listPath } from '../common.ts';
import { presentAuthMapping, presentLegacyMapping } from './presenter.ts';

interface Variant {
  /** Below `…/SIP/Domains/{DomainSid}/`. */
  segment: string;
  kind: DomainMappingRow['kind'];
  /** Array key of list pages. */
  key: string;
  present(row: DomainMappingRow, listName: string): Record<string, unknown>;
}

const createParams: readonly ParamSpec[] = [{ name: 'CredentialListSid', type: 'sid', prefix: 'CL', required: true }];

async function listName(store: Store, row: DomainMappingRow): Promise<string> {
  return (await store.credentialLists.get({ sid: row.credential_list_sid }))?.friendly_name ?? '';
}

function mappingRoutes(v: Variant): RouteDef[] {
  const base = `/2010-04-01/Accounts/:AccountSid/SIP/Domains/:DomainSid/${v.segment}`;
  const domain = async (ctx: Ctx): Promise<SipDomainRow> => domainOf(ctx.deps.store, await ctx.account(), ctx.params.DomainSid, ctx.path);
  const show = async (ctx: Ctx, row: DomainMappingRow) => v.present(row, await listName(ctx.deps.store, row));
  const one = async (ctx: Ctx): Promise<DomainMappingRow> => {
    const d = await domain(ctx);
    const sid = ctx.params.Sid ?? '';
    const row = isSid(sid, 'CL') ? await ctx.deps.store.domainMappings.get({ domain_sid: d.sid, credential_list_sid: sid, kind: v.kind }) : undefined;
    if (!row) throw notFound(ctx.path);
    return row;
  };
  return [
    {
      method: 'GET',
      path: `${base}.json`,
      handler: async (ctx) => {
        const d = await domain(ctx);
        parseParams(ctx.query, [], PAGING_PARAMS);
        const req = readPaging(ctx.query);
        const result = await ctx.deps.store.domainMappings.list(toListQuery<DomainMappingRow>(req, { where: { domain_sid: d.sid, kind: v.kind } }));
        const shown = new Map(await Promise.all(result.rows.map(async (row) => [row, await show(ctx, row)] as const)));
        return { body: envelope(ctx.path, ctx.query, req, result, v.key, (row) => shown.get(row)) };
      },
    },
    {
      method: 'POST',
      path: `${base}.json`,
      handler: async (ctx) => {
        const d = await domain(ctx);
        const sid = str(parseParams(ctx.body, createParams), 'CredentialListSid') ?? '';
        if (sid === '') throw new SwitchboardError(90002, 'Invalid CredentialListSid: empty');
        const account = await ctx.account();
        const list = await credentialListOf(ctx.deps.store, account, sid, `${listPath(account.sid, sid)}.json`);
        const now = ctx.deps.clock.now();
        const row: DomainMappingRow = {
          sid: newSid('MP'), account_sid: account.sid, domain_sid: d.sid, credential_list_sid: list.sid, kind: v.kind, date_created: now, date_updated: now,
        };
        try {
          await ctx.deps.store.domainMappings.insert(row);
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
          throw new SwitchboardError(DOMAIN_INVALID, `Credential list ${list.sid} is already mapped to domain ${d.sid} for ${v.kind}`);
        }
        return { status: 201, body: v.present(row, list.friendly_name) };
      },
    },
    { method: 'GET', path: `${base}/:Sid.json`, handler: async (ctx) => ({ body: await show(ctx, await one(ctx)) }) },
    {
      method: 'DELETE',
      path: `${base}/:Sid.json`,
      handler: async (ctx) => {
        const row = await one(ctx);
        await ctx.deps.store.domainMappings.delete({ sid: row.sid });
        return { status: 204 };
      },
    },
  ];
}

/**
 * Credential lists mapped to a SIP domain, addressed by the list's SID: for calls (INVITE digest
 * authentication) at `…/Auth/Calls/CredentialListMappings` and at the legacy
 * `…/CredentialListMappings` (the same mappings), for REGISTER at `…/Auth/Registrations/CredentialListMappings`.
 */
export const sipMappingRoutes: RouteDef[] = [
  ...mappingRoutes({ segment: 'CredentialListMappings', kind: 'calls', key: 'credential_list_mappings', present: presentLegacyMapping }),
  ...mappingRoutes({ segment: 'Auth/Calls/CredentialListMappings', kind: 'calls', key: 'contents', present: presentAuthMapping }),
  ...mappingRoutes({ segment: 'Auth/Registrations/CredentialListMappings', kind: 'registrations', key: 'contents', present: presentAuthMapping }),
];
