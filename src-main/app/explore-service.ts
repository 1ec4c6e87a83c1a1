// Explore's grid for the app: checked filter, a page by keyset or position, and the count apart.
// Not written to SQL History: browsing the events is not a question typed by the user.
import type { Cell } from '../shared/api.ts';
import type { ExplorePage } from '../shared/explore.ts';
import { checkFilter } from '../db/view-filter.ts';
import { exploreCount, explorePage, type ExploreQuery } from '../db/explore-sql.ts';
import type { ServiceContext } from './context.ts';
import { toCellRows } from './cells.ts';
import { AppError } from './result.ts';
import { onOwnConnection } from './own-connection.ts';
import * as v from './validate.ts';

const MAX_PAGE = 10_000;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const bad = (m: string) => new AppError('BAD_ARGUMENT', m);

function fields(r: Record<string, unknown>, allowed: string[]): void {
  for (const k of Object.keys(r)) if (!allowed.includes(k)) throw bad(`unknown request field "${k}"`);
}

/** Conditions already checked on this process (the shape check costs a parse and a bind each time). */
const checked = new Set<string>();

async function checkWhere(conn: Parameters<typeof checkFilter>[0], where: string): Promise<void> {
  if (checked.has(where)) return;
  await checkFilter(conn, { where });
  if (checked.size > 500) checked.clear();
  checked.add(where);
}

function checkQuery(r: Record<string, unknown>): ExploreQuery {
  const where = v.sql(r.where, 'where');
  if (!Array.isArray(r.columns) || r.columns.length === 0 || r.columns.length > 200) throw bad('columns must be a list of 1 to 200 names');
  const columns = r.columns.map((c) => {
    if (typeof c !== 'string' || !NAME.test(c)) throw bad(`not a column name: ${String(c).slice(0, 64)}`);
    return c;
  });
  const orderBy = r.orderBy === undefined || r.orderBy === null ? null : v.str(r.orderBy, 'orderBy', 64);
  // A sort column need not be shown (the user may hide it); the statement's bind refuses unknown ones.
  if (orderBy !== null && !NAME.test(orderBy)) throw bad(`not a column name: ${orderBy}`);
  return { where, columns, orderBy, desc: r.desc === undefined ? false : v.bool(r.desc, 'desc') };
}

function checkKey(x: unknown): Array<string | null> | null {
  if (x === undefined || x === null) return null;
  if (!Array.isArray(x) || x.length > 8 || !x.every((k) => k === null || (typeof k === 'string' && k.length <= 1000))) throw bad('after must be a list of at most 8 texts or nulls');
  return x as Array<string | null>;
}

export async function explorePageFor(ctx: ServiceContext, req: unknown): Promise<ExplorePage> {
  const r = v.record(req, 'request');
  fields(r, ['where', 'columns', 'orderBy', 'desc', 'offset', 'limit', 'after', 'opId']);
  const q = checkQuery(r);
  const offset = r.offset === undefined ? 0 : v.int(r.offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const limit = r.limit === undefined ? 250 : v.int(r.limit, 'limit', 1, MAX_PAGE);
  const after = checkKey(r.after);
  const started = performance.now();
  return onOwnConnection(ctx, r.opId ?? null, async (conn) => {
    await checkWhere(conn, q.where);
    const page = await explorePage(conn, q, offset, limit, after);
    return {
      columns: page.columns, types: page.types, rows: toCellRows(page.rows) as Cell[][], offset,
      lastKey: page.lastKey, end: page.rows.length < limit, elapsedMs: Math.round(performance.now() - started),
    };
  });
}

export async function exploreCountFor(ctx: ServiceContext, req: unknown): Promise<{ total: number; elapsedMs: number }> {
  const r = v.record(req, 'request');
  fields(r, ['where', 'opId']);
  const where = v.sql(r.where, 'where');
  const started = performance.now();
  return onOwnConnection(ctx, r.opId ?? null, async (conn) => {
    await checkWhere(conn, where);
    const total = await exploreCount(conn, where);
    return { total, elapsedMs: Math.round(performance.now() - started) };
  });
}
