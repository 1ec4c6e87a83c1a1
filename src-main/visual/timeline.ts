// The timeline's data: a round bucket size for the filtered span, and events per bucket and action.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Timeline, TimelineRequest } from '../shared/visual.ts';
import { timelineSql, timeSpanSql } from '../db/visual-sql.ts';
import { checkFilter, readOnly, readRows } from '../db/view-filter.ts';
import { iso, num } from '../app/result.ts';
import { checkViewFilter, field } from './request.ts';

const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

/** The smallest round bucket that keeps the span within `buckets` bars. */
export function bucketFor(spanSeconds: number, buckets: number): number {
  const want = spanSeconds / Math.max(1, buckets);
  return STEPS.find((s) => s >= want) ?? Math.ceil(want / 604800) * 604800;
}

/** "5 min", "1 h", "2 days". */
export function bucketLabel(s: number): string {
  if (s % 86400 === 0) return s === 86400 ? '1 day' : `${s / 86400} days`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

export function checkTimelineRequest(input: unknown): TimelineRequest {
  const r = checkViewFilter(input, ['buckets']);
  return { where: r.where, since: r.since, until: r.until, buckets: r.buckets === undefined ? 120 : field.int(r.buckets, 'buckets', 1, 2000) };
}

const ORDER = ['ACCEPT', 'DROP', 'REJECT', 'OTHER'];

export async function timeline(conn: DuckDBConnection, req: TimelineRequest): Promise<Timeline> {
  const started = performance.now();
  await checkFilter(conn, req);
  return readOnly(conn, async () => {
    const [span] = await readRows(conn, timeSpanSql(req));
    const lo = span.lo instanceof Date ? span.lo : null;
    const hi = span.hi instanceof Date ? span.hi : null;
    const seconds = lo && hi ? Math.max(1, (hi.getTime() - lo.getTime()) / 1000) : 1;
    const size = bucketFor(seconds, req.buckets);
    const sql = timelineSql(req, size);
    const rows = lo ? await readRows(conn, sql) : [];
    const byT = new Map<string, Record<string, number>>();
    const seen = new Set<string>();
    for (const r of rows) {
      const t = iso(r.t) ?? '';
      const counts = byT.get(t) ?? {};
      counts[String(r.a)] = num(r.n);
      seen.add(String(r.a));
      byT.set(t, counts);
    }
    return {
      bucketSeconds: size, bucketLabel: bucketLabel(size), from: iso(lo), until: iso(hi),
      actions: ORDER.filter((a) => seen.has(a)), buckets: [...byT].map(([t, counts]) => ({ t, counts })),
      total: num(span.timed), untimed: num(span.untimed), sql, elapsedMs: Math.round(performance.now() - started),
    };
  });
}
