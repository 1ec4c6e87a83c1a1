// Group by without SQL: counts, distinct peers, first/last seen and action shares per group.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { GroupByRequest, GroupByResult } from '../shared/visual.ts';
import { ENRICHED_COLUMNS_SQL, groupBySql, groupKeySql } from '../db/visual-sql.ts';
import { checkFilter, FilterRefused, readOnly, readRows } from '../db/view-filter.ts';
import { iso, num } from '../app/result.ts';
import { checkViewFilter, field } from './request.ts';

const ORDERS = ['events', 'peers', 'first', 'last', 'blocked', 'key'] as const;

export function checkGroupByRequest(input: unknown): GroupByRequest {
  const r = checkViewFilter(input, ['columns', 'orderBy', 'desc', 'limit']);
  return {
    where: r.where, since: r.since, until: r.until,
    columns: field.list(r.columns, 'columns', 4),
    orderBy: r.orderBy === undefined ? 'events' : field.oneOf(r.orderBy, 'orderBy', ORDERS),
    desc: r.desc === undefined ? true : r.desc === true,
    limit: r.limit === undefined ? 500 : field.int(r.limit, 'limit', 1, 10_000),
  };
}

const cell = (v: unknown): string | number | null => (v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : v instanceof Date ? v.toISOString() : String(v));

export async function groupBy(conn: DuckDBConnection, req: GroupByRequest): Promise<GroupByResult> {
  const started = performance.now();
  await checkFilter(conn, req);
  return readOnly(conn, async () => {
    const names = new Set((await readRows(conn, ENRICHED_COLUMNS_SQL)).map((r) => String(r.column_name)));
    let keys: string[];
    try {
      keys = req.columns.map((c) => groupKeySql(c, names));
    } catch (e) {
      throw new FilterRefused((e as Error).message);
    }
    const sql = groupBySql(req, keys, req.orderBy, req.desc, req.limit);
    const rows = await readRows(conn, sql);
    return {
      columns: req.columns,
      rows: rows.map((r) => {
        const events = num(r.events);
        const share = (x: unknown) => (events ? num(x) / events : 0);
        return {
          keys: req.columns.map((_, i) => cell(r[`k${i}`])), events, peers: num(r.peers), firstSeen: iso(r.first_seen), lastSeen: iso(r.last_seen),
          shares: { ACCEPT: share(r.accept), DROP: share(r.drop_), REJECT: share(r.reject), OTHER: share(r.other) },
        };
      }),
      groups: rows.length ? num(rows[0].groups) : 0,
      maxEvents: rows.length ? num(rows[0].max_events) : 0,
      sql, elapsedMs: Math.round(performance.now() - started),
    };
  });
}
