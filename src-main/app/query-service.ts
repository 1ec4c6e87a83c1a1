// User SQL for the app: read-only check, a page of the result as JSON-safe cells, history, cancel.
import type { QueryPage, QueryRequest } from '../shared/api.ts';
import { cellPart, checkReadOnly, pageUserSql } from '../db/user-sql.ts';
import { addHistory } from '../db/saved-queries.ts';
import type { ServiceContext } from './context.ts';
import { toCellRows } from './cells.ts';
import { AppError } from './result.ts';
import { onOwnConnection } from './own-connection.ts';
import * as v from './validate.ts';

const MAX_PAGE = 10_000;

export function checkQueryRequest(req: unknown): Required<Omit<QueryRequest, 'opId'>> & { opId: string | null } {
  const r = v.record(req, 'request');
  for (const k of Object.keys(r)) if (!['sql', 'offset', 'limit', 'opId'].includes(k)) throw new AppError('BAD_ARGUMENT', `unknown request field "${k}"`);
  return {
    sql: v.sql(r.sql),
    offset: r.offset === undefined ? 0 : v.int(r.offset, 'offset', 0, Number.MAX_SAFE_INTEGER),
    limit: r.limit === undefined ? 200 : v.int(r.limit, 'limit', 1, MAX_PAGE),
    opId: r.opId === undefined ? null : v.opId(r.opId),
  };
}

export async function runUserQuery(ctx: ServiceContext, req: unknown): Promise<QueryPage> {
  const q = checkQueryRequest(req);
  const started = performance.now();
  return onOwnConnection(ctx, q.opId, async (conn) => {
    const checked = await checkReadOnly(conn, q.sql);
    // Only the first page is history: paging through one result is still one question asked. Written on
    // the side connection while the query runs (waiting for it first put its time on every answer).
    const history = q.offset === 0 ? ctx.side((r) => addHistory(r, q.sql)) : Promise.resolve();
    let page: Awaited<ReturnType<typeof pageUserSql>>;
    try {
      page = await pageUserSql(conn, checked, q.offset, q.limit);
    } finally {
      await history;
    }
    return { columns: page.columns, types: page.types, rows: toCellRows(page.rows), total: page.total, offset: q.offset, elapsedMs: Math.round(performance.now() - started) };
  });
}

/** Part of one text cell of a result, for "show whole value" (at most 1 MiB a call). */
export async function cellText(ctx: ServiceContext, sql: unknown, row: unknown, column: unknown, start: unknown, count: unknown): Promise<{ text: string; length: number }> {
  const [s, r, c, st, n] = [v.sql(sql), v.int(row, 'row', 0, Number.MAX_SAFE_INTEGER), v.int(column, 'column', 0, 10_000), v.int(start, 'start', 1, Number.MAX_SAFE_INTEGER), v.int(count, 'count', 1, 1024 * 1024)];
  return onOwnConnection(ctx, null, async (conn) => cellPart(conn, await checkReadOnly(conn, s), r, c, st, n));
}
