import { SwitchboardError } from '../core/index.ts';
import type { BaseRow, ListQuery, PageResult } from '../store/index.ts';
import type { FormData } from './params.ts';

export interface PageRequest {
  pageSize: number;
  page: number;
  after?: { dateCreated: number; sid: string };
}

export const PAGING_PARAMS = ['PageSize', 'Page', 'PageToken'] as const;

function single(q: FormData, k: string): string | undefined {
  const v = q[k];
  if (Array.isArray(v)) throw new SwitchboardError(90002, `Invalid ${k}: given more than once`);
  return v;
}

/** Reads PageSize (1–1000, default 50), Page and PageToken (`PA` + our opaque keyset cursor). */
export function readPaging(query: FormData): PageRequest {
  const size = single(query, 'PageSize');
  const page = single(query, 'Page');
  const token = single(query, 'PageToken');
  const pageSize = size === undefined ? 50 : Number(size);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000 || !/^\d+$/.test(size ?? '50')) {
    throw new SwitchboardError(90002, 'Invalid PageSize: must be a whole number from 1 to 1000');
  }
  const pageNo = page === undefined ? 0 : Number(page);
  if (!/^\d+$/.test(page ?? '0') || pageNo > 1_000_000) throw new SwitchboardError(90002, 'Invalid Page: must be a whole number from 0');
  if (token === undefined) return { pageSize, page: pageNo };
  const m = /^PA(\d{1,16})_([A-Z]{2}[0-9a-f]{32})$/.exec(token);
  if (!m) throw new SwitchboardError(90002, 'Invalid PageToken: use the next_page_uri from the previous page');
  return { pageSize, page: pageNo, after: { dateCreated: Number(m[1]), sid: m[2] as string } };
}

export function toListQuery<Row extends BaseRow>(req: PageRequest, base: Omit<ListQuery<Row>, 'pageSize' | 'after' | 'offset'>): ListQuery<Row> {
  return { ...base, pageSize: req.pageSize, ...(req.after ? { after: req.after } : { offset: req.page * req.pageSize }) };
}

/**
 * Twilio's 2010 list envelope: `uri`, `first_page_uri`, `next_page_uri` (relative, with our
 * keyset token), `previous_page_uri`, `page`, `page_size`, `start`, `end`, and the records under
 * `key`. Filters the client sent are carried into every page link.
 */
export function envelope<Row extends BaseRow>(
  path: string,
  query: FormData,
  req: PageRequest,
  result: PageResult<Row>,
  key: string,
  present: (row: Row) => unknown,
): Record<string, unknown> {
  const filters = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if ((PAGING_PARAMS as readonly string[]).includes(k)) continue;
    for (const item of Array.isArray(v) ? v : [v]) filters.append(k, item);
  }
  const link = (extra: Record<string, string>) => {
    const q = new URLSearchParams(filters);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return `${path}?${q.toString()}`;
  };
  const self = new URLSearchParams(filters);
  self.set('PageSize', String(req.pageSize));
  self.set('Page', String(req.page));
  const last = result.rows[result.rows.length - 1];
  const start = req.page * req.pageSize;
  return {
    first_page_uri: link({ PageSize: String(req.pageSize), Page: '0' }),
    end: Math.max(start, start + result.rows.length - 1),
    previous_page_uri: req.page > 0 ? link({ PageSize: String(req.pageSize), Page: String(req.page - 1) }) : null,
    [key]: result.rows.map(present),
    uri: `${path}?${self.toString()}`,
    page_size: req.pageSize,
    start,
    next_page_uri:
      result.more && last
        ? link({ PageSize: String(req.pageSize), Page: String(req.page + 1), PageToken: `PA${last.date_created}_${last.sid}` })
        : null,
    page: req.page,
  };
}
